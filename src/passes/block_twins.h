// Transposed reads of on-chip blocks in 2-D T.Parallel nests (`xt[i, j] = x[j, i] * s[j]`): A1
// gives such loads a transposed twin of the block, copied before the nest tile by tile
// (transpose_wh_tile in compute), so the nest reads the twin as a whole block `x_t[i, j]`.
#pragma once

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// `f` with every load `x[j, i]` in a T.Parallel nest whose two innermost loops are `i` (rows)
// and `j` (columns), `x` a 2-D on-chip buffer of shape [extent(j), extent(i)], reading
// `x_t[i, j]` instead: `x_t` is allocated around the nest's outermost loop and filled by
// `T.copy(x, x_t)` with the Copy attribute kTransposeCopyAttr (remark
// `infer-layout.block-twin`).
ir::PrimFunc transposed_block_loads(const ir::PrimFunc& f, PassContext& ctx);

// `f` with every 2-D T.Parallel nest of tensor stores that index a tensor transposed (or of one
// store into a 2-D on-chip block indexed transposed, `xt[j, i] = x[i, j]`)
// (`T[.., base + j, .., i] = f(x[i, j])`) split into one nest per store (their values read only
// on-chip buffers), the loops of each transposed one swapped: it then stores in order and reads
// `x[j, i]`, staged like any computed store (stage_tensor_windows) and read through a transposed
// twin (transposed_block_loads).
ir::PrimFunc swap_transposed_stores(const ir::PrimFunc& f);

// Copy attribute: the destination is the source transposed (a [R, C] block into a [C, R] one).
inline constexpr const char* kTransposeCopyAttr = "transpose";

// Whether `dst`'s tile grid is `src`'s transposed (2-D blocks of whole tiles, [R, C] and [C, R]):
// the shapes a transposing copy needs.
bool transposed_grids(const ir::Buffer& src, const ir::Buffer& dst);

}  // namespace tltt::passes
