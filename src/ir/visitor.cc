// Default (recursive) Visitor implementation.
#include "ir/visitor.h"

namespace tltt::ir {

void Visitor::visit(const Expr& e) {
  if (!e.defined()) {
    return;
  }
  switch (e->kind) {
#define TLTT_IR_EXPR(Name)                    \
  case NodeKind::k##Name:                     \
    visit(static_cast<const Name*>(e.get())); \
    return;
#include "ir/ir_nodes.def"
    default:
      return;
  }
}

void Visitor::visit(const Stmt& s) {
  if (!s.defined()) {
    return;
  }
  enter_stmt(s.get());
  switch (s->kind) {
#define TLTT_IR_STMT(Name)                    \
  case NodeKind::k##Name:                     \
    visit(static_cast<const Name*>(s.get())); \
    return;
#include "ir/ir_nodes.def"
    default:
      return;
  }
}

void Visitor::visit_region(const Region& r) {
  visit_buffer(r.buffer);
  for (const auto& rg : r.ranges) {
    visit(rg.min);
    visit(rg.extent);
  }
}

void Visitor::visit(const IntImm*) {}
void Visitor::visit(const FloatImm*) {}
void Visitor::visit(const BoolImm*) {}
void Visitor::visit(const StringImm*) {}
void Visitor::visit(const Variable*) {}
void Visitor::visit(const Binary* op) {
  visit(op->a);
  visit(op->b);
}
void Visitor::visit(const Unary* op) { visit(op->a); }
void Visitor::visit(const Compare* op) {
  visit(op->a);
  visit(op->b);
}
void Visitor::visit(const Logical* op) {
  visit(op->a);
  visit(op->b);
}
void Visitor::visit(const Select* op) {
  visit(op->cond);
  visit(op->true_value);
  visit(op->false_value);
}
void Visitor::visit(const Cast* op) { visit(op->value); }
void Visitor::visit(const BufferLoad* op) {
  visit_buffer(op->buffer);
  for (const auto& i : op->indices) {
    visit(i);
  }
}
void Visitor::visit(const Call* op) {
  for (const auto& a : op->args) {
    visit(a);
  }
}
void Visitor::visit(const RegionRef* op) { visit_region(op->region); }

void Visitor::visit(const SeqStmt* op) {
  for (const auto& s : op->stmts) {
    visit(s);
  }
}
void Visitor::visit(const KernelLaunch* op) {
  for (const auto& e : op->extents) {
    visit(e);
  }
  visit(op->body);
}
void Visitor::visit(const Allocate* op) {
  visit_buffer(op->buffer);
  visit(op->body);
}
void Visitor::visit(const BufferView* op) {
  visit_buffer(op->source);
  visit_buffer(op->buffer);
  visit(op->body);
}
void Visitor::visit(const While* op) {
  visit(op->cond);
  visit(op->body);
}
void Visitor::visit(const For* op) {
  visit(op->min);
  visit(op->extent);
  visit(op->body);
}
void Visitor::visit(const BufferStore* op) {
  visit_buffer(op->buffer);
  for (const auto& i : op->indices) {
    visit(i);
  }
  visit(op->value);
}
void Visitor::visit(const LetStmt* op) {
  visit(op->value);
  visit(op->body);
}
void Visitor::visit(const IfThenElse* op) {
  visit(op->cond);
  visit(op->then_case);
  visit(op->else_case);
}
void Visitor::visit(const Evaluate* op) { visit(op->value); }
void Visitor::visit(const Copy* op) {
  visit_region(op->src);
  visit_region(op->dst);
}
void Visitor::visit(const Gemm* op) {
  visit_region(op->a);
  visit_region(op->b);
  visit_region(op->c);
}
void Visitor::visit(const Fill* op) {
  visit_region(op->dst);
  visit(op->value);
}
void Visitor::visit(const Reduce* op) {
  visit_region(op->src);
  visit_region(op->dst);
}
void Visitor::visit(const AtomicAdd* op) {
  visit_region(op->dst);
  visit(op->value);
}
void Visitor::visit(const AnnotateLayout* op) {
  for (const auto& b : op->buffers) {
    visit_buffer(b);
  }
  for (const auto& l : op->layouts) {
    visit(l);
  }
}

namespace {
class PostOrder : public Visitor {
 public:
  explicit PostOrder(const std::function<void(const Node*)>& fn) : fn_(fn) {}
  using Visitor::visit;
#define TLTT_IR_EXPR(Name)              \
  void visit(const Name* op) override { \
    Visitor::visit(op);                 \
    fn_(op);                            \
  }
#define TLTT_IR_STMT(Name) TLTT_IR_EXPR(Name)
#include "ir/ir_nodes.def"

 private:
  const std::function<void(const Node*)>& fn_;
};
}  // namespace

void post_order_visit(const Stmt& root, const std::function<void(const Node*)>& fn) {
  PostOrder v(fn);
  v.visit(root);
}

}  // namespace tltt::ir
