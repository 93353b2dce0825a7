// Halos of sharded tensors: how far each access reaches past the block its kernel instance
// works on, and A1's check of a declared halo against the shards that exchange it.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// One access of a tensor whose index is its block position plus a constant offset on some axis.
struct HaloAccess {
  Location loc;
  std::string text;             // the access as printed IR, e.g. `A[(by + 1) * 32 + i, j]`
  std::vector<int64_t> offset;  // per axis: elements past the block (negative: before it)
  // "needs a halo of width 32 on axis 0 (it reads 32 elements past its block)"
  std::string reach() const;
};

// Every load, store or copy region of `tensor` in `body` whose index, with every variable at 0,
// is not 0 on some axis (`(by + 1) * 32 + i` reaches 32 elements past the block `by` selects).
std::vector<HaloAccess> halo_accesses(const ir::Stmt& body, const ir::Buffer& tensor);

// The annotation to suggest for a halo of `widths` on a shard grid `grid` (one entry per
// sharded axis), spelled as the user wrote the layout.
using HaloFix = std::function<std::string(std::vector<int64_t> widths, std::vector<int64_t> grid)>;

// Checks the declared `halo` of a tensor sharded along `axes` on `grid` in shards of
// `shard_elems` (one int for every sharded axis, or one per axis) and returns the width per
// sharded axis. What the exchange cannot serve is an error at `loc` with a `note: try ...`
// built by `fix`: a width that is not whole tiles on a tiled axis (tiles are moved whole), or
// one wider than a shard (a core's halo comes from its adjacent shards only).
std::optional<std::vector<int64_t>> check_halo(const ir::Buffer& tensor, const ir::AttrValue& halo,
                                               const std::vector<int64_t>& axes,
                                               const std::vector<int64_t>& grid,
                                               const std::vector<int64_t>& shard_elems,
                                               const Location& loc, PassContext& ctx,
                                               const HaloFix& fix);

}  // namespace tltt::passes
