// Pass helpers: formats, call builders, structure and float constants (index expressions:
// pass_util_expr.cc).
#include "passes/pass_util.h"

#include <algorithm>
#include <cstring>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"

namespace tltt::passes {

using namespace ir;

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
  return tt_call(TtOp::kRuntimeArg, DataType::int32(), {StringImm::make(name, loc)}, {}, loc);
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

bool loads_buffer(const Expr& e) {
  bool found = false;
  if (e.defined()) {
    post_order_visit(Evaluate::make(e),
                     [&](const Node* n) { found |= n->kind == NodeKind::kBufferLoad; });
  }
  return found;
}

bool uses_var(const Expr& e, const Variable* v) {
  bool found = false;
  if (e.defined()) {
    post_order_visit(Evaluate::make(e), [&](const Node* n) { found |= n == v; });
  }
  return found;
}

std::set<const Variable*> vars_in(const Expr& e) {
  std::set<const Variable*> out;
  post_order_visit(Evaluate::make(e), [&](const Node* n) {
    if (n->kind == NodeKind::kVariable) {
      out.insert(static_cast<const Variable*>(n));
    }
  });
  return out;
}

std::set<const BufferNode*> buffers_in(const Stmt& s,
                                       const std::function<bool(const Call*)>& on_call) {
  class Collect : public Visitor {
   public:
    using Visitor::visit;
    const std::function<bool(const Call*)>* on_call = nullptr;
    std::set<const BufferNode*> seen;
    void region(const Region& r) { seen.insert(r.buffer.get()); }
    void visit(const Evaluate* op) override {
      const Call* c = op->value.as<Call>();
      if (!c || !*on_call || !(*on_call)(c)) {
        Visitor::visit(op);
      }
    }
    void visit(const RegionRef* op) override { region(op->region); }
    void visit(const BufferLoad* op) override {
      seen.insert(op->buffer.get());
      Visitor::visit(op);
    }
    void visit(const BufferStore* op) override {
      seen.insert(op->buffer.get());
      Visitor::visit(op);
    }
    void visit(const Copy* op) override {
      region(op->src);
      region(op->dst);
    }
    void visit(const Gemm* op) override {
      region(op->a);
      region(op->b);
      region(op->c);
    }
    void visit(const Fill* op) override { region(op->dst); }
    void visit(const Reduce* op) override {
      region(op->src);
      region(op->dst);
    }
    void visit(const AtomicAdd* op) override {
      post_order_visit(Stmt(op), [&](const Node* n) {
        if (n->kind == NodeKind::kRegionRef) {
          region(static_cast<const RegionRef*>(n)->region);
        }
      });
      Visitor::visit(op);
    }
    void visit(const BufferView* op) override {
      seen.insert(op->buffer.get());
      seen.insert(op->source.get());
      Visitor::visit(op);
    }
  } c;
  c.on_call = &on_call;
  c.visit(s);
  return c.seen;
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

PrimFunc mutate_with_params(Mutator& m, const PrimFunc& f) {
  PrimFunc out = f.with_body(m.mutate(f.body));
  for (Param& p : out.params) {
    if (p.is_buffer()) {
      p.buffer = m.mutate_buffer(p.buffer);
    }
  }
  return out;
}

std::vector<const KernelLaunch*> kernel_launches(const Stmt& body) {
  std::vector<const KernelLaunch*> out;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kKernelLaunch) {
      out.push_back(static_cast<const KernelLaunch*>(n));
    }
  });
  return out;
}

Stmt replace_launch(const Stmt& body, const KernelLaunch* old, Stmt with) {
  struct Replace : Mutator {
    using Mutator::visit;
    const KernelLaunch* old = nullptr;
    Stmt with;
    Stmt visit(const KernelLaunch* op) override { return op == old ? with : Mutator::visit(op); }
  } r;
  r.old = old;
  r.with = std::move(with);
  return r.mutate(body);
}

Stmt gathered_fill(const Buffer& cb, int64_t pages, TtOp gather, std::vector<Expr> args,
                   Location loc) {
  Expr cb_ref = buffer_ref(cb, loc);
  Var l1 = Variable::make("l1_write_addr", DataType::int32(), loc);
  args.insert(args.begin(), l1);
  Stmt inner = SeqStmt::make({tt_call_stmt(gather, std::move(args), {}, loc),
                              tt_call_stmt(TtOp::kNocAsyncReadBarrier, {}, {}, loc),
                              tt_call_stmt(TtOp::kCbPushBack, {cb_ref, cint(pages, loc)}, {}, loc)},
                             loc);
  return SeqStmt::make(
      {tt_call_stmt(TtOp::kCbReserveBack, {cb_ref, cint(pages, loc)}, {}, loc),
       LetStmt::make(l1, tt_call(TtOp::kGetWritePtr, DataType::int32(), {cb_ref}, {}, loc), inner,
                     loc)},
      loc);
}

}  // namespace tltt::passes
