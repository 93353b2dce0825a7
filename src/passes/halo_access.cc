// Constant offsets of tensor accesses from their block position, and the check of a declared
// halo (see halo_access.h).
#include "passes/halo_access.h"

#include <fmt/format.h>

#include <fmt/ranges.h>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/layout_spec.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The index with every variable (block, loop and pipeline coordinates) at 0: how far the
// access is shifted from the block its coordinates select (`(by + 1) * 32 + i` gives 32);
// 0 when the index is not affine.
int64_t constant_offset(const Expr& e) {
  VarRanges zero;
  post_order_visit(Evaluate::make(e), [&](const Node* n) {
    if (n->kind == NodeKind::kVariable) {
      zero[static_cast<const Variable*>(n)] = {0, 0};
    }
  });
  std::optional<Interval> at_zero = bounds(e, zero);
  return at_zero && at_zero->lo == at_zero->hi ? at_zero->lo : 0;
}

class Scan : public Visitor {
 public:
  using Visitor::visit;
  const BufferNode* tensor = nullptr;
  std::vector<HaloAccess> found;
  Location loc;

  void enter_stmt(const StmtNode* s) override { loc = s->loc; }
  void visit(const BufferLoad* op) override {
    add(op->buffer, op->indices, print(Expr(op)), op->loc.known() ? op->loc : loc);
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    add(op->buffer, op->indices, fmt::format("{}[...] =", op->buffer->name), loc);
    Visitor::visit(op);
  }
  void visit(const Copy* op) override {
    for (const Region* r : {&op->src, &op->dst}) {
      std::vector<Expr> mins;
      for (const auto& range : r->ranges) {
        mins.push_back(range.min);
      }
      add(r->buffer, mins, print(*r), loc);
    }
    Visitor::visit(op);
  }

 private:
  void add(const Buffer& b, const std::vector<Expr>& indices, std::string text, Location at) {
    if (b.get() != tensor) {
      return;
    }
    HaloAccess a{at, std::move(text), {}};
    bool shifted = false;
    for (const Expr& i : indices) {
      a.offset.push_back(constant_offset(i));
      shifted |= a.offset.back() != 0;
    }
    if (shifted) {
      found.push_back(std::move(a));
    }
  }
};

}  // namespace

std::vector<HaloAccess> halo_accesses(const Stmt& body, const Buffer& tensor) {
  Scan s;
  s.tensor = tensor.get();
  if (body.defined()) {
    s.visit(body);
  }
  return s.found;
}

std::string HaloAccess::reach() const {
  std::vector<std::string> axes;
  for (size_t d = 0; d < offset.size(); ++d) {
    if (offset[d] != 0) {
      int64_t w = std::abs(offset[d]);
      axes.push_back(fmt::format("width {} on axis {} (it reads {} element{} {} its block)", w, d,
                                 w, w == 1 ? "" : "s", offset[d] > 0 ? "past" : "before"));
    }
  }
  return fmt::format("needs a halo of {}", fmt::join(axes, " and "));
}

std::optional<std::vector<int64_t>> check_halo(const Buffer& tensor, const AttrValue& halo,
                                               const std::vector<int64_t>& axes,
                                               const std::vector<int64_t>& grid,
                                               const std::vector<int64_t>& shard_elems,
                                               const Location& loc, PassContext& ctx,
                                               const HaloFix& fix) {
  const std::string& name = tensor->name;
  auto given = as_ints(halo);
  if (given && given->size() == 1 && axes.size() > 1) {
    given = std::vector<int64_t>(axes.size(), given->front());
  }
  bool negative = false;
  for (int64_t w : given.value_or(std::vector<int64_t>{})) {
    negative |= w < 0;
  }
  if (!given || given->size() != axes.size() || negative) {
    ctx.error(loc) << fmt::format(
        "the halo of {} must be one width (elements, >= 0) per sharded axis (axes [{}]), got {}",
        name, fmt::join(axes, ", "), halo.str());
    return std::nullopt;
  }
  std::vector<int64_t> widths = *given;
  // Rows or columns are exchanged as whole tiles: round a tiled axis's width up to them.
  std::vector<int64_t> tiled = widths;
  int64_t rank = static_cast<int64_t>(tensor.rank());
  for (size_t i = 0; i < axes.size(); ++i) {
    if (axes[i] >= rank - 2) {
      tiled[i] = (widths[i] + kTile - 1) / kTile * kTile;
    }
  }
  // The largest grid (at most the given one) whose whole-tile shards are at least the halo.
  std::vector<int64_t> fit_grid = grid;
  bool fits = true;
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t dim = as_const_int(tensor->shape[axes[i]]).value_or(0);
    bool is_tiled = axes[i] >= rank - 2;
    int64_t g = grid[i];
    while (g > 1 && (dim % g != 0 || (is_tiled && (dim / g) % kTile != 0) || dim / g < tiled[i])) {
      --g;
    }
    fit_grid[i] = g;
    fits &= dim / g >= tiled[i];
  }
  for (size_t i = 0; i < axes.size(); ++i) {
    if (tiled[i] != widths[i]) {
      auto err = ctx.error(loc);
      err << fmt::format(
          "the halo of {} on axis {} is {} element{}, not a multiple of 32: tiles are moved "
          "whole, so the exchange serves halos of whole tile rows or columns",
          name, axes[i], widths[i], widths[i] == 1 ? "" : "s");
      if (fits) {
        err.note(loc, fix(tiled, fit_grid));
      }
      return std::nullopt;
    }
    if (widths[i] > shard_elems[i]) {
      auto err = ctx.error(loc);
      err << fmt::format(
          "the halo of {} on axis {} ({} elements) is wider than its shards ({} elements): a "
          "core's halo is exchanged with its adjacent shards only",
          name, axes[i], widths[i], shard_elems[i]);
      if (fits) {
        err.note(loc, fix(widths, fit_grid));
      }
      return std::nullopt;
    }
  }
  return widths;
}

}  // namespace tltt::passes
