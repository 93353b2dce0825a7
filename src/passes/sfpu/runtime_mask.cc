// B3: masks whose bound is known only at run time and block masks. `base + j < n` with n a
// kernel scalar, a block index or a loop variable (or a constant with a base that is not a
// multiple of 32) becomes a run-time bound mask: per tile a fill where the tile lies wholly
// before or past n, else a tile computed in DST from the reader's index tile (mask_calls, D5).
// `i // B OP j // B` with B a multiple of 32 is the same for every element of a tile: a fill
// per tile, decided at run time (mask.cc has the compile-time triangle and bound masks).
#include <fmt/format.h>

#include "passes/sfpu/lowerer.h"

#include <cmath>

#include "ir/printer.h"

namespace tltt::passes::sfpu {

using namespace ir;

CompareOp Lowerer::mirror(CompareOp op) {
  return op == CompareOp::kGE   ? CompareOp::kLE
         : op == CompareOp::kGT ? CompareOp::kLT
         : op == CompareOp::kLE ? CompareOp::kGE
         : op == CompareOp::kLT ? CompareOp::kGT
                                : op;
}

bool Lowerer::nest_free(const Expr& e) const {
  for (const For* f : nest_) {
    if (uses_var(e, f->var.get())) {
      return false;
    }
  }
  return true;
}

// The tile axis a position along nest variable d runs on: the nest's own axis in a 2-D nest; in
// a 1-D nest over a vector, rows for a per-row vector ([L, 32], value i in row i) and columns
// for a per-column one ([32, L]).
int Lowerer::position_axis(size_t d) const {
  if (nest_.size() == 2) {
    return static_cast<int>(d);
  }
  return nest_vector_ == "row" ? 1 : 0;
}

// `x == n` / `x != n` with x = base + i or base + j and n free of the nest's variables (a kernel
// scalar, a block index, a constant: the last row of a chunk, `last == bs * 64 + i`): the
// position x < n + 1 that is not x < n, as two bound masks, `select(x < n, b, select(x < n + 1,
// a, b))` (a and b swapped for !=). nullopt when x is not such a position.
std::optional<Expr> Lowerer::map_position_equality(const Select* sel) {
  const Compare* c = sel->cond.as<Compare>();
  bool flip = nest_free(c->a);
  const Expr& x = flip ? c->b : c->a;
  const Expr& n = flip ? c->a : c->b;
  bool position = false;
  for (const For* f : nest_) {
    auto a = affine_in(x, f->var.get());
    position |= a && a->coef == 1 && nest_free(a->rest);
  }
  if (!position || loads_buffer(n) || !n.dtype().is_integer()) {
    return std::nullopt;
  }
  Location loc = sel->loc;
  bool eq = c->op == CompareOp::kEQ;
  const Expr& a = eq ? sel->true_value : sel->false_value;
  const Expr& b = eq ? sel->false_value : sel->true_value;
  Expr before = Compare::make(CompareOp::kLT, x, n, loc);
  Expr upto = Compare::make(CompareOp::kLT, x, simplify(add(n, cint(1, loc))), loc);
  return map(Select::make(before, b, Select::make(upto, a, b, loc), loc));
}

// `x OP n` with x = base + i or base + j and n free of the nest's variables: x < n' with
// n' = n (+ 1 for <= and >), the values swapped for >= and >.
Expr Lowerer::map_runtime_bound(const Select* sel, const Expr& x, const Expr& n, CompareOp op) {
  Location loc = sel->loc;
  std::optional<Expr> base;
  int axis = 0;
  for (size_t d = 0; d < nest_.size() && !base; ++d) {
    // `base + v` in any association (`by * 64 + i + 5`): coefficient 1, the rest free of the
    // other loop variable.
    auto a = affine_in(x, nest_[d]->var.get());
    if (a && a->coef == 1 && nest_free(a->rest)) {
      base = simplify(a->rest);
      axis = position_axis(d);
    }
  }
  bool rel = op != CompareOp::kEQ && op != CompareOp::kNE;
  if (!base || !rel || loads_buffer(n) || !n.dtype().is_integer()) {
    return fail(loc,
                fmt::format("T.if_then_else condition '{}' (run-time bound masks compare "
                            "`base + i` or `base + j` by <, <=, >, >=, == or != with an integer "
                            "value known to every core: a kernel scalar, a block index, a "
                            "loop variable, not a tensor element)",
                            print(sel->cond)));
  }
  auto t = const_float(strip_float_casts(sel->true_value));
  auto f = const_float(strip_float_casts(sel->false_value));
  if (t && f && std::isinf(*t) && std::isinf(*f)) {
    return fail(loc,
                fmt::format("T.if_then_else on '{}' between two infinities", print(sel->cond)));
  }
  Expr limit =
      op == CompareOp::kLE || op == CompareOp::kGT ? simplify(add(n, cint(1, loc))) : simplify(n);
  bool swap = op == CompareOp::kGE || op == CompareOp::kGT;
  auto mask = [&](double tv, double fv) {
    Attrs extra;
    extra.set("axis", axis == 0 ? "row" : "col");
    extra.set("true_value", tv);
    extra.set("false_value", fv);
    return mask_tile(axis == 0 ? "row_index" : "col_index", 0.0, 0.0, {*base, limit}, extra, loc);
  };
  if (swap) {
    Expr swapped = Select::make(sel->cond, sel->false_value, sel->true_value, loc);
    return select_with_mask(swapped.as<Select>(), mask);
  }
  return select_with_mask(sel, mask);
}

// `(rb + i) // B OP (cb + j) // B` (either side first), B a multiple of 32, rb and cb
// multiples of 32: nullopt when the condition is not of this form.
std::optional<Expr> Lowerer::map_block_select(const Select* sel) {
  const Compare* c = sel->cond.as<Compare>();
  const Binary* a = c->a.as<Binary>();
  const Binary* b = c->b.as<Binary>();
  if (!a || !b || a->op != BinaryOp::kFloorDiv || b->op != BinaryOp::kFloorDiv) {
    return std::nullopt;
  }
  auto ba = as_const_int(a->b), bb = as_const_int(b->b);
  if (!ba || !bb || *ba != *bb || *ba <= 0) {
    return std::nullopt;
  }
  const Variable* i = nest_[0]->var.get();
  const Variable* j = nest_[1]->var.get();
  CompareOp op = c->op;
  std::optional<Expr> row = offset_of(a->a, i), col = offset_of(b->a, j);
  if (!row || !col) {
    row = offset_of(b->a, i);
    col = offset_of(a->a, j);
    op = mirror(op);
  }
  if (!row || !col) {
    return std::nullopt;
  }
  Location loc = sel->loc;
  if (*ba % kTile != 0 || !exact_div(simplify(*row), kTile) || !exact_div(simplify(*col), kTile)) {
    return fail(loc, fmt::format("T.if_then_else condition '{}' (block masks `(rb + i) // B OP "
                                 "(cb + j) // B` need B and the offsets rb, cb provably "
                                 "multiples of 32, so every tile lies in one block)",
                                 print(sel->cond)));
  }
  auto mask = [&](double tv, double fv) {
    Attrs extra;
    extra.set("relation", compare_op_symbol(op));
    extra.set("block", *ba);
    extra.set("true_value", tv);
    extra.set("false_value", fv);
    return mask_tile("col_index", 0.0, 0.0, {simplify(*row), simplify(*col)}, extra, loc);
  };
  return select_with_mask(sel, mask);
}

namespace {

CompareOp negate(CompareOp op) {
  switch (op) {
    case CompareOp::kEQ:
      return CompareOp::kNE;
    case CompareOp::kNE:
      return CompareOp::kEQ;
    case CompareOp::kLT:
      return CompareOp::kGE;
    case CompareOp::kGE:
      return CompareOp::kLT;
    case CompareOp::kLE:
      return CompareOp::kGT;
    default:
      return CompareOp::kLE;
  }
}

bool holds(CompareOp op, int64_t a, int64_t b) {
  switch (op) {
    case CompareOp::kEQ:
      return a == b;
    case CompareOp::kNE:
      return a != b;
    case CompareOp::kLT:
      return a < b;
    case CompareOp::kLE:
      return a <= b;
    case CompareOp::kGT:
      return a > b;
    default:
      return a >= b;
  }
}

}  // namespace

// `select(c, x, y) OP k` as `select(c, x OP k, y OP k)`, comparisons of two constants folded,
// `select(c, true, false)` as c and `select(c, false, true)` as its negation: the 0/1 flags of
// block-causal attention's `select(is_diag == 1, select(P, 1, 0), select(Q, 1, 0)) > 0`.
Expr Lowerer::normalize_condition(const Expr& e) {
  if (const Compare* c = e.as<Compare>()) {
    auto ka = as_const_int(c->a), kb = as_const_int(c->b);
    if (ka && kb) {
      return BoolImm::make(holds(c->op, *ka, *kb), e.loc());
    }
    const Select* s = kb ? c->a.as<Select>() : nullptr;
    bool left = s != nullptr;
    if (!s) {
      s = ka ? c->b.as<Select>() : nullptr;
    }
    if (!s) {
      return e;
    }
    auto side = [&](const Expr& v) {
      return left ? Compare::make(c->op, v, c->b, c->loc) : Compare::make(c->op, c->a, v, c->loc);
    };
    return normalize_condition(
        Select::make(s->cond, side(s->true_value), side(s->false_value), e.loc()));
  }
  if (const Select* s = e.as<Select>()) {
    Expr t = normalize_condition(s->true_value), f = normalize_condition(s->false_value);
    const BoolImm* bt = t.as<BoolImm>();
    const BoolImm* bf = f.as<BoolImm>();
    if (bt && bf) {
      if (bt->value == bf->value) {
        return t;
      }
      if (bt->value) {
        return s->cond;
      }
      const Compare* c = s->cond.as<Compare>();
      return c ? Compare::make(negate(c->op), c->a, c->b, e.loc())
               : Unary::make(UnaryOp::kNot, s->cond, e.loc());
    }
    if (t.same_as(s->true_value) && f.same_as(s->false_value)) {
      return e;
    }
    return Select::make(s->cond, t, f, e.loc());
  }
  return e;
}

// T.if_then_else(flag, x, y) with a flag free of the nest's variables and of loaded values
// (block indices, loop variables, kernel scalars): a mask whose tiles are all `x` or all `y`,
// decided once per tile at run time.
Expr Lowerer::map_flag_select(const Select* sel) {
  Location loc = sel->loc;
  auto mask = [&](double tv, double fv) {
    Attrs extra;
    extra.set("flag", int64_t{1});
    extra.set("true_value", tv);
    extra.set("false_value", fv);
    return mask_tile("col_index", 0.0, 0.0, {sel->cond}, extra, loc);
  };
  return select_with_mask(sel, mask);
}

}  // namespace tltt::passes::sfpu
