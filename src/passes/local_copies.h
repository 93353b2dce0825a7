// Copies of parts of a block only the reader fills and reads (A4's row blocks kept whole in
// L1): C2 lowers them to tt.read_local_tiles, which D3 expands into reads of the core's own L1,
// and the tensor loads into parts of such a block to tt.read_tiles into a region of its CB.
#pragma once
#include <optional>
#include <set>

#include "ir/ir.h"

namespace tltt::passes {

// CBs only the reader touches: loaded from tensors and otherwise only the source of copies of
// parts of them into other whole blocks.
std::set<const ir::BufferNode*> reader_held(const ir::Stmt& body);

// The first tile column of `r`, a region of a block of `held` whole on every axis but the last,
// where it is a tile-aligned range of whole tiles; nullopt otherwise.
std::optional<ir::Expr> held_part(const std::set<const ir::BufferNode*>& held, const ir::Region& r);

// The first tile column of `src`, a block of `held`, whose columns `dst` receives whole: every
// other axis of `src` copied whole, its last one a tile-aligned range of dst's width; nullopt
// when the copy is not of that form.
std::optional<ir::Expr> held_columns(const std::set<const ir::BufferNode*>& held,
                                     const ir::Region& src, const ir::Region& dst);

// For a tensor load of region `t` into region `b` of a block of `held`: b's first tile column
// when b is a held_part and t spans its last two extents from tile-aligned origins.
std::optional<ir::Expr> held_load(const std::set<const ir::BufferNode*>& held, const ir::Region& t,
                                  const ir::Region& b);

}  // namespace tltt::passes
