// Kernel expression construction with promotion, folding and linear simplification.
#include "frontend/expr_ops.h"

#include <cmath>
#include <map>

#include "frontend/errors.h"
#include "ir/printer.h"

namespace tltt::fe {

using ir::BinaryOp;
using ir::DataType;
using ir::Expr;

DataType promote_types(DataType a, DataType b) {
  if (a == b) {
    return a;
  }
  if (a.is_bool()) {
    return b.is_numeric() ? b : DataType::int32();
  }
  if (b.is_bool()) {
    return a.is_numeric() ? a : DataType::int32();
  }
  if (a.is_float() && b.is_float()) {
    if (a.bits() == b.bits()) {
      return DataType::float32();  // float16 vs bfloat16
    }
    return a.bits() > b.bits() ? a : b;
  }
  if (a.is_float()) {
    return a;
  }
  if (b.is_float()) {
    return b;
  }
  // Both integers.
  if (a.bits() != b.bits()) {
    DataType w = a.bits() > b.bits() ? a : b;
    return w;
  }
  return a.is_int() ? a : b;
}

Expr cast_to(const Expr& e, DataType t, const Location& loc) {
  if (e.dtype() == t) {
    return e;
  }
  if (!e.dtype().is_numeric() && !e.dtype().is_bool()) {
    user_error(loc, "cannot convert a value of type " + e.dtype().str() + " to " + t.str());
  }
  // Fold casts of constants.
  if (const auto* i = e.as<ir::IntImm>()) {
    if (t.is_float()) {
      return ir::FloatImm::make(static_cast<double>(i->value), t, loc);
    }
    if (t.is_integer()) {
      return ir::IntImm::make(i->value, t, loc);
    }
    if (t.is_bool()) {
      return ir::BoolImm::make(i->value != 0, loc);
    }
  }
  if (const auto* f = e.as<ir::FloatImm>()) {
    if (t.is_float()) {
      return ir::FloatImm::make(f->value, t, loc);
    }
    if (t.is_integer() && std::isfinite(f->value) && std::fabs(f->value) < 9.2e18) {
      return ir::IntImm::make(static_cast<int64_t>(f->value), t, loc);
    }
  }
  if (const auto* b = e.as<ir::BoolImm>()) {
    if (t.is_float()) {
      return ir::FloatImm::make(b->value ? 1.0 : 0.0, t, loc);
    }
    if (t.is_integer()) {
      return ir::IntImm::make(b->value ? 1 : 0, t, loc);
    }
  }
  return ir::Cast::make(t, e, loc);
}

namespace {

int64_t floordiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

std::optional<Expr> fold_int(BinaryOp op, int64_t a, int64_t b, DataType t, const Location& loc) {
  int64_t r = 0;
  switch (op) {
    case BinaryOp::kAdd:
      if (__builtin_add_overflow(a, b, &r)) {
        user_error(loc, "integer overflow in constant expression");
      }
      break;
    case BinaryOp::kSub:
      if (__builtin_sub_overflow(a, b, &r)) {
        user_error(loc, "integer overflow in constant expression");
      }
      break;
    case BinaryOp::kMul:
      if (__builtin_mul_overflow(a, b, &r)) {
        user_error(loc, "integer overflow in constant expression");
      }
      break;
    case BinaryOp::kDiv:
    case BinaryOp::kFloorDiv:
    case BinaryOp::kFloorMod:
    case BinaryOp::kCeilDiv:
      if (b == 0) {
        user_error(loc, "division by zero in constant expression");
      }
      if (a == INT64_MIN && b == -1) {
        user_error(loc, "integer overflow in constant expression");
      }
      if (op == BinaryOp::kDiv) {
        r = a / b;
      } else if (op == BinaryOp::kFloorDiv) {
        r = floordiv(a, b);
      } else if (op == BinaryOp::kFloorMod) {
        r = a - floordiv(a, b) * b;
      } else {
        r = -floordiv(-a, b);
      }
      break;
    case BinaryOp::kMin:
      r = std::min(a, b);
      break;
    case BinaryOp::kMax:
      r = std::max(a, b);
      break;
    case BinaryOp::kBitAnd:
      r = a & b;
      break;
    case BinaryOp::kBitOr:
      r = a | b;
      break;
    case BinaryOp::kBitXor:
      r = a ^ b;
      break;
    case BinaryOp::kShl:
    case BinaryOp::kShr:
      if (b < 0 || b > 62) {
        user_error(loc, "shift count out of range in constant expression");
      }
      if (op == BinaryOp::kShr) {
        r = a >> b;
      } else if (__builtin_mul_overflow(a, int64_t{1} << b, &r)) {
        user_error(loc, "integer overflow in constant expression");
      }
      break;
  }
  return ir::IntImm::make(r, t, loc);
}

std::optional<Expr> fold_float(BinaryOp op, double a, double b, DataType t, const Location& loc) {
  double r = 0;
  switch (op) {
    case BinaryOp::kAdd:
      r = a + b;
      break;
    case BinaryOp::kSub:
      r = a - b;
      break;
    case BinaryOp::kMul:
      r = a * b;
      break;
    case BinaryOp::kDiv:
      r = a / b;
      break;
    case BinaryOp::kFloorDiv:
      r = std::floor(a / b);
      break;
    case BinaryOp::kFloorMod:
      r = a - std::floor(a / b) * b;
      break;
    case BinaryOp::kMin:
      r = std::min(a, b);
      break;
    case BinaryOp::kMax:
      r = std::max(a, b);
      break;
    default:
      return std::nullopt;
  }
  return ir::FloatImm::make(r, t, loc);
}

bool is_const_int(const Expr& e, int64_t v) {
  auto c = ir::as_const_int(e);
  return c && *c == v;
}

}  // namespace

Expr make_binary(BinaryOp op, Expr a, Expr b, const Location& loc) {
  if (!a.dtype().is_numeric() && !a.dtype().is_bool()) {
    user_error(loc, "operand of '" + std::string(ir::binary_op_symbol(op)) + "' has type " +
                        a.dtype().str());
  }
  if (!b.dtype().is_numeric() && !b.dtype().is_bool()) {
    user_error(loc, "operand of '" + std::string(ir::binary_op_symbol(op)) + "' has type " +
                        b.dtype().str());
  }
  DataType t = promote_types(a.dtype(), b.dtype());
  if (t.is_bool()) {
    t = DataType::int32();
  }
  bool bitwise = op == BinaryOp::kBitAnd || op == BinaryOp::kBitOr || op == BinaryOp::kBitXor ||
                 op == BinaryOp::kShl || op == BinaryOp::kShr;
  if (bitwise && !t.is_integer()) {
    user_error(loc, "bitwise operator '" + std::string(ir::binary_op_symbol(op)) +
                        "' needs integer operands, not " + t.str());
  }
  if (op == BinaryOp::kCeilDiv && !t.is_integer()) {
    user_error(loc, "T.ceildiv needs integer operands, not " + t.str());
  }
  a = cast_to(a, t, loc);
  b = cast_to(b, t, loc);
  const auto* ia = a.as<ir::IntImm>();
  const auto* ib = b.as<ir::IntImm>();
  if (ia && ib) {
    return *fold_int(op, ia->value, ib->value, t, loc);
  }
  const auto* fa = a.as<ir::FloatImm>();
  const auto* fb = b.as<ir::FloatImm>();
  if (fa && fb) {
    if (auto r = fold_float(op, fa->value, fb->value, t, loc)) {
      return *r;
    }
  }
  if (t.is_integer()) {
    if (ib &&
        (op == BinaryOp::kDiv || op == BinaryOp::kFloorDiv || op == BinaryOp::kFloorMod ||
         op == BinaryOp::kCeilDiv) &&
        ib->value == 0) {
      user_error(loc, "division by zero");
    }
    // Identities keep index expressions readable (x * 1, x + 0, ...).
    if ((op == BinaryOp::kAdd || op == BinaryOp::kSub) && is_const_int(b, 0)) {
      return a;
    }
    if (op == BinaryOp::kAdd && is_const_int(a, 0)) {
      return b;
    }
    if ((op == BinaryOp::kMul || op == BinaryOp::kFloorDiv || op == BinaryOp::kCeilDiv ||
         op == BinaryOp::kDiv) &&
        is_const_int(b, 1)) {
      return a;
    }
    if (op == BinaryOp::kMul && is_const_int(a, 1)) {
      return b;
    }
    if (op == BinaryOp::kMul && (is_const_int(a, 0) || is_const_int(b, 0))) {
      return ir::IntImm::make(0, t, loc);
    }
  }
  return ir::Binary::make(op, a, b, loc);
}

Expr make_compare(ir::CompareOp op, Expr a, Expr b, const Location& loc) {
  if (!a.dtype().is_numeric() && !a.dtype().is_bool()) {
    user_error(loc, "cannot compare a value of type " + a.dtype().str());
  }
  if (!b.dtype().is_numeric() && !b.dtype().is_bool()) {
    user_error(loc, "cannot compare a value of type " + b.dtype().str());
  }
  DataType t = promote_types(a.dtype(), b.dtype());
  a = cast_to(a, t, loc);
  b = cast_to(b, t, loc);
  auto cmp = [op](auto x, auto y) {
    switch (op) {
      case ir::CompareOp::kEQ:
        return x == y;
      case ir::CompareOp::kNE:
        return x != y;
      case ir::CompareOp::kLT:
        return x < y;
      case ir::CompareOp::kLE:
        return x <= y;
      case ir::CompareOp::kGT:
        return x > y;
      case ir::CompareOp::kGE:
        return x >= y;
    }
    return false;
  };
  if (auto x = ir::as_const_int(a), y = ir::as_const_int(b); x && y) {
    return ir::BoolImm::make(cmp(*x, *y), loc);
  }
  const auto* fa = a.as<ir::FloatImm>();
  const auto* fb = b.as<ir::FloatImm>();
  if (fa && fb) {
    return ir::BoolImm::make(cmp(fa->value, fb->value), loc);
  }
  return ir::Compare::make(op, a, b, loc);
}

Expr as_condition(Expr e, const Location& loc) {
  if (e.dtype().is_bool()) {
    return e;
  }
  if (!e.dtype().is_numeric()) {
    user_error(loc, "a value of type " + e.dtype().str() + " cannot be used as a condition");
  }
  return make_compare(ir::CompareOp::kNE, e, ir::make_zero(e.dtype(), loc), loc);
}

Expr make_logical(ir::LogicalOp op, Expr a, Expr b, const Location& loc) {
  a = as_condition(a, loc);
  b = as_condition(b, loc);
  const auto* ba = a.as<ir::BoolImm>();
  const auto* bb = b.as<ir::BoolImm>();
  if (ba && bb) {
    return ir::BoolImm::make(
        op == ir::LogicalOp::kAnd ? (ba->value && bb->value) : (ba->value || bb->value), loc);
  }
  return ir::Logical::make(op, a, b, loc);
}

Expr make_not(Expr a, const Location& loc) {
  a = as_condition(a, loc);
  if (const auto* b = a.as<ir::BoolImm>()) {
    return ir::BoolImm::make(!b->value, loc);
  }
  return ir::Unary::make(ir::UnaryOp::kNot, a, loc);
}

Expr make_neg(Expr a, const Location& loc) {
  if (!a.dtype().is_numeric()) {
    user_error(loc, "cannot negate a value of type " + a.dtype().str());
  }
  if (const auto* i = a.as<ir::IntImm>()) {
    if (i->value == INT64_MIN) {
      user_error(loc, "integer overflow in constant expression");
    }
    return ir::IntImm::make(-i->value, a.dtype(), loc);
  }
  if (const auto* f = a.as<ir::FloatImm>()) {
    return ir::FloatImm::make(-f->value, a.dtype(), loc);
  }
  return ir::Unary::make(ir::UnaryOp::kNeg, a, loc);
}

Expr make_select(Expr cond, Expr t, Expr f, const Location& loc) {
  cond = as_condition(cond, loc);
  DataType ty = promote_types(t.dtype(), f.dtype());
  t = cast_to(t, ty, loc);
  f = cast_to(f, ty, loc);
  if (const auto* b = cond.as<ir::BoolImm>()) {
    return b->value ? t : f;
  }
  return ir::Select::make(cond, t, f, loc);
}

namespace {

struct Linear {
  std::map<std::string, std::pair<Expr, int64_t>> terms;  // key = printed atom
  int64_t constant = 0;
  bool ok = true;
};

void add_linear(const Expr& e, int64_t scale, Linear* out) {
  if (!out->ok) {
    return;
  }
  auto mul = [&](int64_t x, int64_t y) {
    int64_t r;
    if (__builtin_mul_overflow(x, y, &r)) {
      out->ok = false;
      return int64_t{0};
    }
    return r;
  };
  if (const auto* i = e.as<ir::IntImm>()) {
    int64_t term = mul(i->value, scale);
    if (__builtin_add_overflow(out->constant, term, &out->constant)) {
      out->ok = false;
    }
    return;
  }
  if (const auto* b = e.as<ir::Binary>()) {
    if (b->op == BinaryOp::kAdd || b->op == BinaryOp::kSub) {
      add_linear(b->a, scale, out);
      add_linear(b->b, b->op == BinaryOp::kAdd ? scale : -scale, out);
      return;
    }
    if (b->op == BinaryOp::kMul) {
      if (auto c = ir::as_const_int(b->b)) {
        add_linear(b->a, mul(scale, *c), out);
        return;
      }
      if (auto c = ir::as_const_int(b->a)) {
        add_linear(b->b, mul(scale, *c), out);
        return;
      }
    }
  }
  if (const auto* u = e.as<ir::Unary>(); u && u->op == ir::UnaryOp::kNeg) {
    add_linear(u->a, -scale, out);
    return;
  }
  std::string key = ir::print(e);
  auto& slot = out->terms[key];
  if (!slot.first.defined()) {
    slot.first = e;
  }
  if (__builtin_add_overflow(slot.second, scale, &slot.second)) {
    out->ok = false;
  }
}

Expr from_linear(const Linear& lin, DataType t, const Location& loc) {
  Expr acc;
  for (const auto& [key, term] : lin.terms) {
    int64_t coef = term.second;
    if (coef == 0) {
      continue;
    }
    Expr piece = term.first;
    int64_t mag = coef < 0 ? -coef : coef;
    if (mag != 1) {
      piece = ir::Binary::make(BinaryOp::kMul, piece, ir::IntImm::make(mag, t, loc), loc);
    }
    if (!acc.defined()) {
      acc = coef < 0 ? ir::Unary::make(ir::UnaryOp::kNeg, piece, loc) : piece;
    } else {
      acc = ir::Binary::make(coef < 0 ? BinaryOp::kSub : BinaryOp::kAdd, acc, piece, loc);
    }
  }
  if (!acc.defined()) {
    return ir::IntImm::make(lin.constant, t, loc);
  }
  if (lin.constant != 0) {
    acc = ir::Binary::make(
        lin.constant < 0 ? BinaryOp::kSub : BinaryOp::kAdd, acc,
        ir::IntImm::make(lin.constant < 0 ? -lin.constant : lin.constant, t, loc), loc);
  }
  return acc;
}

}  // namespace

Expr simplify_linear(const Expr& e) {
  if (!e.dtype().is_integer()) {
    return e;
  }
  Linear lin;
  add_linear(e, 1, &lin);
  if (!lin.ok) {
    return e;
  }
  return from_linear(lin, e.dtype(), e.loc());
}

Expr simplified_difference(const Expr& hi, const Expr& lo, const Location& loc) {
  Expr diff = make_binary(BinaryOp::kSub, hi, lo, loc);
  if (ir::as_const_int(diff)) {
    return diff;
  }
  Linear lin;
  add_linear(hi, 1, &lin);
  add_linear(lo, -1, &lin);
  if (!lin.ok || !diff.dtype().is_integer()) {
    return diff;
  }
  return from_linear(lin, diff.dtype(), loc);
}

}  // namespace tltt::fe
