// Pass helpers for integer index expressions (see pass_util.h): building, constant folding,
// exact division by a tile size, affine decomposition in one variable and bounds from the ranges
// of loop variables.
#include <algorithm>

#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

Expr cint(int64_t v, Location loc) { return make_int(v, loc); }

namespace {
Expr bin(BinaryOp op, Expr a, Expr b) {
  Location loc = a.loc();
  return simplify(Binary::make(op, std::move(a), std::move(b), loc));
}
}  // namespace

Expr add(Expr a, Expr b) { return bin(BinaryOp::kAdd, std::move(a), std::move(b)); }
Expr sub(Expr a, Expr b) { return bin(BinaryOp::kSub, std::move(a), std::move(b)); }
Expr mul(Expr a, Expr b) { return bin(BinaryOp::kMul, std::move(a), std::move(b)); }
Expr floordiv(Expr a, Expr b) { return bin(BinaryOp::kFloorDiv, std::move(a), std::move(b)); }
Expr floormod(Expr a, Expr b) { return bin(BinaryOp::kFloorMod, std::move(a), std::move(b)); }
Expr cmp(CompareOp op, Expr a, Expr b) {
  Location loc = a.loc();
  return Compare::make(op, std::move(a), std::move(b), loc);
}

std::optional<int64_t> const_value(const Expr& e) { return as_const_int(simplify(e)); }

namespace {
int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }
}  // namespace

Expr simplify(const Expr& e) {
  const Binary* b = e.as<Binary>();
  if (!b || !b->dtype.is_integer()) {
    return e;
  }
  Expr x = simplify(b->a), y = simplify(b->b);
  auto cx = as_const_int(x), cy = as_const_int(y);
  auto mk = [&](int64_t v) { return IntImm::make(v, b->dtype, e.loc()); };
  if (cx && cy) {
    switch (b->op) {
      case BinaryOp::kAdd:
        return mk(*cx + *cy);
      case BinaryOp::kSub:
        return mk(*cx - *cy);
      case BinaryOp::kMul:
        return mk(*cx * *cy);
      case BinaryOp::kFloorDiv:
      case BinaryOp::kDiv:
        if (*cy != 0) {
          return mk(floor_div(*cx, *cy));
        }
        break;
      case BinaryOp::kFloorMod:
        if (*cy != 0) {
          return mk(floor_mod(*cx, *cy));
        }
        break;
      case BinaryOp::kCeilDiv:
        if (*cy > 0) {
          return mk(floor_div(*cx + *cy - 1, *cy));
        }
        break;
      case BinaryOp::kMin:
        return mk(std::min(*cx, *cy));
      case BinaryOp::kMax:
        return mk(std::max(*cx, *cy));
      default:
        break;
    }
  }
  switch (b->op) {
    case BinaryOp::kAdd:
      if (cx && *cx == 0) {
        return y;
      }
      if (cy && *cy == 0) {
        return x;
      }
      break;
    case BinaryOp::kSub:
      if (cy && *cy == 0) {
        return x;
      }
      break;
    case BinaryOp::kMul:
      if ((cx && *cx == 0) || (cy && *cy == 0)) {
        return mk(0);
      }
      if (cx && *cx == 1) {
        return y;
      }
      if (cy && *cy == 1) {
        return x;
      }
      break;
    case BinaryOp::kFloorDiv:
    case BinaryOp::kDiv:
      if (cy && *cy == 1) {
        return x;
      }
      if (cx && *cx == 0) {
        return x;
      }
      break;
    case BinaryOp::kFloorMod:
      if (cy && *cy == 1) {
        return mk(0);
      }
      break;
    default:
      break;
  }
  if (x.same_as(b->a) && y.same_as(b->b)) {
    return e;
  }
  return Binary::make(b->op, x, y, e.loc());
}

std::optional<Expr> exact_div(const Expr& e, int64_t d) {
  Expr s = simplify(e);
  if (auto c = as_const_int(s)) {
    if (*c % d == 0) {
      return IntImm::make(*c / d, s.dtype(), s.loc());
    }
    return std::nullopt;
  }
  const Binary* b = s.as<Binary>();
  if (!b) {
    return std::nullopt;
  }
  switch (b->op) {
    case BinaryOp::kAdd:
    case BinaryOp::kSub: {
      auto x = exact_div(b->a, d), y = exact_div(b->b, d);
      if (x && y) {
        return simplify(Binary::make(b->op, *x, *y, s.loc()));
      }
      return std::nullopt;
    }
    case BinaryOp::kMul: {
      if (auto y = exact_div(b->b, d)) {
        return simplify(Binary::make(BinaryOp::kMul, b->a, *y, s.loc()));
      }
      if (auto x = exact_div(b->a, d)) {
        return simplify(Binary::make(BinaryOp::kMul, *x, b->b, s.loc()));
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<Affine> affine_in(const Expr& e, const Variable* v) {
  if (!uses_var(e, v)) {
    return Affine{0, e};
  }
  if (e.get() == v) {
    return Affine{1, cint(0, e.loc())};
  }
  if (const Cast* c = e.as<Cast>(); c && c->dtype.is_integer()) {
    auto x = affine_in(c->value, v);
    return x ? std::optional(Affine{x->coef, Cast::make(c->dtype, x->rest, c->loc)}) : x;
  }
  const Binary* b = e.as<Binary>();
  if (!b) {
    return std::nullopt;
  }
  auto x = affine_in(b->a, v), y = affine_in(b->b, v);
  if (!x || !y) {
    return std::nullopt;
  }
  switch (b->op) {
    case BinaryOp::kAdd:
      return Affine{x->coef + y->coef, add(x->rest, y->rest)};
    case BinaryOp::kSub:
      return Affine{x->coef - y->coef, sub(x->rest, y->rest)};
    case BinaryOp::kMul:
      if (auto c = const_value(b->a); c && x->coef == 0) {
        return Affine{*c * y->coef, mul(b->a, y->rest)};
      }
      if (auto c = const_value(b->b); c && y->coef == 0) {
        return Affine{*c * x->coef, mul(x->rest, b->b)};
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<Interval> bounds(const Expr& e, const VarRanges& ranges) {
  if (auto c = as_const_int(e)) {
    return Interval{*c, *c};
  }
  if (const Variable* v = e.as<Variable>()) {
    auto it = ranges.find(v);
    if (it == ranges.end()) {
      return std::nullopt;
    }
    return it->second;
  }
  if (const Cast* c = e.as<Cast>()) {
    return bounds(c->value, ranges);
  }
  if (const Unary* u = e.as<Unary>(); u && u->op == UnaryOp::kNeg) {
    auto x = bounds(u->a, ranges);  // `-h0 + h1`: the extent of a region `h0:h1`
    return x ? std::optional<Interval>(Interval{-x->hi, -x->lo}) : std::nullopt;
  }
  const Binary* b = e.as<Binary>();
  if (!b) {
    return std::nullopt;
  }
  auto x = bounds(b->a, ranges), y = bounds(b->b, ranges);
  if (!x || !y) {
    return std::nullopt;
  }
  switch (b->op) {
    case BinaryOp::kAdd:
      return Interval{x->lo + y->lo, x->hi + y->hi};
    case BinaryOp::kSub:
      return Interval{x->lo - y->hi, x->hi - y->lo};
    case BinaryOp::kMul: {
      int64_t c[4] = {x->lo * y->lo, x->lo * y->hi, x->hi * y->lo, x->hi * y->hi};
      return Interval{*std::min_element(c, c + 4), *std::max_element(c, c + 4)};
    }
    case BinaryOp::kFloorDiv:
    case BinaryOp::kDiv:
      if (y->lo == y->hi && y->lo > 0) {
        return Interval{floor_div(x->lo, y->lo), floor_div(x->hi, y->lo)};
      }
      return std::nullopt;
    case BinaryOp::kFloorMod:
      if (y->lo == y->hi && y->lo > 0) {
        if (x->lo >= 0 && x->hi < y->lo) {
          return x;
        }
        return Interval{0, y->lo - 1};
      }
      return std::nullopt;
    case BinaryOp::kMin:
      return Interval{std::min(x->lo, y->lo), std::min(x->hi, y->hi)};
    case BinaryOp::kMax:
      return Interval{std::max(x->lo, y->lo), std::max(x->hi, y->hi)};
    default:
      return std::nullopt;
  }
}

Expr map_loads(const Expr& e, const std::function<Expr(const BufferLoad*)>& fn) {
  class Loads : public Mutator {
   public:
    explicit Loads(const std::function<Expr(const BufferLoad*)>& f) : fn(f) {}
    using Mutator::visit;
    Expr visit(const BufferLoad* l) override { return fn(l); }
    const std::function<Expr(const BufferLoad*)>& fn;
  } loads(fn);
  return loads.mutate(e);
}

}  // namespace tltt::passes
