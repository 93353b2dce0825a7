// Reshaping views of on-chip blocks (`T.reshape(s, (a, b, n))` of a fragment or shared block
// `s` of shape [a*b, n]): A1 folds them into the block when both shapes lay out the same tiles.
#pragma once

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// `f` with every view of a 2-D on-chip block [R, N] of shape [d0, .., dk, N] (same dtype and
// element count, dk a multiple of 32) removed: tile (t, c) of the block is then tile (t, c) of
// the rows of the view taken in order, so every access of the view is an access of the block at
// row `((i0 * d1 + i1) * .. ) * dk + ik`. A T.Parallel nest over the view's whole shape that
// reads or writes it at its own loop variables becomes a 2-D nest over the block (its leading
// loops merged into one row loop; other uses of them as `r // stride % d`); regions become
// row ranges of the block when their leading extents are 1. Other on-chip views (another last
// dimension, rows that are not whole tiles, a dtype change, regions across leading indices, a
// reduction of the view) get a located error.
ir::PrimFunc fold_onchip_views(const ir::PrimFunc& f, PassContext& ctx);

}  // namespace tltt::passes
