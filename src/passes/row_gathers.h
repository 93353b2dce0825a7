// Indirect row gathers (sparse attention's `KV_blk[i, j] = KV[b, off + Idx[b, s, base + i], c0 +
// j]`): C2 lowers such a T.Parallel nest to tt.gather_rows, D3 expands it into the reader's loop
// that reads each index as a scalar and the picked row's face rows into the block's tiles.
#pragma once

#include <map>
#include <optional>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// C2: the nest `outer` as tt.gather_rows when it is a 2-D nest (i, j) storing
// `B[i, j] = T[.., off + Idx[.., base + i, ..], c0 + j]` into a whole on-chip block B: T a
// tensor of B's dtype whose picked row is its second-to-last index and whose other indices are
// free of i and j, Idx a 4-byte integer tensor read at a run along one index (`base + i`, the
// others free of i and j). nullopt for other nests; a located error (and an empty statement)
// for a gather of that form the reader cannot serve (a block not of whole 32x32 tiles, a
// dtype other than 2 or 4 bytes, more than one index of an outer dimension of T).
std::optional<ir::Stmt> lower_row_gather(const ir::For* outer, PassContext& ctx);

// D3: tt.gather_rows `c` (its accessor bound; `accessors` maps the index tensor to its own) as
// cb_reserve_back, a serial loop over the block's rows reading each index into the row's own
// place in the reserved pages (read_element_word) and the row into it (shift_gather of one
// row: zeros for an index outside the tensor's rows, the -1 of padded top-k lists), the read
// barrier and cb_push_back.
ir::Stmt expand_row_gather(const ir::Call* c,
                           const std::map<const ir::BufferNode*, ir::Var>& accessors,
                           PassContext& ctx, Location loc);

}  // namespace tltt::passes
