// B3 (first): one row (or column) of an on-chip block picked at an index known only at run time
// (`v[j] = b[k, j]` in a 1-D T.Parallel nest, `T.copy(b[k, :], v)`; a split's row of
// statistics picked in a serial loop over the splits) becomes a vector tile computed from the
// whole block: every other row masked to -inf by a position mask (`i == k`), then a max over
// the rows (reduce dim 0) leaves row k in the vector's row. Max is exact and -inf is its
// identity, so the value is bit-exact (a row holding +inf or NaN outside row k spoils it).
#include "passes/sfpu/row_picks.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu/lowerer.h"
#include "passes/vector_layout.h"

namespace tltt::passes::sfpu {

using namespace ir;

namespace {

// A 2-D on-chip float block that is not itself a vector: the blocks whose rows are picked.
bool pickable(const Buffer& b) {
  return on_chip(b) && b.rank() == 2 && vector_kind(b).empty() && b->dtype.is_float() &&
         !b->attrs.has(kScalarElementAttr) && as_const_int(b->shape[0]) &&
         as_const_int(b->shape[1]);
}

class RowPicks : public Mutator {
 public:
  using Mutator::visit;
  std::set<std::string> names;

  // `T.copy(b[k +: 1, 0 +: W], v)` into a whole row vector of width W (and the column form).
  Stmt visit(const Copy* op) override {
    const Buffer& b = op->src.buffer;
    const Buffer& v = op->dst.buffer;
    if (b->scope == MemScope::kGlobal) {
      return tensor_row(op);
    }
    if (!pickable(b) || !on_chip(v) || op->src.ranges.size() != 2 ||
        !structural_equal_region(op->dst)) {
      return op;
    }
    std::string kind = vector_kind(v);
    int axis = kind == "row" ? 0 : kind == "col" ? 1 : -1;  // the axis the index k runs on
    if (axis < 0) {
      return op;
    }
    const Range& pick = op->src.ranges[axis];
    const Range& run = op->src.ranges[1 - axis];
    if (as_const_int(pick.extent) != std::optional<int64_t>(1) ||
        as_const_int(run.min) != std::optional<int64_t>(0) ||
        as_const_int(run.extent) != as_const_int(b->shape[1 - axis]) ||
        pick.min.dtype() != DataType::int32() ||
        as_const_int(v->shape[1 - axis]) != as_const_int(b->shape[1 - axis]) ||
        as_const_int(pick.min)) {
      return op;  // constant rows and partial runs keep C2's forms (or its located error)
    }
    return pick_into(b, pick.min, axis, v, op->loc);
  }

  // A 1-D nest over a vector that loads `b[k, j]` (`b[j, k]`): each distinct pick staged into
  // a vector before the nest, which then reads the vector.
  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    std::vector<const For*> nest = parallel_nest(op);
    if (nest.size() != 1 || const_value(op->min) != 0 || !const_value(op->extent)) {
      return op;
    }
    const Variable* j = op->var.get();
    int64_t len = *const_value(op->extent);
    std::vector<Stmt> before;
    std::vector<Buffer> vectors;
    struct Pick {
      Buffer block, vector;
      Expr at;
      int axis;
    };
    std::vector<Pick> picks;
    auto stage = [&](const BufferLoad* l) -> Expr {
      const Buffer& b = l->buffer;
      if (!pickable(b) || l->indices.size() != 2) {
        return Expr(l);
      }
      for (int axis = 0; axis < 2; ++axis) {
        const Expr& at = l->indices[axis];
        const Expr& run = l->indices[1 - axis];
        if (run.get() != j || uses_var(at, j) || as_const_int(at) ||
            at.dtype() != DataType::int32() ||
            as_const_int(b->shape[1 - axis]) != std::optional<int64_t>(len)) {
          continue;
        }
        for (const Pick& p : picks) {
          if (p.block.same_as(b) && p.axis == axis && structural_equal(p.at, at)) {
            return vector_load(p.vector, axis, op->var, b->dtype, l->loc);
          }
        }
        Buffer v = vector(b, axis, l->loc);
        picks.push_back({b, v, at, axis});
        return vector_load(v, axis, op->var, b->dtype, l->loc);
      }
      return Expr(l);
    };
    Stmt body = rewrite_loads(op->body, stage);
    if (picks.empty()) {
      return op;
    }
    std::vector<Stmt> stmts;
    for (const Pick& p : picks) {
      stmts.push_back(pick_into(p.block, p.at, p.axis, p.vector, op->loc));
    }
    stmts.push_back(For::make(op->var, op->min, op->extent, op->for_kind, body, op->num_stages,
                              op->attrs, op->loc));
    Stmt result = seq(stmts, op->loc);
    for (auto it = picks.rbegin(); it != picks.rend(); ++it) {
      result = Allocate::make(it->vector, result, op->loc);
    }
    return result;
  }

 private:
  static bool structural_equal_region(const Region& r) {
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      if (as_const_int(r.ranges[d].min) != std::optional<int64_t>(0) ||
          as_const_int(r.ranges[d].extent) != as_const_int(r.buffer->shape[d])) {
        return false;
      }
    }
    return true;
  }

  std::string fresh(const std::string& base) {
    std::string name = base;
    for (int k = 2; names.count(name); ++k) {
      name = fmt::format("{}{}", base, k);
    }
    names.insert(name);
    return name;
  }

  // The float32 vector a pick leaves: a row vector ([32, W], value j in row 0) for a row of
  // `b`, a column vector ([H, 32]) for a column.
  Buffer vector(const Buffer& b, int axis, const Location& loc) {
    Attrs attrs;
    attrs.set(kVectorAttr, axis == 0 ? "row" : "col");
    std::vector<Expr> shape = {cint(kTile, loc), b->shape[1]};
    if (axis == 1) {
      shape = {b->shape[0], cint(kTile, loc)};
    }
    return Buffer::make(fresh(b->name + (axis == 0 ? "_row" : "_col")), DataType::float32(), shape,
                        MemScope::kFragment, attrs, loc);
  }

  // The vector's element as the block's dtype (the expression around the load keeps its types).
  static Expr vector_load(const Buffer& v, int axis, const Var& j, DataType dtype,
                          const Location& loc) {
    Expr e = axis == 0 ? BufferLoad::make(v, {cint(0, loc), j}, loc)
                       : BufferLoad::make(v, {j, cint(0, loc)}, loc);
    return dtype == v->dtype ? e : Cast::make(dtype, e, loc);
  }

  static Stmt rewrite_loads(const Stmt& s, const std::function<Expr(const BufferLoad*)>& fn) {
    if (const SeqStmt* q = s.as<SeqStmt>()) {
      std::vector<Stmt> out;
      for (const Stmt& x : q->stmts) {
        out.push_back(rewrite_loads(x, fn));
      }
      return seq(out, s->loc);
    }
    if (const BufferStore* st = s.as<BufferStore>()) {
      return BufferStore::make(st->buffer, st->indices, map_loads(st->value, fn), st->loc);
    }
    return s;  // other statements keep their forms (B3 reports what it cannot map)
  }

  // `T.copy(T[.., r +: 1, c +: W], v)` (one row of a tensor at a row r not provably on the tile
  // grid, a chunk's last token) into a whole vector v of length W: the tile rows holding row r
  // are copied whole into a [32, W] block, row r % 32 picked from it into a row vector, and a
  // per-row (column) v gets it through the vector copy that transposes.
  Stmt tensor_row(const Copy* op) {
    const Region& src = op->src;
    const Buffer& v = op->dst.buffer;
    size_t r = src.ranges.size();
    std::string kind = vector_kind(v);
    if (r < 2 || kind.empty() || !on_chip(v) || !src.buffer->dtype.is_float() ||
        !structural_equal_region(op->dst) || v->attrs.has(kScalarElementAttr)) {
      return op;
    }
    const Range& rows = src.ranges[r - 2];
    const Range& cols = src.ranges[r - 1];
    auto w = as_const_int(cols.extent);
    auto len = as_const_int(v->shape[kind == "row" ? 1 : 0]);
    if (as_const_int(rows.extent) != std::optional<int64_t>(1) ||
        rows.min.dtype() != DataType::int32() || exact_div(rows.min, kTile) ||
        !exact_div(cols.min, kTile) || !w || *w % kTile != 0 || len != w) {
      return op;
    }
    for (size_t d = 0; d + 2 < r; ++d) {
      if (as_const_int(src.ranges[d].extent) != std::optional<int64_t>(1)) {
        return op;
      }
    }
    Location loc = op->loc;
    Expr k32 = cint(kTile, loc);
    Buffer win = Buffer::make(fresh(src.buffer->name + "_rows"), src.buffer->dtype,
                              {k32, cols.extent}, MemScope::kShared, {}, loc);
    Region window = src;
    window.ranges[r - 2] = Range{mul(floordiv(rows.min, k32), k32), k32};
    std::vector<Stmt> stmts = {Copy::make(window, Region::full(win, loc), {}, loc)};
    Expr at = floormod(rows.min, k32);
    if (kind == "row") {
      stmts.push_back(pick_into(win, at, 0, v, loc));
      return Allocate::make(win, seq(stmts, loc), loc);
    }
    Attrs attrs;
    attrs.set(kVectorAttr, "row");
    Buffer rv = Buffer::make(fresh(v->name + "_row"), v->dtype, {k32, cols.extent},
                             MemScope::kFragment, attrs, loc);
    stmts.push_back(pick_into(win, at, 0, rv, loc));
    stmts.push_back(Copy::make(Region::full(rv, loc), Region::full(v, loc), {}, loc));
    return Allocate::make(win, Allocate::make(rv, seq(stmts, loc), loc), loc);
  }

  // masked[i, j] = b[i, j] if i == at else -inf (the column form on j); v = max over the
  // masked axis.
  Stmt pick_into(const Buffer& b, const Expr& at, int axis, const Buffer& v, const Location& loc) {
    Buffer masked =
        Buffer::make(fresh(b->name + "_pick"), b->dtype, b->shape, MemScope::kFragment, {}, loc);
    Var i = Variable::make(fresh("pick_i"), DataType::int32(), loc);
    Var j = Variable::make(fresh("pick_j"), DataType::int32(), loc);
    Expr pos = axis == 0 ? Expr(i) : Expr(j);
    Expr value =
        Select::make(Compare::make(CompareOp::kEQ, pos, at, loc), BufferLoad::make(b, {i, j}, loc),
                     FloatImm::make(-INFINITY, b->dtype, loc), loc);
    Stmt store = BufferStore::make(masked, {i, j}, value, loc);
    Stmt nest = For::make(
        i, cint(0, loc), b->shape[0], ForKind::kParallel,
        For::make(j, cint(0, loc), b->shape[1], ForKind::kParallel, store, 0, {}, loc), 0, {}, loc);
    Stmt reduce = Reduce::make(ReduceKind::kMax, Region::full(masked, loc), Region::full(v, loc),
                               axis, true, loc);
    return Allocate::make(masked, seq({nest, reduce}, loc), loc);
  }
};

}  // namespace

PrimFunc stage_row_picks(const PrimFunc& f) {
  RowPicks r;
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      r.names.insert(static_cast<const Allocate*>(n)->buffer->name);
    }
  });
  PrimFunc g = f;
  g.body = r.mutate(f.body);
  return g;
}

}  // namespace tltt::passes::sfpu
