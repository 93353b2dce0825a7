// Interpreter: expression evaluation, Python operator semantics, conversions between Python
// values and kernel expressions, attribute and subscript access.
#include <fmt/format.h>

#include <cmath>

#include "frontend/expr_ops.h"
#include "frontend/interp.h"
#include "ir/printer.h"

namespace tltt::fe {

namespace {
constexpr size_t kMaxSequence = 1 << 16;

// Number of values nested in v, counted up to `cap` (containers are copied by value, so a
// doubling loop like `x = [x, x]` must be stopped before it exhausts memory).
size_t weight(const Value& v, size_t cap) {
  size_t w = 1 + v.s.size() / 64;
  for (const auto& x : v.items) {
    if (w > cap) {
      break;
    }
    w += weight(x, cap - w);
  }
  for (const auto& x : v.values) {
    if (w > cap) {
      break;
    }
    w += weight(x, cap - w);
  }
  return w;
}

const Value& checked(const Value& v, const Location& loc) {
  if (weight(v, kMaxSequence) > kMaxSequence || v.s.size() > kMaxSequence * 16) {
    user_error(loc, "value too large for compile-time evaluation");
  }
  return v;
}

bool is_kernel_like(const Value& v) {
  return v.kind == VK::kExpr || (v.kind == VK::kBuffer && v.buffer->scope == ir::MemScope::kVar);
}

ir::BinaryOp binop_of(const std::string& op, const Location& loc) {
  if (op == "+") {
    return ir::BinaryOp::kAdd;
  }
  if (op == "-") {
    return ir::BinaryOp::kSub;
  }
  if (op == "*") {
    return ir::BinaryOp::kMul;
  }
  if (op == "/") {
    return ir::BinaryOp::kDiv;
  }
  if (op == "//") {
    return ir::BinaryOp::kFloorDiv;
  }
  if (op == "%") {
    return ir::BinaryOp::kFloorMod;
  }
  if (op == "&") {
    return ir::BinaryOp::kBitAnd;
  }
  if (op == "|") {
    return ir::BinaryOp::kBitOr;
  }
  if (op == "^") {
    return ir::BinaryOp::kBitXor;
  }
  if (op == "<<") {
    return ir::BinaryOp::kShl;
  }
  if (op == ">>") {
    return ir::BinaryOp::kShr;
  }
  user_error(loc, "operator '" + op + "' is not supported on kernel expressions");
}

// Spellings of narrow formats that ir::DataType does not represent (packed vectors such as
// float4_e2m1fn_x2, TileLang's float4_e2m1_unpacked storage hint): GPU vector-register
// layouts with no Tenstorrent meaning. The formats themselves (float8_e4m3fn, int4, ...) are
// DataTypes and are rejected by the lowering.
bool gpu_only_dtype(const std::string& n) {
  for (const char* p : {"float8", "float6", "float4", "int4", "uint4", "int2", "uint2", "int1",
                        "uint1", "e8m0", "e4m3", "e5m2", "fp8", "fp4", "tfloat32"}) {
    if (n.rfind(p, 0) == 0) {
      return true;
    }
  }
  return false;
}

int64_t py_floordiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}
}  // namespace

std::string canonical_name(const std::string& dotted) {
  static const std::string kLang = "tilelang.language.";
  if (dotted.rfind(kLang, 0) == 0) {
    return "T." + dotted.substr(kLang.size());
  }
  if (dotted == "tilelang.language") {
    return "T";
  }
  if (dotted.rfind("tl.", 0) == 0) {
    return "tilelang." + dotted.substr(3);
  }
  // `tvm.tl` is TileLang's former package name (`import tvm.tl.language as T`).
  if (dotted == "tvm.tl.language" || dotted.rfind("tvm.tl.language.", 0) == 0) {
    return canonical_name("tilelang.language" + dotted.substr(15));
  }
  if (dotted == "tvm.tl" || dotted.rfind("tvm.tl.", 0) == 0) {
    return "tilelang" + dotted.substr(6);
  }
  return dotted;
}

// ------------------------------------------------------------------ conversions

ir::Expr Interp::to_expr(const Value& v, const Location& loc, std::optional<ir::DataType> hint) {
  switch (v.kind) {
    case VK::kExpr:
      return v.expr;
    case VK::kBool:
      return ir::BoolImm::make(v.b, loc);
    case VK::kInt:
      if (hint && hint->is_float()) {
        return ir::FloatImm::make(static_cast<double>(v.i), *hint, loc);
      }
      if (hint && hint->is_integer()) {
        return ir::IntImm::make(v.i, *hint, loc);
      }
      if (v.i > INT32_MAX || v.i < INT32_MIN) {
        return ir::IntImm::make(v.i, ir::DataType::int64(), loc);
      }
      return ir::IntImm::make(v.i, ir::DataType::int32(), loc);
    case VK::kFloat:
      return ir::FloatImm::make(v.f, hint && hint->is_float() ? *hint : ir::DataType::float32(),
                                loc);
    case VK::kBuffer:
      if (v.buffer->scope == ir::MemScope::kVar) {
        return ir::BufferLoad::make(v.buffer, {ir::make_int(0, loc)}, loc);
      }
      user_error(loc, "buffer '" + v.buffer->name + "' is used as a scalar value; index it, e.g. " +
                          v.buffer->name + "[i]");
    case VK::kPendingTensor:
      user_error(loc, "tensor parameter '" + v.s + "' is used before its annotation `" + v.s +
                          ": T.Tensor(shape, dtype)`");
    case VK::kGpuOnly:
      return gpu_only_expr(v, loc);
    default:
      user_error(loc, "expected a number or kernel expression, got " + type_name(v));
  }
}

ir::DataType Interp::to_dtype(const Value& v, const Location& loc) {
  if (v.kind == VK::kGpuOnly) {
    gpu_only_error(v, loc);  // a compile-time value that depends on a GPU-only construct
  }
  if (v.kind == VK::kDType) {
    return v.dtype;
  }
  if (v.kind == VK::kStr) {
    if (auto t = ir::DataType::parse(v.s)) {
      return *t;
    }
    if (gpu_only_dtype(v.s)) {
      user_error(loc,
                 "dtype '" + v.s + "' is a GPU-only data type and has no Tenstorrent lowering");
    }
    user_error(loc, "unknown dtype '" + v.s + "'");
  }
  if (v.kind == VK::kBuiltin && v.s.rfind("T.", 0) == 0 && gpu_only_dtype(v.s.substr(2))) {
    user_error(loc, "'" + v.s + "' is a GPU-only data type and has no Tenstorrent lowering");
  }
  user_error(loc, "expected a dtype (e.g. \"float16\" or T.float32), got " + type_name(v));
}

int64_t Interp::to_int(const Value& v, const Location& loc, const std::string& what) {
  if (v.kind == VK::kGpuOnly) {
    gpu_only_error(v, loc);  // a compile-time value that depends on a GPU-only construct
  }
  if (v.kind == VK::kInt) {
    return v.i;
  }
  if (v.kind == VK::kBool) {
    return v.b ? 1 : 0;
  }
  if (v.kind == VK::kExpr) {
    if (auto c = ir::as_const_int(v.expr)) {
      return *c;
    }
  }
  user_error(loc, "'" + what + "' must be a compile-time integer, got " + type_name(v) +
                      (v.kind == VK::kExpr ? " '" + ir::print(v.expr) + "'" : ""));
}

bool Interp::to_bool(const Value& v, const Location& loc, const std::string& what) {
  if (v.kind == VK::kGpuOnly) {
    gpu_only_error(v, loc);  // a compile-time value that depends on a GPU-only construct
  }
  if (v.kind == VK::kBool) {
    return v.b;
  }
  if (v.kind == VK::kInt) {
    return v.i != 0;
  }
  if (v.kind == VK::kExpr) {
    if (const auto* b = v.expr.as<ir::BoolImm>()) {
      return b->value;
    }
  }
  user_error(loc, "'" + what + "' must be a compile-time bool, got " + type_name(v));
}

std::vector<ir::Expr> Interp::to_shape(const Value& v, const Location& loc, bool allow_empty) {
  std::vector<Value> items = v.is_sequence() ? v.items : std::vector<Value>{v};
  std::vector<ir::Expr> shape;
  for (const auto& x : items) {
    if (x.kind == VK::kGpuOnly) {
      gpu_only_error(x, loc);
    }
    if (x.kind != VK::kInt && x.kind != VK::kExpr) {
      user_error(loc, "shape entries must be integers, got " + type_name(x));
    }
    ir::Expr e = to_expr(x, loc);
    if (!e.dtype().is_integer()) {
      user_error(loc, "shape entries must be integers, got " + e.dtype().str());
    }
    if (auto c = ir::as_const_int(e); c && (*c < 0 || (*c == 0 && !allow_empty))) {
      user_error(loc, fmt::format("shape entries must be positive, got {}", *c));
    }
    shape.push_back(cast_to(e, ir::DataType::int32(), loc));
  }
  if (shape.empty()) {
    user_error(loc, "a buffer shape needs at least one dimension");
  }
  return shape;
}

bool Interp::truthy(const Value& v, const Location& loc) {
  if (v.kind == VK::kGpuOnly) {
    gpu_only_error(v, loc);  // a compile-time value that depends on a GPU-only construct
  }
  switch (v.kind) {
    case VK::kNone:
      return false;
    case VK::kBool:
      return v.b;
    case VK::kInt:
      return v.i != 0;
    case VK::kFloat:
      return v.f != 0;
    case VK::kStr:
      return !v.s.empty();
    case VK::kTuple:
    case VK::kList:
    case VK::kDict:
      return !v.items.empty();
    case VK::kExpr:
      if (const auto* b = v.expr.as<ir::BoolImm>()) {
        return b->value;
      }
      if (auto c = ir::as_const_int(v.expr)) {
        return *c != 0;
      }
      user_error(loc, "the kernel expression '" + ir::print(v.expr) +
                          "' is used where a compile-time condition is needed");
    case VK::kPendingTensor:
      user_error(loc, "tensor parameter '" + v.s + "' used as a condition");
    default:
      return true;
  }
}

ir::Region Interp::to_region(const Value& v, const Location& loc, const std::string& what) {
  if (v.kind == VK::kGpuOnly) {
    gpu_only_error(v, loc);  // a compile-time value that depends on a GPU-only construct
  }
  if (v.kind == VK::kBuffer) {
    return ir::Region::full(v.buffer, loc);
  }
  if (v.kind == VK::kExpr) {
    if (const auto* load = v.expr.as<ir::BufferLoad>()) {
      ir::Region r{load->buffer, {}, loc};
      for (const auto& i : load->indices) {
        r.ranges.push_back({i, ir::make_int(1, loc)});
      }
      return r;
    }
  }
  if (v.kind == VK::kBufferSlice) {
    ir::Region r{v.buffer, {}, loc};
    for (size_t axis = 0; axis < v.items.size(); ++axis) {
      const Value& it = v.items[axis];
      if (it.kind != VK::kSlice) {
        r.ranges.push_back({to_expr(it, loc), ir::make_int(1, loc)});
        continue;
      }
      const Value& lo = it.items[0];
      const Value& hi = it.items[1];
      const Value& st = it.items[2];
      if (st.kind != VK::kNone && !(st.kind == VK::kInt && st.i == 1)) {
        user_error(loc, "slices with a step are not supported in " + what);
      }
      ir::Expr mn = lo.kind == VK::kNone ? ir::make_int(0, loc) : to_expr(lo, loc);
      ir::Expr mx = hi.kind == VK::kNone ? v.buffer->shape[axis] : to_expr(hi, loc);
      if (!mn.dtype().is_integer() || !mx.dtype().is_integer()) {
        user_error(loc, "slice bounds must be integers");
      }
      ir::Expr ext = simplified_difference(mx, mn, loc);
      if (auto c = ir::as_const_int(ext); c && *c <= 0) {
        user_error(loc, fmt::format("empty slice on axis {} of '{}' (extent {})", axis,
                                    v.buffer->name, *c));
      }
      r.ranges.push_back({mn, ext});
    }
    return r;
  }
  user_error(loc, what + " must be a buffer or a buffer region, got " + type_name(v));
}

std::vector<Value> Interp::iterate(const Value& v, const Location& loc) {
  if (v.kind == VK::kGpuOnly) {
    gpu_only_error(v, loc);  // a compile-time value that depends on a GPU-only construct
  }
  if (v.kind == VK::kLoopSpec && v.loop->python_range) {
    std::vector<Value> out;
    const LoopSpec& r = *v.loop;
    for (int64_t i = r.start; r.step > 0 ? i < r.stop : i > r.stop; i += r.step) {
      if (out.size() > kMaxSequence) {
        user_error(loc, "range too long for compile-time iteration");
      }
      out.push_back(Value::integer(i));
    }
    return out;
  }
  if (v.kind == VK::kLoopSpec) {
    user_error(loc, v.loop->construct + " loops can only be used inside a kernel");
  }
  if (v.is_sequence() || v.kind == VK::kDict) {
    return v.items;
  }
  if (v.kind == VK::kStr || v.kind == VK::kDType) {
    // A dtype is its name string in TileLang ("uint8"), so it iterates as one.
    std::vector<Value> out;
    for (char c : v.kind == VK::kStr ? v.s : v.dtype.str()) {
      out.push_back(Value::str(std::string(1, c)));
    }
    return out;
  }
  user_error(loc, "cannot iterate over " + type_name(v));
}

// ------------------------------------------------------------------ operators

Value Interp::eval_binop(const std::string& op, const Value& a, const Value& b,
                         const Location& loc) {
  if (a.kind == VK::kGpuOnly || b.kind == VK::kGpuOnly) {
    // Kernel arithmetic on a GPU-only value (a thread index); host code: a located error.
    auto k = [&](const Value& v) {
      return v.kind == VK::kGpuOnly ? Value::of_expr(to_expr(v, loc)) : v;
    };
    return eval_binop(op, k(a), k(b), loc);
  }
  if (a.kind == VK::kPendingTensor || b.kind == VK::kPendingTensor) {
    to_expr(a.kind == VK::kPendingTensor ? a : b, loc);
  }
  if (is_kernel_like(a) || is_kernel_like(b)) {
    if (!(a.is_number() || is_kernel_like(a)) || !(b.is_number() || is_kernel_like(b))) {
      user_error(loc, "unsupported operand types for " + op + ": " + type_name(a) + " and " +
                          type_name(b));
    }
    ir::Expr ea = is_kernel_like(a) ? to_expr(a, loc) : ir::Expr();
    ir::Expr eb = is_kernel_like(b) ? to_expr(b, loc) : ir::Expr();
    if (!ea.defined()) {
      ea = to_expr(a, loc, eb.dtype());
    }
    if (!eb.defined()) {
      eb = to_expr(b, loc, ea.dtype());
    }
    if (op == "**") {
      ir::DataType t = promote_types(ea.dtype(), eb.dtype());
      if (!t.is_float()) {
        t = ir::DataType::float32();
      }
      return Value::of_expr(
          ir::Call::make(t, "pow", {cast_to(ea, t, loc), cast_to(eb, t, loc)}, {}, loc));
    }
    return Value::of_expr(make_binary(binop_of(op, loc), ea, eb, loc));
  }
  // Sequences and strings.
  if (op == "+" && a.kind == VK::kStr && b.kind == VK::kStr) {
    if (a.s.size() + b.s.size() > kMaxSequence * 16) {
      user_error(loc, "value too large for compile-time evaluation");
    }
    return Value::str(a.s + b.s);
  }
  if (op == "+" && a.is_sequence() && a.kind == b.kind) {
    if (weight(a, kMaxSequence) + weight(b, kMaxSequence) > kMaxSequence) {
      user_error(loc, "value too large for compile-time evaluation");
    }
    Value r = a;
    r.items.insert(r.items.end(), b.items.begin(), b.items.end());
    return r;
  }
  if (op == "*" && ((a.is_sequence() || a.kind == VK::kStr) && b.kind == VK::kInt)) {
    Value r = a;
    r.items.clear();
    r.s.clear();
    int64_t n = std::max<int64_t>(b.i, 0);
    size_t unit = a.kind == VK::kStr ? a.s.size() : weight(a, kMaxSequence);
    if (unit != 0 && static_cast<uint64_t>(n) > kMaxSequence / unit) {
      user_error(loc, "sequence too large for compile-time evaluation");
    }
    for (int64_t i = 0; i < n; ++i) {
      if (a.kind == VK::kStr) {
        r.s += a.s;
      } else {
        r.items.insert(r.items.end(), a.items.begin(), a.items.end());
      }
    }
    return r;
  }
  if (op == "*" && b.is_sequence() && a.kind == VK::kInt) {
    return eval_binop(op, b, a, loc);
  }
  if (!a.is_number() || !b.is_number()) {
    user_error(
        loc, "unsupported operand types for " + op + ": " + type_name(a) + " and " + type_name(b));
  }
  bool ints = a.kind != VK::kFloat && b.kind != VK::kFloat;
  if (ints) {
    int64_t x = a.kind == VK::kBool ? a.b : a.i;
    int64_t y = b.kind == VK::kBool ? b.b : b.i;
    int64_t r = 0;
    auto overflow = [&] { user_error(loc, "integer overflow in compile-time expression"); };
    if (op == "+") {
      if (__builtin_add_overflow(x, y, &r)) {
        overflow();
      }
    } else if (op == "-") {
      if (__builtin_sub_overflow(x, y, &r)) {
        overflow();
      }
    } else if (op == "*") {
      if (__builtin_mul_overflow(x, y, &r)) {
        overflow();
      }
    } else if (op == "/") {
      if (y == 0) {
        user_error(loc, "division by zero");
      }
      return Value::floating(static_cast<double>(x) / static_cast<double>(y));
    } else if (op == "//" || op == "%") {
      if (y == 0) {
        user_error(loc, "division by zero");
      }
      if (x == INT64_MIN && y == -1) {
        overflow();
      }
      int64_t q = py_floordiv(x, y);
      r = op == "//" ? q : x - q * y;
    } else if (op == "**") {
      if (y < 0) {
        return Value::floating(std::pow(static_cast<double>(x), static_cast<double>(y)));
      }
      r = 1;
      for (int64_t i = 0; i < y; ++i) {
        if (__builtin_mul_overflow(r, x, &r)) {
          overflow();
        }
        if (r == 0 || r == 1) {
          break;
        }
        if (r == -1) {
          r = (y % 2 == 0) ? 1 : -1;
          break;
        }
      }
    } else if (op == "&") {
      r = x & y;
    } else if (op == "|") {
      r = x | y;
    } else if (op == "^") {
      r = x ^ y;
    } else if (op == "<<" || op == ">>") {
      if (y < 0 || y > 62) {
        user_error(loc, "shift count out of range");
      }
      if (op == ">>") {
        r = x >> y;
      } else if (__builtin_mul_overflow(x, int64_t{1} << y, &r)) {
        overflow();
      }
    } else {
      user_error(loc, "operator '" + op + "' is not supported on integers");
    }
    return Value::integer(r);
  }
  double x = a.kind == VK::kFloat ? a.f : static_cast<double>(a.kind == VK::kBool ? a.b : a.i);
  double y = b.kind == VK::kFloat ? b.f : static_cast<double>(b.kind == VK::kBool ? b.b : b.i);
  if (op == "+") {
    return Value::floating(x + y);
  }
  if (op == "-") {
    return Value::floating(x - y);
  }
  if (op == "*") {
    return Value::floating(x * y);
  }
  if (op == "/" || op == "//" || op == "%") {
    if (y == 0) {
      user_error(loc, "division by zero");
    }
    if (op == "/") {
      return Value::floating(x / y);
    }
    double q = std::floor(x / y);
    return Value::floating(op == "//" ? q : x - q * y);
  }
  if (op == "**") {
    return Value::floating(std::pow(x, y));
  }
  user_error(loc, "operator '" + op + "' is not supported on floats");
}

Value Interp::eval_unary(const std::string& op, const Value& a, const Location& loc) {
  if (a.kind == VK::kGpuOnly) {
    return eval_unary(op, Value::of_expr(to_expr(a, loc)), loc);
  }
  if (op == "not") {
    if (is_kernel_like(a)) {
      return Value::of_expr(make_not(to_expr(a, loc), loc));
    }
    return Value::boolean(!truthy(a, loc));
  }
  if (is_kernel_like(a)) {
    ir::Expr e = to_expr(a, loc);
    if (op == "-") {
      return Value::of_expr(make_neg(e, loc));
    }
    if (op == "+") {
      return Value::of_expr(e);
    }
    if (!e.dtype().is_integer()) {
      user_error(loc, "'~' needs an integer operand");
    }
    return Value::of_expr(ir::Unary::make(ir::UnaryOp::kBitNot, e, loc));
  }
  if (a.kind == VK::kInt || a.kind == VK::kBool) {
    int64_t x = a.kind == VK::kBool ? a.b : a.i;
    if (op == "-") {
      if (x == INT64_MIN) {
        user_error(loc, "integer overflow in compile-time expression");
      }
      return Value::integer(-x);
    }
    if (op == "+") {
      return Value::integer(x);
    }
    return Value::integer(~x);
  }
  if (a.kind == VK::kFloat && op != "~") {
    return Value::floating(op == "-" ? -a.f : a.f);
  }
  user_error(loc, "bad operand type for unary " + op + ": " + type_name(a));
}

namespace {
bool dtype_like_equal(const Value& a, const Value& b, bool* ok) {
  auto as_dtype = [](const Value& v) -> std::optional<ir::DataType> {
    if (v.kind == VK::kDType) {
      return v.dtype;
    }
    if (v.kind == VK::kStr) {
      return ir::DataType::parse(v.s);
    }
    return std::nullopt;
  };
  if (a.kind != VK::kDType && b.kind != VK::kDType) {
    *ok = false;
    return false;
  }
  *ok = true;
  auto x = as_dtype(a), y = as_dtype(b);
  return x && y && *x == *y;
}

}  // namespace

bool py_equal(const Value& a, const Value& b) {
  bool ok = false;
  bool eq = dtype_like_equal(a, b, &ok);
  if (ok) {
    return eq;
  }
  if (a.is_number() && b.is_number()) {
    if (a.kind == VK::kFloat || b.kind == VK::kFloat) {
      double x = a.kind == VK::kFloat ? a.f : static_cast<double>(a.kind == VK::kBool ? a.b : a.i);
      double y = b.kind == VK::kFloat ? b.f : static_cast<double>(b.kind == VK::kBool ? b.b : b.i);
      return x == y;
    }
    return (a.kind == VK::kBool ? a.b : a.i) == (b.kind == VK::kBool ? b.b : b.i);
  }
  if (a.kind != b.kind) {
    return false;
  }
  switch (a.kind) {
    case VK::kNone:
      return true;
    case VK::kStr:
    case VK::kBuiltin:
    case VK::kModule:
      return a.s == b.s;
    case VK::kTuple:
    case VK::kList:
      if (a.items.size() != b.items.size()) {
        return false;
      }
      for (size_t i = 0; i < a.items.size(); ++i) {
        if (!py_equal(a.items[i], b.items[i])) {
          return false;
        }
      }
      return true;
    case VK::kBuffer:
      return a.buffer.same_as(b.buffer);
    case VK::kObject:
      if (a.s != b.s || a.values.size() != b.values.size()) {
        return false;
      }
      for (size_t i = 0; i < a.values.size(); ++i) {
        if (!py_equal(a.values[i], b.values[i])) {
          return false;
        }
      }
      return true;
    default:
      return false;
  }
}

Value Interp::eval_compare(const std::string& op, const Value& a, const Value& b,
                           const Location& loc) {
  if (a.kind == VK::kGpuOnly || b.kind == VK::kGpuOnly) {
    auto k = [&](const Value& v) {
      return v.kind == VK::kGpuOnly ? Value::of_expr(to_expr(v, loc)) : v;
    };
    return eval_compare(op, k(a), k(b), loc);
  }
  if (op == "in" || op == "not in") {
    bool found = false;
    if (b.kind == VK::kStr && a.kind == VK::kStr) {
      found = b.s.find(a.s) != std::string::npos;
    } else if (b.is_sequence() || b.kind == VK::kDict) {
      for (const auto& x : b.items) {
        if (py_equal(a, x)) {
          found = true;
          break;
        }
      }
    } else {
      user_error(loc, "'in' needs a sequence on the right, got " + type_name(b));
    }
    return Value::boolean(op == "in" ? found : !found);
  }
  if (op == "is" || op == "is not") {
    bool same = (a.kind == VK::kNone && b.kind == VK::kNone) ||
                (a.kind == b.kind && a.kind != VK::kNone && py_equal(a, b));
    return Value::boolean(op == "is" ? same : !same);
  }
  if (is_kernel_like(a) || is_kernel_like(b)) {
    if (!(a.is_number() || is_kernel_like(a)) || !(b.is_number() || is_kernel_like(b))) {
      user_error(loc, "cannot compare " + type_name(a) + " and " + type_name(b));
    }
    ir::Expr ea = is_kernel_like(a) ? to_expr(a, loc) : ir::Expr();
    ir::Expr eb = is_kernel_like(b) ? to_expr(b, loc) : ir::Expr();
    if (!ea.defined()) {
      ea = to_expr(a, loc, eb.dtype());
    }
    if (!eb.defined()) {
      eb = to_expr(b, loc, ea.dtype());
    }
    ir::CompareOp c = op == "=="   ? ir::CompareOp::kEQ
                      : op == "!=" ? ir::CompareOp::kNE
                      : op == "<"  ? ir::CompareOp::kLT
                      : op == "<=" ? ir::CompareOp::kLE
                      : op == ">"  ? ir::CompareOp::kGT
                                   : ir::CompareOp::kGE;
    return Value::of_expr(make_compare(c, ea, eb, loc));
  }
  if (op == "==") {
    return Value::boolean(py_equal(a, b));
  }
  if (op == "!=") {
    return Value::boolean(!py_equal(a, b));
  }
  auto order = [&](auto x, auto y) {
    if (op == "<") {
      return x < y;
    }
    if (op == "<=") {
      return x <= y;
    }
    if (op == ">") {
      return x > y;
    }
    return x >= y;
  };
  if (a.is_number() && b.is_number()) {
    double x = a.kind == VK::kFloat ? a.f : static_cast<double>(a.kind == VK::kBool ? a.b : a.i);
    double y = b.kind == VK::kFloat ? b.f : static_cast<double>(b.kind == VK::kBool ? b.b : b.i);
    if (a.kind != VK::kFloat && b.kind != VK::kFloat) {
      return Value::boolean(order(a.kind == VK::kBool ? int64_t{a.b} : a.i,
                                  b.kind == VK::kBool ? int64_t{b.b} : b.i));
    }
    return Value::boolean(order(x, y));
  }
  if (a.kind == VK::kStr && b.kind == VK::kStr) {
    return Value::boolean(order(a.s, b.s));
  }
  user_error(loc, "cannot order " + type_name(a) + " and " + type_name(b));
}

// ------------------------------------------------------------------ attributes and subscripts

Value Interp::eval_attribute(const Value& obj, const std::string& name, const Location& loc) {
  switch (obj.kind) {
    case VK::kGpuOnly: {
      // A member of a GPU-only object (a tensor-core emitter's method or size) is GPU-only too.
      Value member;
      member.kind = VK::kGpuOnly;
      member.s = obj.s + "." + name;
      return member;
    }
    case VK::kModule: {
      if (obj.i > 0) {
        ModuleState& m = module_state(static_cast<int>(obj.i));
        if (auto v = lookup_global(m, name, loc)) {
          return *v;
        }
        user_error(loc, "module '" + obj.s + "' has no attribute '" + name + "'");
      }
      std::string full = canonical_name(obj.s + "." + name);
      static const char* kModules[] = {"tilelang",
                                       "T",
                                       "tilelang.layout",
                                       "tilelang.autotuner",
                                       "tilelang.language",
                                       "tilelang.testing",
                                       "tilelang.tenstorrent",
                                       "tilelang.jit"};
      bool is_module_path = false;
      for (const char* m : kModules) {
        if (full == m && builtin_registry().count(full) == 0) {
          is_module_path = true;
        }
      }
      {
        auto below = builtin_registry().lower_bound(full + ".");
        if (below != builtin_registry().end() && below->first.rfind(full + ".", 0) == 0 &&
            builtin_registry().count(full) == 0) {
          is_module_path = true;
        }
      }
      if (is_module_path) {
        return Value::module(full);
      }
      if (full == "T.ptr") {
        // The dtype of a device address: a T.Tensor of them holds other tensors' addresses.
        return Value::dtype_value(ir::DataType::handle());
      }
      if (full.rfind("T.", 0) == 0) {
        if (auto t = ir::DataType::parse(full.substr(2))) {
          return Value::dtype_value(*t);
        }
      }
      if (builtin_registry().count(full)) {
        return Value::builtin(full);
      }
      if (full == "math.pi") {
        return Value::floating(M_PI);
      }
      if (full == "math.e") {
        return Value::floating(M_E);
      }
      if (full == "math.inf") {
        return Value::floating(INFINITY);
      }
      if (full.rfind("T.", 0) == 0 || full.rfind("tilelang", 0) == 0 ||
          full.rfind("math.", 0) == 0) {
        // Unknown TileLang names become builtins that fail (with a precise message) when used.
        return Value::builtin(full);
      }
      if (obj.s == "torch" || obj.s.rfind("torch.", 0) == 0) {
        if (auto t = ir::DataType::parse(name)) {
          return Value::dtype_value(*t);
        }
      }
      return Value::opaque(obj.s + "." + name);
    }
    case VK::kBuiltin:
      if (is_tuner_object(obj)) {
        return tuner_attribute(obj, name, loc);
      }
      return Value::builtin(obj.s + "." + name);
    case VK::kBuffer:
    case VK::kBufferSlice: {
      const ir::Buffer& b = obj.buffer;
      if (name == "dtype") {
        return Value::dtype_value(b->dtype);
      }
      if (name == "shape") {
        std::vector<Value> dims;
        for (const auto& s : b->shape) {
          auto c = ir::as_const_int(s);
          dims.push_back(c ? Value::integer(*c) : Value::of_expr(s));
        }
        return Value::tuple(dims);
      }
      if (name == "name") {
        return Value::str(b->name);
      }
      if (name == "data") {
        return obj;  // the memory of a buffer, for T.Tensor(..., data) views
      }
      if (name == "scope") {
        return Value::str(ir::mem_scope_name(b->scope));
      }
      user_error(loc, "buffer '" + b->name + "' has no attribute '" + name + "'");
    }
    case VK::kFunction:
      if (obj.fn->kind == FunctionKind::kJit && name == "__name__") {
        return Value::str(obj.fn->def->name);
      }
      if (obj.fn->kind == FunctionKind::kJit && name == "compile") {
        Value v = Value::builtin("__jit_compile__");
        v.fn = obj.fn;
        return v;
      }
      return Value::opaque(obj.fn->def->name + "." + name);
    case VK::kPrimFunc:
    case VK::kOpaque:
      return Value::opaque(obj.kind == VK::kOpaque ? obj.s + "." + name : name);
    case VK::kDType:
      if (name == "bits") {
        return Value::integer(obj.dtype.bits());
      }
      if (name == "bytes") {
        return Value::integer((obj.dtype.bits() + 7) / 8);
      }
      if (name == "lanes") {
        return Value::integer(1);
      }
      if (name == "dtype") {
        return Value::str(obj.dtype.str());
      }
      return method_value(obj, name);
    case VK::kObject:
      for (size_t i = 0; i < obj.items.size(); ++i) {
        if (obj.items[i].s == name) {
          return obj.values[i];
        }
      }
      if (obj.fn) {
        // A method of the object's class: bound to the object.
        for (const auto& st : obj.fn->def->body) {
          if (st->kind == ast::StmtKind::kFunctionDef && st->name == name) {
            auto p = std::make_shared<FunctionPayload>();
            p->def = st;
            p->closure = obj.fn->closure;
            p->partial_args = {obj};
            Value f;
            f.kind = VK::kFunction;
            f.fn = p;
            return f;
          }
        }
      }
      user_error(loc, type_name(obj) + " has no attribute '" + name + "'");
    case VK::kStr:
    case VK::kList:
    case VK::kTuple:
    case VK::kDict:
    case VK::kInt:
    case VK::kFloat:
      return method_value(obj, name);
    case VK::kPendingTensor:
      user_error(loc, "tensor parameter '" + obj.s + "' is used before its annotation `" + obj.s +
                          ": T.Tensor(shape, dtype)`");
    case VK::kExpr:
      if (name == "dtype") {
        return Value::dtype_value(obj.expr.dtype());
      }
      if (name == "astype") {
        return method_value(obj, name);
      }
      break;
    default:
      break;
  }
  user_error(loc, type_name(obj) + " has no attribute '" + name + "'");
}

Value Interp::eval_subscript(const Value& obj, const Value& index, const ast::Expr& e,
                             const Location& loc) {
  if (obj.kind == VK::kGpuOnly) {
    return gpu_only_use(obj, {obj, index}, "subscript", loc);
  }
  if (obj.kind == VK::kBuffer) {
    const ir::Buffer& b = obj.buffer;
    std::vector<Value> idx = index.kind == VK::kTuple ? index.items : std::vector<Value>{index};
    if (idx.size() != b.rank()) {
      user_error(loc, fmt::format("buffer '{}' has rank {} but is indexed with {} {}", b->name,
                                  b.rank(), idx.size(), idx.size() == 1 ? "index" : "indices"));
    }
    bool any_slice = false;
    for (const auto& i : idx) {
      if (i.kind == VK::kSlice) {
        any_slice = true;
      } else if (i.kind != VK::kInt && i.kind != VK::kExpr && i.kind != VK::kBool &&
                 i.kind != VK::kGpuOnly &&
                 !(i.kind == VK::kBuffer && i.buffer->scope == ir::MemScope::kVar)) {
        user_error(e.b->loc, "buffer index must be an integer, got " + type_name(i));
      }
    }
    if (any_slice) {
      Value r;
      r.kind = VK::kBufferSlice;
      r.buffer = b;
      r.items = idx;
      return r;
    }
    std::vector<ir::Expr> indices;
    for (const auto& i : idx) {
      ir::Expr x = to_expr(i, e.b->loc);
      if (!x.dtype().is_integer()) {
        user_error(e.b->loc, "buffer index must be an integer, not " + x.dtype().str());
      }
      indices.push_back(x);
    }
    return Value::of_expr(ir::BufferLoad::make(b, indices, loc));
  }
  if (obj.is_sequence() || obj.kind == VK::kStr) {
    int64_t n = obj.kind == VK::kStr ? static_cast<int64_t>(obj.s.size())
                                     : static_cast<int64_t>(obj.items.size());
    if (index.kind == VK::kSlice) {
      auto bound = [&](const Value& v, int64_t dflt) {
        if (v.kind == VK::kNone) {
          return dflt;
        }
        int64_t x = to_int(v, loc, "slice bound");
        if (x < 0) {
          x += n;
        }
        return std::clamp<int64_t>(x, 0, n);
      };
      if (index.items[2].kind != VK::kNone) {
        user_error(loc, "slices with a step are not supported");
      }
      int64_t lo = bound(index.items[0], 0), hi = bound(index.items[1], n);
      Value r = obj;
      if (obj.kind == VK::kStr) {
        r.s = hi > lo ? obj.s.substr(lo, hi - lo) : "";
      } else {
        r.items.assign(obj.items.begin() + lo, obj.items.begin() + std::max(lo, hi));
      }
      return r;
    }
    int64_t i = to_int(index, loc, "index");
    if (i < 0) {
      i += n;
    }
    if (i < 0 || i >= n) {
      user_error(loc, fmt::format("index {} out of range for a {} of length {}",
                                  to_int(index, loc, "index"), type_name(obj), n));
    }
    return obj.kind == VK::kStr ? Value::str(std::string(1, obj.s[i])) : obj.items[i];
  }
  if (obj.kind == VK::kDict) {
    for (size_t i = 0; i < obj.items.size(); ++i) {
      if (py_equal(obj.items[i], index)) {
        return obj.values[i];
      }
    }
    user_error(loc, "key " + show(index) + " not found");
  }
  if (obj.kind == VK::kBuiltin &&
      (obj.s == "T.Tensor" || obj.s == "T.Buffer" || obj.s == "T.SharedBuffer" ||
       obj.s == "T.FragmentBuffer" || obj.s == "T.LocalBuffer")) {
    CallArgs args;
    args.loc = loc;
    std::vector<Value> items = index.kind == VK::kTuple ? index.items : std::vector<Value>{index};
    for (const auto& v : items) {
      args.args.push_back(v);
      args.arg_locs.push_back(e.b->loc);
    }
    return call(obj, args);
  }
  if (obj.kind == VK::kPendingTensor) {
    to_expr(obj, loc);
  }
  user_error(loc, type_name(obj) + " is not subscriptable");
}

// ------------------------------------------------------------------ expressions

Value Interp::eval(const ast::ExprP& ep, const EnvP& env) {
  const ast::Expr& e = *ep;
  step(e.loc);
  switch (e.kind) {
    case ast::ExprKind::kName:
      return lookup(e.name, env, e.loc);
    case ast::ExprKind::kInt:
      if (e.int_overflow) {
        user_error(e.loc, "integer literal is too large");
      }
      return Value::integer(e.int_value);
    case ast::ExprKind::kFloat:
      return Value::floating(e.float_value);
    case ast::ExprKind::kStr:
      return Value::str(e.name);
    case ast::ExprKind::kBool:
      return Value::boolean(e.bool_value);
    case ast::ExprKind::kNone:
      return Value::none();
    case ast::ExprKind::kEllipsis:
      user_error(e.loc, "'...' is not supported");
    case ast::ExprKind::kBinOp: {
      Value a = eval(e.a, env);
      Value b = eval(e.b, env);
      if (e.name == "@") {
        user_error(e.loc, "the '@' operator is not supported; use T.gemm");
      }
      return eval_binop(e.name, a, b, e.loc);
    }
    case ast::ExprKind::kUnaryOp:
      return eval_unary(e.name, eval(e.a, env), e.loc);
    case ast::ExprKind::kBoolOp: {
      bool is_and = e.name == "and";
      Value acc = eval(e.elts[0], env);
      for (size_t i = 1; i < e.elts.size(); ++i) {
        if (is_kernel_like(acc)) {
          Value rhs = eval(e.elts[i], env);
          acc = Value::of_expr(make_logical(is_and ? ir::LogicalOp::kAnd : ir::LogicalOp::kOr,
                                            to_expr(acc, e.loc), to_expr(rhs, e.loc), e.loc));
          continue;
        }
        bool t = truthy(acc, e.elts[i - 1]->loc);
        if (is_and ? !t : t) {
          return acc;
        }
        acc = eval(e.elts[i], env);
      }
      return acc;
    }
    case ast::ExprKind::kCompare: {
      Value left = eval(e.a, env);
      Value result;
      for (size_t i = 0; i < e.ops.size(); ++i) {
        Value right = eval(e.elts[i], env);
        Value r = eval_compare(e.ops[i], left, right, e.loc);
        if (i == 0) {
          result = r;
        } else if (is_kernel_like(result) || is_kernel_like(r)) {
          result = Value::of_expr(
              make_logical(ir::LogicalOp::kAnd, to_expr(result, e.loc), to_expr(r, e.loc), e.loc));
        } else if (!truthy(result, e.loc)) {
          return result;
        } else {
          result = r;
        }
        left = right;
      }
      return result;
    }
    case ast::ExprKind::kCall:
      return eval_call(e, env);
    case ast::ExprKind::kAttribute:
      return eval_attribute(eval(e.a, env), e.name, e.loc);
    case ast::ExprKind::kSubscript: {
      Value obj = eval(e.a, env);
      Value idx = eval(e.b, env);
      return eval_subscript(obj, idx, e, e.loc);
    }
    case ast::ExprKind::kSlice: {
      Value s;
      s.kind = VK::kSlice;
      s.items.push_back(e.a ? eval(e.a, env) : Value::none());
      s.items.push_back(e.b ? eval(e.b, env) : Value::none());
      s.items.push_back(e.c ? eval(e.c, env) : Value::none());
      return s;
    }
    case ast::ExprKind::kTuple:
    case ast::ExprKind::kList:
    case ast::ExprKind::kSet: {
      std::vector<Value> items;
      for (const auto& x : e.elts) {
        if (x->kind == ast::ExprKind::kStarred) {
          Value v = eval(x->a, env);
          for (const auto& y : iterate(v, x->loc)) {
            items.push_back(y);
          }
        } else {
          items.push_back(eval(x, env));
        }
      }
      return checked(e.kind == ast::ExprKind::kTuple ? Value::tuple(items) : Value::list(items),
                     e.loc);
    }
    case ast::ExprKind::kDict: {
      Value d;
      d.kind = VK::kDict;
      for (size_t i = 0; i < e.elts.size(); ++i) {
        d.items.push_back(eval(e.elts[i], env));
        d.values.push_back(eval(e.values[i], env));
      }
      return checked(d, e.loc);
    }
    case ast::ExprKind::kIfExp: {
      Value c = eval(e.b, env);
      if (is_kernel_like(c)) {
        ir::Expr cond = as_condition(to_expr(c, e.b->loc), e.b->loc);
        if (const auto* b = cond.as<ir::BoolImm>()) {
          return eval(b->value ? e.a : e.c, env);
        }
        Value t = eval(e.a, env);
        Value f = eval(e.c, env);
        ir::Expr et = is_kernel_like(t) ? to_expr(t, e.loc) : ir::Expr();
        ir::Expr ef = is_kernel_like(f) ? to_expr(f, e.loc) : ir::Expr();
        if (!et.defined()) {
          et = to_expr(t, e.a->loc, ef.defined() ? ef.dtype() : ir::DataType());
        }
        if (!ef.defined()) {
          ef = to_expr(f, e.c->loc, et.dtype());
        }
        return Value::of_expr(make_select(cond, et, ef, e.loc));
      }
      return truthy(c, e.b->loc) ? eval(e.a, env) : eval(e.c, env);
    }
    case ast::ExprKind::kLambda: {
      auto p = std::make_shared<FunctionPayload>();
      p->def = e.def;
      p->closure = env;
      Value f;
      f.kind = VK::kFunction;
      f.fn = p;
      return f;
    }
    case ast::ExprKind::kListComp:
    case ast::ExprKind::kDictComp:
      return eval_listcomp(e, env);
    case ast::ExprKind::kStarred:
      user_error(e.loc, "starred expression is not allowed here");
  }
  user_error(e.loc, "unsupported expression");
}

void Interp::comp_loop(const ast::Expr& e, size_t level, const EnvP& env, std::vector<Value>* out) {
  if (level == e.comps.size()) {
    out->push_back(eval(e.a, env));
    if (e.kind == ast::ExprKind::kDictComp) {
      out->push_back(eval(e.b, env));
    }
    if (out->size() > kMaxSequence) {
      user_error(e.loc, "comprehension too large");
    }
    return;
  }
  const ast::Comprehension& c = e.comps[level];
  for (const Value& v : iterate(eval(c.iter, env), c.iter->loc)) {
    step(e.loc);
    KernelBuilder* saved = builder_;
    builder_ = nullptr;
    assign(c.target, v, env, e.loc);
    builder_ = saved;
    bool keep = true;
    for (const auto& cond : c.ifs) {
      if (!truthy(eval(cond, env), cond->loc)) {
        keep = false;
        break;
      }
    }
    if (keep) {
      comp_loop(e, level + 1, env, out);
    }
  }
}

Value Interp::eval_listcomp(const ast::Expr& e, const EnvP& env) {
  EnvP inner = make_env(env);
  std::vector<Value> out;
  comp_loop(e, 0, inner, &out);
  if (e.kind != ast::ExprKind::kDictComp) {
    if (e.name == "set") {
      std::vector<Value> uniq;
      for (const auto& v : out) {
        if (std::none_of(uniq.begin(), uniq.end(),
                         [&](const Value& u) { return py_equal(u, v); })) {
          uniq.push_back(v);
        }
      }
      out = std::move(uniq);
    }
    return Value::list(out);
  }
  Value d;
  d.kind = VK::kDict;
  for (size_t i = 0; i + 1 < out.size(); i += 2) {
    dict_set(d, out[i], out[i + 1]);
  }
  return d;
}

Value Interp::eval_call(const ast::Expr& e, const EnvP& env) {
  if (Value r; builder_ == nullptr && call_method(e, env, &r)) {
    return r;
  }
  std::string hint = name_hint_;
  name_hint_.clear();
  Value callee = eval(e.a, env);
  CallArgs args;
  args.loc = e.loc;
  args.callee_loc = e.a->loc;
  for (const auto& a : e.elts) {
    if (a->kind == ast::ExprKind::kStarred) {
      Value v = eval(a->a, env);
      for (const auto& x : iterate(v, a->loc)) {
        args.args.push_back(x);
        args.arg_locs.push_back(a->loc);
      }
      continue;
    }
    args.args.push_back(eval(a, env));
    args.arg_locs.push_back(a->loc);
  }
  for (const auto& kw : e.keywords) {
    Value v = eval(kw.value, env);
    if (kw.name.empty()) {
      if (v.kind != VK::kDict) {
        user_error(kw.loc, "argument after ** must be a dict, not " + type_name(v));
      }
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (v.items[i].kind != VK::kStr) {
          user_error(kw.loc, "keywords must be strings");
        }
        args.kwargs.push_back({v.items[i].s, v.values[i]});
        args.kw_locs.push_back(kw.loc);
      }
      continue;
    }
    for (const auto& [k, _] : args.kwargs) {
      if (k == kw.name) {
        user_error(kw.loc, "keyword argument repeated: " + kw.name);
      }
    }
    args.kwargs.push_back({kw.name, v});
    args.kw_locs.push_back(kw.loc);
  }
  name_hint_ = hint;
  Value r = call(callee, args);
  name_hint_.clear();
  return r;
}

Value Interp::call(const Value& callee, CallArgs& args) {
  switch (callee.kind) {
    case VK::kBuiltin: {
      if (callee.s == "__jit_compile__") {
        if (!args.args.empty()) {
          user_error(args.loc, "'.compile()' takes keyword arguments only");
        }
        Value fn;
        fn.kind = VK::kFunction;
        fn.fn = callee.fn;
        return call_function(fn, args);
      }
      if (callee.s.rfind("method:", 0) == 0) {
        return call_builtin_method(*this, callee, args);
      }
      auto& reg = builtin_registry();
      auto it = reg.find(callee.s);
      if (it == reg.end()) {
        if (gpu_only_name(callee.s)) {
          return gpu_only_call(callee.s, args);
        }
        if (const Value* g = find_gpu_only(args); g && builder_ != nullptr) {
          return gpu_only_call(g->s, args, callee.s);  // T.attr(T.comm_reducer(...), ...)
        }
        if (callee.s.rfind("T.", 0) == 0 || callee.s.rfind("tilelang", 0) == 0) {
          user_error(args.callee_loc, "'" + callee.s + "' is not a supported TileLang construct");
        }
        user_error(args.callee_loc, "'" + callee.s + "' is not supported at compile time");
      }
      // A TileLang builtin given a GPU-only value (T.copy from tensor memory, a T.gemm into
      // it, ...) is a use of that construct.
      if (const Value* g = find_gpu_only(args)) {
        if (builder_ == nullptr) {
          gpu_only_error(*g, args.loc);
        }
        return gpu_only_call(g->s, args, callee.s);
      }
      return it->second(*this, args);
    }
    case VK::kGpuOnly:
      return gpu_only_call(callee.s, args);
    case VK::kFunction:
      if (!callee.fn->partial_args.empty() || !callee.fn->partial_kwargs.empty()) {
        CallArgs full = args;
        full.args.insert(full.args.begin(), callee.fn->partial_args.begin(),
                         callee.fn->partial_args.end());
        full.arg_locs.insert(full.arg_locs.begin(), callee.fn->partial_args.size(), args.loc);
        for (const auto& [k, v] : callee.fn->partial_kwargs) {
          bool given = false;
          for (const auto& kv : args.kwargs) {
            given |= kv.first == k;
          }
          if (!given) {
            full.kwargs.push_back({k, v});
            full.kw_locs.push_back(args.loc);
          }
        }
        Value plain = callee;
        auto p = std::make_shared<FunctionPayload>(*callee.fn);
        p->partial_args.clear();
        p->partial_kwargs.clear();
        plain.fn = p;
        return call(plain, full);
      }
      return call_function(callee, args);
    case VK::kClass:
      return construct_object(callee, args);
    case VK::kDType: {
      // T.float32(1.0): a typed constant; T.int32(x): a cast.
      if (args.args.size() != 1 || !args.kwargs.empty()) {
        user_error(args.loc, "T." + callee.dtype.str() + "() takes exactly one argument");
      }
      const Value& v = args.args[0];
      ir::Expr e =
          to_expr(v, args.arg_locs[0], v.is_number() ? std::optional(callee.dtype) : std::nullopt);
      return Value::of_expr(cast_to(e, callee.dtype, args.loc));
    }
    case VK::kOpaque:
      if (gpu_only_name(callee.s)) {
        return gpu_only_call(callee.s, args);
      }
      user_error(args.callee_loc, "'" + callee.s + "' cannot be evaluated at compile time");
    case VK::kPendingTensor:
      to_expr(callee, args.callee_loc);
      break;
    default:
      break;
  }
  user_error(args.callee_loc, type_name(callee) + " is not callable");
}

std::vector<std::optional<Value>> bind_args(const CallArgs& args, const std::string& fname,
                                            const std::vector<std::string>& params,
                                            std::vector<Location>* locs) {
  std::vector<std::optional<Value>> out(params.size());
  std::vector<Location> where(params.size(), args.loc);
  std::vector<std::string> names;
  std::vector<bool> optional;
  for (const auto& p : params) {
    bool opt = !p.empty() && p.back() == '?';
    names.push_back(opt ? p.substr(0, p.size() - 1) : p);
    optional.push_back(opt);
  }
  if (args.args.size() > params.size()) {
    user_error(args.arg_locs[params.size()],
               fmt::format("{}() takes at most {} argument{} ({} given)", fname, params.size(),
                           params.size() == 1 ? "" : "s", args.args.size()));
  }
  for (size_t i = 0; i < args.args.size(); ++i) {
    out[i] = args.args[i];
    where[i] = args.arg_locs[i];
  }
  for (size_t k = 0; k < args.kwargs.size(); ++k) {
    const auto& [name, v] = args.kwargs[k];
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      user_error(args.kw_locs[k], fname + "() got an unexpected keyword argument '" + name + "'");
    }
    size_t i = it - names.begin();
    if (out[i]) {
      user_error(args.kw_locs[k], fname + "() got multiple values for argument '" + name + "'");
    }
    out[i] = v;
    where[i] = args.kw_locs[k];
  }
  for (size_t i = 0; i < params.size(); ++i) {
    if (!out[i] && !optional[i]) {
      user_error(args.loc, fname + "() missing required argument '" + names[i] + "'");
    }
  }
  if (locs) {
    *locs = where;
  }
  return out;
}

}  // namespace tltt::fe
