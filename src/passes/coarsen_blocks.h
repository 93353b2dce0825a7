// Grouping of T.Kernel blocks smaller than a tile: a kernel whose blocks are one row (or one
// column) of its tensors runs 32 consecutive blocks as one tile-high (tile-wide) block.
#pragma once
#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// When every 2-D on-chip buffer of `f`'s T.Kernel is one row ([1, N]) — or every one is one
// column ([N, 1]) —, every 1-D one has length 1 or is shared by the rows (only filled by copies
// that do not depend on the grid, like a LayerNorm's gamma), and one grid dimension `b` selects
// that row of the tensors (regions `X[b, ...]`, elements `X[b + i, j]`, `Mean[b + i]`),
// rewrites the kernel so that one block covers 32 consecutive values of `b`: the grid extent E
// becomes ceildiv(E, 32), `b` becomes `b * 32`, the unit axis of the buffers, of the unit
// T.Parallel loops and of the tensor regions grows to 32. When E is not a multiple of 32 the
// last group is partial, which needs every tensor `b` indexes to have exactly E rows (its reach
// past them is device padding). Remark `infer-layout.coarsen`; a kernel that fits the form but
// cannot be grouped (a partial group over tensors with more rows than E, `b` used outside a row
// index) gets a located error.
ir::PrimFunc coarsen_blocks(const ir::PrimFunc& f, PassContext& ctx);

}  // namespace tltt::passes
