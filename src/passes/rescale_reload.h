// Pass D4c `rescale-reload` (see passes.def): the rescale of a GEMM accumulator by a per-row
// vector (attention's `o *= alpha`) folded into the GEMM's reload of its partial sums.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// Marks a `c = c * bcast_col(v)` tt.sfpu step that a tt.matmul accumulating into c (its
// partials reloaded from c's CB at every execution) follows, with only pops and matmul inits
// between: the product at the tree's root gets the tile attribute rescale_reload (tile_ops.def),
// the pop of c's old value goes and v's pops move after the matmul. D5 emits no code for a marked
// step and reloads the next gemm into c with the FPU's mul_tiles_bcast_cols(c, v) instead of
// copy_tile. Only in kernels that enable fast math: the FPU multiplier keeps a bfloat16 mantissa,
// so the float32 accumulator is rounded at every rescale.
ir::Module rescale_reload(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
