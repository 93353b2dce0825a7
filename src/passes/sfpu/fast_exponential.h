// Pass B4a `fast-exponential` (see passes.def, docs/sfpu.md): the exponentials of fused
// element-wise trees use the SFPU's fast approximation.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// In the functions whose kernel enables fast math (the attribute "tl.enable_fast_math" the front
// end sets from pass_configs, or the driver from --fast-math), in every tt.sfpu tree, tile.exp(x)
// becomes tile.exp_fast(x) and tile.exp2(x) becomes tile.exp_fast(x * ln(2)), the product folded
// into a constant factor of x (x = y * k gives y * (k ln(2))). D5 emits tile.exp_fast as
// exp_tile<true> (the SDK's SFPLOADMACRO exponential: 3 SFPU instructions a 32-lane vector against
// 55 for the precise one, within about 3.5% of exp; sfpu_functions.def). Without the pass (-O0,
// --disable-pass) the exponentials stay precise. One remark per rewritten tree. The fast
// exponential's results are bfloat16 values, so B3's exact three-part float32 sum of a block a tree
// rooted at it has just filled (hi = in, rem = in - hi, mid = rem, lo = rem - mid, three
// reductions) becomes one reduction of the block: the same fp32 sum without four element-wise steps
// and two reductions (a remark).
ir::Module fast_exponential(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
