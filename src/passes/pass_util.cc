// Pass helpers: folding, bounds, formats, call builders.
#include "passes/pass_util.h"

#include <algorithm>
#include <cstring>

#include "ir/visitor.h"

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

std::optional<std::string> data_format(DataType t) {
  if (t == DataType::bfloat16()) {
    return "Float16_b";
  }
  if (t == DataType::float16()) {
    return "Float16";
  }
  if (t == DataType::float32()) {
    return "Float32";
  }
  if (t == DataType::int32()) {
    return "Int32";
  }
  if (t == DataType::uint32()) {
    return "UInt32";
  }
  if (t == DataType::uint16()) {
    return "UInt16";
  }
  if (t == DataType::int8()) {
    return "Int8";
  }
  if (t == DataType::uint8()) {
    return "UInt8";
  }
  return std::nullopt;
}

int64_t tile_bytes(DataType t) { return kTile * kTile * std::max(1, t.bytes()); }

std::vector<int64_t> tile_grid(const Buffer& b) {
  size_t r = b->shape.size();
  auto h = r >= 2 ? as_const_int(b->shape[r - 2]) : std::optional<int64_t>(1 * kTile);
  auto w = r >= 1 ? as_const_int(b->shape[r - 1]) : std::optional<int64_t>();
  return {h ? *h / kTile : 0, w ? *w / kTile : 0};
}

int64_t buffer_tiles(const Buffer& b) {
  int64_t n = 1;
  size_t r = b->shape.size();
  for (size_t i = 0; i + 2 < r; ++i) {
    n *= as_const_int(b->shape[i]).value_or(0);
  }
  auto g = tile_grid(b);
  return n * g[0] * g[1];
}

Stmt call_stmt(const std::string& name, std::vector<Expr> args, Attrs attrs, Location loc) {
  return Evaluate::make(
      Call::make(DataType::void_type(), name, std::move(args), std::move(attrs), loc), loc);
}

Expr call_expr(DataType t, const std::string& name, std::vector<Expr> args, Attrs attrs,
               Location loc) {
  return Call::make(t, name, std::move(args), std::move(attrs), loc);
}

const Call* as_call_stmt(const Stmt& s) {
  const Evaluate* ev = s.as<Evaluate>();
  return ev ? ev->value.as<Call>() : nullptr;
}

Expr buffer_ref(const Buffer& b, Location loc) {
  return RegionRef::make(Region::full(b, loc), loc);
}

Buffer ref_buffer(const Expr& e) {
  const RegionRef* r = e.as<RegionRef>();
  return r ? r->region.buffer : Buffer();
}

const Region* ref_region(const Expr& e) {
  const RegionRef* r = e.as<RegionRef>();
  return r ? &r->region : nullptr;
}

Expr runtime_arg(const std::string& name, Location loc) {
  return Call::make(DataType::int32(), "tt.runtime_arg", {StringImm::make(name, loc)}, {}, loc);
}

Stmt seq(std::vector<Stmt> stmts, Location loc) {
  std::vector<Stmt> kept;
  for (auto& s : stmts) {
    if (s.defined()) {
      kept.push_back(std::move(s));
    }
  }
  return SeqStmt::make(std::move(kept), loc);
}

Stmt prepend_in_scope(const Stmt& body, std::vector<Stmt> stmts) {
  if (const Allocate* a = body.as<Allocate>()) {
    return Allocate::make(a->buffer, prepend_in_scope(a->body, std::move(stmts)), a->loc);
  }
  stmts.push_back(body);
  return SeqStmt::make(std::move(stmts), body->loc);
}

std::vector<Buffer> allocated_cbs(const Stmt& s) {
  std::vector<Buffer> out;
  post_order_visit(s, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      const auto* a = static_cast<const Allocate*>(n);
      if (a->buffer->scope == MemScope::kCB) {
        out.push_back(a->buffer);
      }
    }
  });
  std::reverse(out.begin(), out.end());
  return out;
}

std::string kernel_role(const Module& m, const PrimFunc& f) {
  const KernelPlan* k = m.plan.kernel_of(f.name);
  return k ? to_string(k->role) : "";
}

bool uses_var(const Expr& e, const Variable* v) {
  bool found = false;
  if (e.defined()) {
    post_order_visit(Evaluate::make(e), [&](const Node* n) { found |= n == v; });
  }
  return found;
}

std::optional<Expr> split_index(const Expr& e, const Variable* v,
                                const std::vector<const Variable*>& vars) {
  auto free_of_vars = [&](const Expr& x) {
    return std::none_of(vars.begin(), vars.end(),
                        [&](const Variable* u) { return uses_var(x, u); });
  };
  if (e.get() == v) {
    return cint(0, e.loc());
  }
  if (const Binary* b = e.as<Binary>(); b && b->op == BinaryOp::kAdd) {
    if (b->b.get() == v && free_of_vars(b->a)) {
      return b->a;
    }
    if (b->a.get() == v && free_of_vars(b->b)) {
      return b->b;
    }
  }
  return std::nullopt;
}

Expr strip_float_casts(Expr e) {
  while (const Cast* c = e.as<Cast>()) {
    if (!c->dtype.is_float() || !c->value.dtype().is_float()) {
      break;
    }
    e = c->value;
  }
  return e;
}

std::optional<double> const_float(const Expr& e) {
  if (const FloatImm* f = e.as<FloatImm>()) {
    return f->value;
  }
  if (auto v = as_const_int(e)) {
    return static_cast<double>(*v);
  }
  if (const Cast* c = e.as<Cast>(); c && c->dtype.is_float()) {
    return const_float(c->value);
  }
  if (const Unary* u = e.as<Unary>(); u && u->op == UnaryOp::kNeg) {
    auto a = const_float(u->a);
    return a ? std::optional<double>(-*a) : std::nullopt;
  }
  return std::nullopt;
}

uint32_t float_bits(double v) {
  float f = static_cast<float>(v);
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
}

std::vector<const For*> parallel_nest(const For* outer) {
  std::vector<const For*> nest{outer};
  while (const For* inner = nest.back()->body.as<For>()) {
    if (inner->for_kind != ForKind::kParallel) {
      break;
    }
    nest.push_back(inner);
  }
  return nest;
}

bool region_is_full(const Region& r) {
  for (size_t d = 0; d < r.ranges.size(); ++d) {
    auto mn = const_value(r.ranges[d].min), ext = const_value(r.ranges[d].extent);
    if (!mn || *mn != 0 || !ext || *ext != as_const_int(r.buffer->shape[d]).value_or(-1)) {
      return false;
    }
  }
  return true;
}

}  // namespace tltt::passes
