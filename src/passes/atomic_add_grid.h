// The T.Kernel grid of a block with atomic adds (serialize_atomic_adds, atomic_add.h): which grid
// dimensions add to the same region of a destination (and so run in order on one core), and
// the check that the blocks left add to disjoint regions.
#pragma once
#include <set>
#include <vector>

#include "ir/ir.h"
#include "passes/atomic_add_forms.h"
#include "passes/pass.h"

namespace tltt::passes {

// The grid dimensions, innermost (fastest in the reference's block order) first.
struct AddGrid {
  std::vector<ir::Var> vars;
  std::vector<ir::Expr> extents;
  std::vector<bool> inner_part;  // the inner part of a sub-split dimension: always split
};

// When a destination index uses a grid dimension only through its quotient `v // c` (GQA's
// `dV[b, bx // groups, ..]`: the `groups` heads of one KV head add to one region), `v` becomes
// `v_o * c + v_i`: `v_o` (extent / c) stays a grid dimension, `v_i` (< c) is split, and the
// body is rewritten (`v // c` -> v_o, `v % c` -> v_i). Returns the rewritten body (`body`
// itself when nothing is sub-split) and updates `grid`; remark `infer-layout.atomic-add`.
ir::Stmt sub_split_grid(const ir::Stmt& body, const std::vector<TileAdd>& adds, AddGrid& grid,
                        PassContext& ctx);

// The indices of `grid` that some destination does not depend on (their blocks add to the same
// region) or that are inner parts: `split`; the others `kept`, each of which must move every
// destination region by at least its extent (plus the span of the split indices beside it)
// along an axis of its own, or as a `v // c`, `v % c` pair on two single-element axes, so
// that the blocks left add to disjoint regions. A kept index that cannot be shown to (an axis
// it shares with another grid index or with a value read from a tensor, one of `from_data`,
// such as a varlen sequence's offset) is split too, with a remark: its blocks may add to
// overlapping regions, so they run in order on one core. Both lists are in grid order.
struct GridSplit {
  std::vector<size_t> split, kept;
  std::set<const ir::Variable*> split_vars;
};
GridSplit split_grid(const std::vector<TileAdd>& adds, const AddGrid& grid,
                     const std::set<const ir::Variable*>& from_data, PassContext& ctx);

}  // namespace tltt::passes
