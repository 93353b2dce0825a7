// Pass B4c `exp-scale` (see passes.def, docs/sfpu.md): a constant factor of the fast
// exponential's argument folded into the exponential's own MAD.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// In every tt.sfpu tree, tile.exp_fast(x * k) (or (k * x)) with k a positive finite constant
// becomes tile.exp_fast(x) with the attribute scale = k (tile_ops.def): D5 emits
// exp_tile_init<true, true, bits(k)>(), the SDK's fast exponential whose init folds the factor
// into its MAD constants, so the product costs no SFPU pass of its own (attention's
// exp2((s - m) * scale) after B4/B4a: one mul_unary_tile fewer per score tile). One remark per
// rewritten tree.
ir::Module exp_scale(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
