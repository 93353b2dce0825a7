// The grid of a block with atomic adds (atomic_add_grid.h): sub-splitting a grid dimension whose
// quotient indexes a destination, choosing the split dimensions and checking that the blocks
// left add to disjoint regions.
#include "passes/atomic_add_grid.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// `v // c` or `v % c` of a grid variable and a constant c > 1.
const Binary* div_of(const Expr& e, BinaryOp op, const Variable* v = nullptr) {
  const Binary* b = e.as<Binary>();
  auto c = b ? const_value(b->b) : std::nullopt;
  if (!b || b->op != op || !b->a.as<Variable>() || !c || *c <= 1 || (v && b->a.get() != v)) {
    return nullptr;
  }
  return b;
}

// The divisors c of the quotients `v // c` in an expression, and whether v occurs elsewhere.
class QuotientUses : public Visitor {
 public:
  using Visitor::visit;
  explicit QuotientUses(const Variable* v) : v_(v) {}
  std::set<int64_t> divisors;
  bool other_use = false;
  void visit(const Binary* op) override {
    if (const Binary* q = div_of(Expr(op), BinaryOp::kFloorDiv, v_)) {
      divisors.insert(*const_value(q->b));
    } else {
      Visitor::visit(op);
    }
  }
  void visit(const Variable* op) override { other_use |= op == v_; }

 private:
  const Variable* v_;
};

// v -> v_o * c + v_i, with `v // c` -> v_o and `v % c` -> v_i.
class SubSplit : public Mutator {
 public:
  using Mutator::visit;
  SubSplit(const Variable* v, int64_t c, Expr outer, Expr inner)
      : v_(v), c_(c), outer_(std::move(outer)), inner_(std::move(inner)) {}
  Expr visit(const Binary* op) override {
    if ((op->op == BinaryOp::kFloorDiv || op->op == BinaryOp::kFloorMod) && op->a.get() == v_ &&
        const_value(op->b) == c_) {
      return op->op == BinaryOp::kFloorDiv ? outer_ : inner_;
    }
    return Mutator::visit(op);
  }
  Expr visit(const Variable* op) override {
    return op == v_ ? add(mul(outer_, cint(c_, op->loc)), inner_) : Expr(op);
  }

 private:
  const Variable* v_;
  int64_t c_;
  Expr outer_, inner_;
};

// Whether blocks that differ in the kept grid variable `v` add to disjoint regions of `t`'s
// destination (the other kept variables fixed, the split ones over their whole ranges).
bool disjoint_along(const TileAdd& t, const Variable* v, const AddGrid& grid,
                    const std::set<const Variable*>& split,
                    const std::set<const Variable*>& from_data, const VarRanges& ranges) {
  std::vector<const Range*> axes;
  for (const Range& r : t.dst.ranges) {
    if (uses_var(r.min, v)) {
      axes.push_back(&r);
    }
  }
  // `v // c` and `v % c` on two single-element axes (a flattened `batch * heads` dimension):
  // a different v differs in one of them.
  if (axes.size() == 2) {
    for (int k = 0; k < 2; ++k) {
      const Binary* q = div_of(axes[k]->min, BinaryOp::kFloorDiv, v);
      const Binary* m = div_of(axes[1 - k]->min, BinaryOp::kFloorMod, v);
      if (q && m && const_value(q->b) == const_value(m->b) && const_value(axes[k]->extent) == 1 &&
          const_value(axes[1 - k]->extent) == 1) {
        return true;
      }
    }
  }
  if (axes.size() != 1) {
    return false;
  }
  auto a = affine_in(axes[0]->min, v);
  auto ext = const_value(axes[0]->extent);
  if (!a || !ext) {
    return false;
  }
  bool moved_by_split = false;
  for (const Variable* u : vars_in(a->rest)) {
    bool grid_var =
        std::any_of(grid.vars.begin(), grid.vars.end(), [&](const Var& g) { return g.get() == u; });
    bool loop_var = std::any_of(t.loops.begin(), t.loops.end(),
                                [&](const For* l) { return l->var.get() == u; });
    if (split.count(u)) {
      moved_by_split = true;
    } else if (grid_var || loop_var || from_data.count(u)) {
      // Another index of the block, or a value read from a tensor (which may be a function of
      // any grid index, `cu[bz]`), moves the region by an amount not known here.
      return false;
    }
  }
  int64_t span = 0;
  if (moved_by_split) {
    auto b = bounds(a->rest, ranges);
    if (!b) {
      return false;
    }
    span = b->hi - b->lo;
  }
  return std::abs(a->coef) >= *ext + span;
}

}  // namespace

Stmt sub_split_grid(const Stmt& body, const std::vector<TileAdd>& adds, AddGrid& grid,
                    PassContext& ctx) {
  Stmt out = body;
  for (size_t d = 0; d < grid.vars.size(); ++d) {
    const Variable* v = grid.vars[d].get();
    auto ext = const_value(grid.extents[d]);
    if (grid.inner_part[d] || !ext) {
      continue;
    }
    // An add whose destination uses v only inside quotients `v // c` of one c.
    const TileAdd* at = nullptr;
    int64_t c = 0;
    for (const TileAdd& t : adds) {
      std::set<int64_t> quotients;
      bool other_use = false;
      for (const Range& r : t.dst.ranges) {
        QuotientUses q(v);
        q.visit(r.min);
        quotients.insert(q.divisors.begin(), q.divisors.end());
        other_use |= q.other_use;
      }
      if (quotients.size() == 1 && !other_use && *ext % *quotients.begin() == 0) {
        at = &t;
        c = *quotients.begin();
        break;
      }
    }
    if (!at) {
      continue;
    }
    Location loc = grid.vars[d]->loc;
    Var outer = Variable::make(v->name + "_o", v->dtype, loc);
    Var inner = Variable::make(v->name + "_i", v->dtype, loc);
    ctx.remark(at->op->loc, "atomic-add") << fmt::format(
        "T.atomic_add into '{0}' at '{1} // {2}': the blocks of grid dimension '{1}' < {3} come "
        "in groups of {2} that add to one region of '{0}'; '{1}' = '{4}' * {2} + '{5}', where "
        "'{4}' < {6} stays a grid dimension and '{5}' < {2} is split",
        at->dst.buffer->name, v->name, c, *ext, outer->name, inner->name, *ext / c);
    SubSplit sub(v, c, outer, inner);
    out = sub.mutate(out);
    grid.vars[d] = outer;
    grid.extents[d] = cint(*ext / c, loc);
    grid.vars.insert(grid.vars.begin() + d, inner);
    grid.extents.insert(grid.extents.begin() + d, cint(c, loc));
    grid.inner_part.insert(grid.inner_part.begin() + d, true);
    ++d;
  }
  return out;
}

GridSplit split_grid(const std::vector<TileAdd>& adds, const AddGrid& grid,
                     const std::set<const Variable*>& from_data, PassContext& ctx) {
  GridSplit g;
  std::vector<bool> split(grid.vars.size(), false);
  for (size_t d = 0; d < grid.vars.size(); ++d) {
    const Variable* v = grid.vars[d].get();
    bool all = std::all_of(adds.begin(), adds.end(), [&](const TileAdd& t) {
      return std::any_of(t.dst.ranges.begin(), t.dst.ranges.end(),
                         [&](const Range& r) { return uses_var(r.min, v); });
    });
    split[d] = !all || grid.inner_part[d];
  }
  // Splitting one index widens the span of the split indices beside the others: repeat until
  // every kept index moves the regions apart.
  for (bool changed = true; changed;) {
    changed = false;
    VarRanges ranges;
    std::set<const Variable*> split_vars;
    for (size_t d = 0; d < grid.vars.size(); ++d) {
      if (split[d]) {
        split_vars.insert(grid.vars[d].get());
        if (auto ext = const_value(grid.extents[d])) {
          ranges[grid.vars[d].get()] = Interval{0, *ext - 1};
        }
      }
    }
    for (size_t d = 0; d < grid.vars.size() && !changed; ++d) {
      const Variable* v = grid.vars[d].get();
      for (const TileAdd& t : adds) {
        if (split[d] || disjoint_along(t, v, grid, split_vars, from_data, ranges)) {
          continue;
        }
        bool data = std::any_of(t.dst.ranges.begin(), t.dst.ranges.end(), [&](const Range& r) {
          return uses_var(r.min, v) &&
                 std::any_of(from_data.begin(), from_data.end(),
                             [&](const Variable* u) { return uses_var(r.min, u); });
        });
        ctx.remark(t.op->loc, "atomic-add") << fmt::format(
            "T.atomic_add into '{}': blocks with different values of '{}' may add to "
            "overlapping regions ({}), so they run in order on one core as well: '{}' is split",
            t.dst.buffer->name, v->name,
            data ? "the index that '" + v->name +
                       "' moves also moves with a value read from a tensor, known at run time"
                 : "'" + v->name +
                       "' does not move the region by at least its extent along an axis of "
                       "its own, nor index it by a quotient and a remainder `v // c`, `v % c`",
            v->name);
        split[d] = true;
        changed = true;
        break;
      }
    }
  }
  for (size_t d = 0; d < grid.vars.size(); ++d) {
    (split[d] ? g.split : g.kept).push_back(d);
    if (split[d]) {
      g.split_vars.insert(grid.vars[d].get());
    }
  }
  return g;
}

}  // namespace tltt::passes
