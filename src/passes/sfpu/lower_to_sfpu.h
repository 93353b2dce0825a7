// Pass B3 `lower-to-sfpu` (see passes.def, docs/sfpu.md): T.Parallel nests, reductions and fills
// become tile operations (tt.sfpu fused trees, tt.reduce, tile fills).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After B3 every T.Parallel nest that stores a whole on-chip block is `tt.sfpu(in0, .., out,
// tree)`: tile ops (ir/tile_ops.def) over RegionRef leaves (the inputs), broadcasts
// `tile.bcast_col/row`, masks `tile.mask`, float constants and kernel scalars (`tt.runtime_arg`); a
// T.fill of a block is `tt.sfpu(out, constant)` (unless it starts a gemm's accumulation: C2 absorbs
// it); T.reduce_* is `tt.reduce(in, scaler, out)`. A plain `a[i, j] (+|-|*) b[i, j]` is left for C2
// (tt.binary). Unmappable constructs get a located error naming the construct.
ir::Module lower_to_sfpu(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
