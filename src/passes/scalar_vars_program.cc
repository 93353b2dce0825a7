// The scalar program of A1's kernel-local scalars (see scalar_vars_program.h).
#include "passes/scalar_vars_program.h"

#include "ir/equality.h"
#include "ir/visitor.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool zero_indices(const std::vector<Expr>& idx) {
  for (const Expr& i : idx) {
    if (as_const_int(i) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

ScalarSet scalar_buffers(const Stmt& body) {
  struct Uses : Visitor {
    using Visitor::visit;
    std::set<const BufferNode*> found, other;
    void visit_buffer(const Buffer& b) override { other.insert(b.get()); }
    void visit(const Allocate* op) override {
      const Buffer& b = op->buffer;
      bool one = true;
      for (const Expr& d : b->shape) {
        one &= as_const_int(d) == 1;
      }
      if ((b->scope == MemScope::kVar || b->scope == MemScope::kLocal) && one &&
          (b->dtype.is_integer() || b->dtype.is_bool())) {
        found.insert(b.get());
      }
      visit(op->body);
    }
    void visit(const BufferLoad* op) override {
      if (!zero_indices(op->indices)) {
        other.insert(op->buffer.get());
      }
      for (const Expr& i : op->indices) {
        visit(i);
      }
    }
    void visit(const BufferStore* op) override {
      if (!zero_indices(op->indices)) {
        other.insert(op->buffer.get());
      }
      for (const Expr& i : op->indices) {
        visit(i);
      }
      visit(op->value);
    }
  } u;
  u.visit(body);
  std::set<const BufferNode*> out;
  for (const BufferNode* b : u.found) {
    if (!u.other.count(b)) {
      out.insert(b);
    }
  }
  return out;
}

const BufferNode* scalar_store(const Node* n, const ScalarSet& scalars, Expr* value) {
  if (n->kind == NodeKind::kBufferStore) {
    const auto* s = static_cast<const BufferStore*>(n);
    if (scalars.count(s->buffer.get())) {
      *value = s->value;
      return s->buffer.get();
    }
  } else if (n->kind == NodeKind::kFill) {
    const auto* f = static_cast<const Fill*>(n);
    if (scalars.count(f->dst.buffer.get())) {
      *value = f->value;
      return f->dst.buffer.get();
    }
  }
  return nullptr;
}

bool scalar_program(const Stmt& s, const ScalarSet& scalars) {
  bool ok = true;
  post_order_visit(s, [&](const Node* n) {
    Expr v;
    switch (n->kind) {
      case NodeKind::kSeqStmt:
      case NodeKind::kIfThenElse:
      case NodeKind::kEvaluate:
        break;
      case NodeKind::kLetStmt: {
        DataType t = static_cast<const LetStmt*>(n)->value.dtype();
        ok &= t.is_integer() || t.is_bool();
        break;
      }
      case NodeKind::kFor:
        ok &= static_cast<const For*>(n)->for_kind != ForKind::kParallel;
        break;
      case NodeKind::kBufferStore:
      case NodeKind::kFill:
        ok &= scalar_store(n, scalars, &v) != nullptr;
        break;
      case NodeKind::kBufferLoad: {
        const Buffer& b = static_cast<const BufferLoad*>(n)->buffer;
        ok &= b->scope == MemScope::kGlobal || scalars.count(b.get());
        break;
      }
      case NodeKind::kCall:
        ok = false;
        break;
      case NodeKind::kKernelLaunch:
      case NodeKind::kAllocate:
      case NodeKind::kBufferView:
      case NodeKind::kWhile:
      case NodeKind::kCopy:
      case NodeKind::kGemm:
      case NodeKind::kReduce:
      case NodeKind::kAtomicAdd:
      case NodeKind::kAnnotateLayout:
        ok = false;
        break;
      default:
        break;
    }
  });
  return ok;
}

ScalarEnv merge_scalars(const Expr& cond, const ScalarEnv& t, const ScalarEnv& e) {
  ScalarEnv out;
  std::set<const BufferNode*> keys;
  for (auto& [b, v] : t) {
    keys.insert(b);
  }
  for (auto& [b, v] : e) {
    keys.insert(b);
  }
  for (const BufferNode* b : keys) {
    auto ti = t.find(b), ei = e.find(b);
    ScalarValue tv = ti != t.end() ? ti->second : ScalarValue{make_zero(b->dtype), ""};
    ScalarValue ev = ei != e.end() ? ei->second : ScalarValue{make_zero(b->dtype), ""};
    if (!tv.why.empty() || !ev.why.empty()) {
      out[b] = !tv.why.empty() ? tv : ev;
    } else if (structural_equal(tv.value, ev.value)) {
      out[b] = tv;
    } else if (const auto* c = cond.as<BoolImm>()) {
      out[b] = c->value ? tv : ev;
    } else {
      out[b] = {Select::make(cond, tv.value, ev.value, cond.loc()), ""};
    }
  }
  return out;
}

std::set<const BufferNode*> buffers_written(const Stmt& s) {
  std::set<const BufferNode*> out;
  post_order_visit(s, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kBufferStore:
        out.insert(static_cast<const BufferStore*>(n)->buffer.get());
        break;
      case NodeKind::kCopy:
        out.insert(static_cast<const Copy*>(n)->dst.buffer.get());
        break;
      case NodeKind::kFill:
        out.insert(static_cast<const Fill*>(n)->dst.buffer.get());
        break;
      case NodeKind::kAtomicAdd:
        out.insert(static_cast<const AtomicAdd*>(n)->dst.buffer.get());
        break;
      case NodeKind::kGemm:
        out.insert(static_cast<const Gemm*>(n)->c.buffer.get());
        break;
      case NodeKind::kReduce:
        out.insert(static_cast<const Reduce*>(n)->dst.buffer.get());
        break;
      default:
        break;
    }
  });
  return out;
}

}  // namespace tltt::passes
