// Pass B3 `lower-to-sfpu` (see passes.def): T.Parallel element-wise nests over whole on-chip
// blocks become one fused tile operation, tt.sfpu, whose operand is an expression tree of tile ops.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After B3 every T.Parallel nest that stores a whole on-chip block from whole-block loads,
// constants and the supported math is `tt.sfpu(in0, .., out, tree)`; the tree's nodes are
// calls `tile.<op>` over RegionRef leaves (the inputs) and float constants. A plain
// `a[i, j] (+|-|*) b[i, j]` is left for C2 (tt.binary). Unmappable element-wise nests over
// on-chip blocks get a located error naming the construct.
ir::Module lower_to_sfpu(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
