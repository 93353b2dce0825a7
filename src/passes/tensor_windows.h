// A1: T.Parallel nests that read or write tensors element by element inside expressions, under
// conditions, or from a computed value (`C[by * 32 + i, bx * 32 + j] = acc[i, j] * 2 + B[..]`)
// as T.copy of tensor windows into and out of on-chip blocks, so the copy lowering serves them.
#pragma once

#include "ir/ir.h"

namespace tltt::passes {

// In a T.Parallel nest of two or more loops (constant extents from 0), a tensor access whose
// indices are `base + v` for each loop variable v, in the nest's order along increasing tensor
// dimensions, the other indices and every base free of the nest's variables, is a window of the
// tensor as large as the nest:
//  - each such load inside an expression or under a condition reads a block copied from the
//    window before the nest (`A_win`, one per window);
//  - each such store of a value other than a bare on-chip block of the tensor's dtype computes
//    the value into a block of the tensor's dtype (`C_win`) in the nest, then copies the block
//    to the window (T.copy), or, under a row guard `if cond: C[..] = ..`, stores it with a
//    nest of that guard over the bare block (C1's guarded row store).
// Nests the later lowerings already take (whole-block copies either way, nests over tensors
// only) are left as they are, and so is a nest with a tensor store whose indices are not such a
// window (a transposed write, a gather): C2 names it.
ir::PrimFunc stage_tensor_windows(const ir::PrimFunc& f);

}  // namespace tltt::passes
