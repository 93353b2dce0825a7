// Default Mutator: recurse, rebuild only when a child changed.
#include "ir/mutator.h"

namespace tltt::ir {

Expr Mutator::mutate(const Expr& e) {
  if (!e.defined()) {
    return e;
  }
  switch (e->kind) {
#define TLTT_IR_EXPR(Name) \
  case NodeKind::k##Name:  \
    return visit(static_cast<const Name*>(e.get()));
#include "ir/ir_nodes.def"
    default:
      return e;
  }
}

Stmt Mutator::mutate(const Stmt& s) {
  if (!s.defined()) {
    return s;
  }
  switch (s->kind) {
#define TLTT_IR_STMT(Name) \
  case NodeKind::k##Name:  \
    return visit(static_cast<const Name*>(s.get()));
#include "ir/ir_nodes.def"
    default:
      return s;
  }
}

PrimFunc Mutator::mutate(const PrimFunc& f) {
  Stmt body = mutate(f.body);
  if (body.same_as(f.body)) {
    return f;
  }
  return f.with_body(body);
}

std::vector<Expr> Mutator::mutate_all(const std::vector<Expr>& v, bool* changed) {
  std::vector<Expr> out;
  out.reserve(v.size());
  for (const auto& e : v) {
    out.push_back(mutate(e));
    if (!out.back().same_as(e)) {
      *changed = true;
    }
  }
  return out;
}

bool Mutator::region_changed(const Region& a, const Region& b) const {
  if (!a.buffer.same_as(b.buffer) || a.ranges.size() != b.ranges.size()) {
    return true;
  }
  for (size_t i = 0; i < a.ranges.size(); ++i) {
    if (!a.ranges[i].min.same_as(b.ranges[i].min) ||
        !a.ranges[i].extent.same_as(b.ranges[i].extent)) {
      return true;
    }
  }
  return false;
}

Region Mutator::mutate_region(const Region& r) {
  Region out{mutate_buffer(r.buffer), {}, r.loc};
  for (const auto& rg : r.ranges) {
    out.ranges.push_back({mutate(rg.min), mutate(rg.extent)});
  }
  return region_changed(r, out) ? out : r;
}

Expr Mutator::visit(const IntImm* op) { return op; }
Expr Mutator::visit(const FloatImm* op) { return op; }
Expr Mutator::visit(const BoolImm* op) { return op; }
Expr Mutator::visit(const StringImm* op) { return op; }
Expr Mutator::visit(const Variable* op) { return op; }

Expr Mutator::visit(const Binary* op) {
  Expr a = mutate(op->a), b = mutate(op->b);
  if (a.same_as(op->a) && b.same_as(op->b)) {
    return op;
  }
  return Binary::make(op->op, a, b, op->loc);
}

Expr Mutator::visit(const Unary* op) {
  Expr a = mutate(op->a);
  return a.same_as(op->a) ? Expr(op) : Unary::make(op->op, a, op->loc);
}

Expr Mutator::visit(const Compare* op) {
  Expr a = mutate(op->a), b = mutate(op->b);
  if (a.same_as(op->a) && b.same_as(op->b)) {
    return op;
  }
  return Compare::make(op->op, a, b, op->loc);
}

Expr Mutator::visit(const Logical* op) {
  Expr a = mutate(op->a), b = mutate(op->b);
  if (a.same_as(op->a) && b.same_as(op->b)) {
    return op;
  }
  return Logical::make(op->op, a, b, op->loc);
}

Expr Mutator::visit(const Select* op) {
  Expr c = mutate(op->cond), t = mutate(op->true_value), f = mutate(op->false_value);
  if (c.same_as(op->cond) && t.same_as(op->true_value) && f.same_as(op->false_value)) {
    return op;
  }
  return Select::make(c, t, f, op->loc);
}

Expr Mutator::visit(const Cast* op) {
  Expr v = mutate(op->value);
  return v.same_as(op->value) ? Expr(op) : Cast::make(op->dtype, v, op->loc);
}

Expr Mutator::visit(const BufferLoad* op) {
  bool changed = false;
  Buffer buf = mutate_buffer(op->buffer);
  changed = !buf.same_as(op->buffer);
  auto idx = mutate_all(op->indices, &changed);
  return changed ? BufferLoad::make(buf, idx, op->loc) : Expr(op);
}

Expr Mutator::visit(const Call* op) {
  bool changed = false;
  auto args = mutate_all(op->args, &changed);
  return changed ? Call::make(op->dtype, op->name, args, op->attrs, op->loc) : Expr(op);
}

Expr Mutator::visit(const RegionRef* op) {
  Region r = mutate_region(op->region);
  return region_changed(op->region, r) ? RegionRef::make(r, op->loc) : Expr(op);
}

Stmt Mutator::visit(const SeqStmt* op) {
  bool changed = false;
  std::vector<Stmt> out;
  out.reserve(op->stmts.size());
  for (const auto& s : op->stmts) {
    out.push_back(mutate(s));
    if (!out.back().same_as(s)) {
      changed = true;
    }
  }
  if (!changed) {
    return op;
  }
  std::vector<Stmt> kept;
  for (auto& s : out) {
    if (s.defined()) {
      kept.push_back(std::move(s));
    }
  }
  if (kept.empty()) {
    return Stmt();
  }
  return SeqStmt::make(std::move(kept), op->loc);
}

Stmt Mutator::visit(const KernelLaunch* op) {
  bool changed = false;
  auto ext = mutate_all(op->extents, &changed);
  Stmt body = mutate(op->body);
  if (!changed && body.same_as(op->body)) {
    return op;
  }
  return KernelLaunch::make(ext, op->vars, op->attrs, body, op->loc);
}

Stmt Mutator::visit(const Allocate* op) {
  Buffer buf = mutate_buffer(op->buffer);
  Stmt body = mutate(op->body);
  if (buf.same_as(op->buffer) && body.same_as(op->body)) {
    return op;
  }
  return Allocate::make(buf, body, op->loc);
}

Stmt Mutator::visit(const BufferView* op) {
  Buffer buf = mutate_buffer(op->buffer);
  Buffer src = mutate_buffer(op->source);
  Stmt body = mutate(op->body);
  if (buf.same_as(op->buffer) && src.same_as(op->source) && body.same_as(op->body)) {
    return op;
  }
  return BufferView::make(buf, src, op->construct, body, op->loc);
}

Stmt Mutator::visit(const While* op) {
  Expr c = mutate(op->cond);
  Stmt body = mutate(op->body);
  if (c.same_as(op->cond) && body.same_as(op->body)) {
    return op;
  }
  return While::make(c, body, op->loc);
}

Stmt Mutator::visit(const For* op) {
  Expr mn = mutate(op->min), ext = mutate(op->extent);
  Stmt body = mutate(op->body);
  if (mn.same_as(op->min) && ext.same_as(op->extent) && body.same_as(op->body)) {
    return op;
  }
  return For::make(op->var, mn, ext, op->for_kind, body, op->num_stages, op->attrs, op->loc);
}

Stmt Mutator::visit(const BufferStore* op) {
  Buffer buf = mutate_buffer(op->buffer);
  bool changed = !buf.same_as(op->buffer);
  auto idx = mutate_all(op->indices, &changed);
  Expr v = mutate(op->value);
  if (!changed && v.same_as(op->value)) {
    return op;
  }
  return BufferStore::make(buf, idx, v, op->loc);
}

Stmt Mutator::visit(const LetStmt* op) {
  Expr v = mutate(op->value);
  Stmt body = mutate(op->body);
  if (v.same_as(op->value) && body.same_as(op->body)) {
    return op;
  }
  return LetStmt::make(op->var, v, body, op->loc);
}

Stmt Mutator::visit(const IfThenElse* op) {
  Expr c = mutate(op->cond);
  Stmt t = mutate(op->then_case);
  Stmt e = mutate(op->else_case);
  if (c.same_as(op->cond) && t.same_as(op->then_case) && e.same_as(op->else_case)) {
    return op;
  }
  return IfThenElse::make(c, t, e, op->loc);
}

Stmt Mutator::visit(const Evaluate* op) {
  Expr v = mutate(op->value);
  return v.same_as(op->value) ? Stmt(op) : Evaluate::make(v, op->loc);
}

Stmt Mutator::visit(const Copy* op) {
  Region s = mutate_region(op->src), d = mutate_region(op->dst);
  if (!region_changed(op->src, s) && !region_changed(op->dst, d)) {
    return op;
  }
  return Copy::make(s, d, op->attrs, op->loc);
}

Stmt Mutator::visit(const Gemm* op) {
  Region a = mutate_region(op->a), b = mutate_region(op->b), c = mutate_region(op->c);
  if (!region_changed(op->a, a) && !region_changed(op->b, b) && !region_changed(op->c, c)) {
    return op;
  }
  return Gemm::make(a, b, c, op->transpose_a, op->transpose_b, op->clear_accum, op->attrs, op->loc);
}

Stmt Mutator::visit(const Fill* op) {
  Region d = mutate_region(op->dst);
  Expr v = mutate(op->value);
  if (!region_changed(op->dst, d) && v.same_as(op->value)) {
    return op;
  }
  return Fill::make(d, v, op->loc);
}

Stmt Mutator::visit(const Reduce* op) {
  Region s = mutate_region(op->src), d = mutate_region(op->dst);
  if (!region_changed(op->src, s) && !region_changed(op->dst, d)) {
    return op;
  }
  return Reduce::make(op->reduce_kind, s, d, op->dim, op->clear, op->loc);
}

Stmt Mutator::visit(const AtomicAdd* op) {
  Region d = mutate_region(op->dst);
  Expr v = mutate(op->value);
  if (!region_changed(op->dst, d) && v.same_as(op->value)) {
    return op;
  }
  return AtomicAdd::make(d, v, op->attrs, op->loc);
}

Stmt Mutator::visit(const AnnotateLayout* op) {
  bool changed = false;
  std::vector<Buffer> bufs;
  for (const auto& b : op->buffers) {
    bufs.push_back(mutate_buffer(b));
    changed |= !bufs.back().same_as(b);
  }
  auto layouts = mutate_all(op->layouts, &changed);
  return changed ? AnnotateLayout::make(bufs, layouts, op->loc) : Stmt(op);
}

}  // namespace tltt::ir
