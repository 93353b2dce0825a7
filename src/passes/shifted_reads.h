// Tensor windows that start off a tile boundary (stencils: T.copy(A[by * 32 - 1, bx * 32], up)):
// C2 lowers such a load to a tt.read_tiles marked `shifted`, D3 expands it into the reader's
// gather of the window's face rows from the tiles it straddles, shifted into place in L1.
#pragma once

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// B3 (first): `for i, j in T.Parallel: T[...] = f(A[base_i + i + di, base_j + j + dj], ...)`
// over tensors where some load's window is off the tile grid (an element-level stencil) is
// staged through on-chip blocks as C1 stages direct element-wise nests (shared_to_cb_prepare.h):
// B3 then lowers the expression over the blocks and C2 the shifted T.copy loads.
ir::PrimFunc stage_shifted_nests(const ir::PrimFunc& f);

// C2: whether the load of tensor region `src` into the whole block `dst` has a row or column
// origin that is not provably a multiple of 32 (a shifted window).
bool is_shifted_load(const ir::Region& src);

// C2: the shifted load `src` -> `dst` (a whole on-chip block CB) as tt.read_tiles with
// shifted=true; a located error (and an empty statement) for what the gather cannot serve:
// more than one index of an outer dimension (tensors of rank 3/4: one slice, its outer indices
// a page offset), a block that is not whole 32x32 tiles or not of the tensor's 2- or 4-byte
// float or integer dtype.
ir::Stmt lower_shifted_load(const ir::Region& src, const ir::Buffer& dst, PassContext& ctx,
                            Location loc);

// C2: whether the last two origins of tensor region `r` (moved by whole tiles: a store, or a
// load into part of a block) are provably multiples of 32; a located error naming the origin
// otherwise.
bool check_tile_origin(const ir::Region& r, PassContext& ctx, Location loc);

// D3: the shifted tt.read_tiles `c` (its accessor bound) as cb_reserve_back, shift_gather into
// the reserved pages (from the tiles of the window's outer indices), the read barrier and
// cb_push_back.
ir::Stmt expand_shifted_load(const ir::Call* c, PassContext& ctx, Location loc);

}  // namespace tltt::passes
