// Reshaping views of on-chip blocks (`T.reshape(s, (a, b, n))` of a fragment or shared block
// `s` of shape [a*b, n]): A1 folds them into the block when they keep its last dimension.
#pragma once

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// `f` with every view of a 2-D on-chip block [R, N] of shape [d0, .., dk, N] (same dtype and
// element count) removed: row-major, element (i0, .., ik, n) of the view is element
// (((i0 * d1 + i1) * ..) * dk + ik, n) of the block, so every access of the view becomes an
// access of the block (the view is never stored on its own). A T.Parallel nest over the view's
// whole shape that reads or writes it at its own loop variables becomes a 2-D nest over the
// block (its leading loops merged into one row loop; other uses of them as `r // stride % d`, 0
// for a unit dimension); regions become row ranges of the block when their leading extents are
// 1 (whole tiles when dk is a multiple of 32; later passes check the alignment). A reduction of
// the whole view along its last axis into a vector of d0 * .. * dk elements ([rows] or
// [rows, 1]) reduces the block along dim 1. Other on-chip views (another last dimension, a dtype
// change, regions across leading indices, other reductions of a view of rank 3 or more) get a
// located error.
ir::PrimFunc fold_onchip_views(const ir::PrimFunc& f, PassContext& ctx);

// `f` with every 2-D on-chip block of shape [n, 1] or [1, n] (n > 1) made a 1-D block of n
// elements (`o[i, 0]` becomes `o[i]`, regions lose the unit axis), so the vector layout lays it
// out as a per-row or per-column vector: the result of a reduction along the last axis kept as
// [rows, 1], a row of weights [1, n]. Only in kernels with a 2-D block of both sides > 1 (one-row
// kernels are coarsen_blocks' to group) and for blocks accessed at index 0 of the unit axis;
// blocks a GEMM, a reduction source, an atomic update or a view uses keep their shape
// (unit_dim_blocks.cc).
ir::PrimFunc squeeze_unit_blocks(const ir::PrimFunc& f);

}  // namespace tltt::passes
