// Read-only traversal: override visit(const Node*) for the kinds a pass cares about and
// write `using Visitor::visit;`; the defaults recurse into every child.
#pragma once
#include <functional>

#include "ir/ir.h"

namespace tltt::ir {

class Visitor {
 public:
  virtual ~Visitor() = default;
  void visit(const Expr& e);
  void visit(const Stmt& s);
  // Visits every range of a region (and calls visit_buffer on its buffer).
  virtual void visit_region(const Region& r);
  // Called wherever a buffer is referenced or allocated; the default does nothing.
  virtual void visit_buffer(const Buffer& b) {}
  // Called before each statement is dispatched (e.g. to track the current location).
  virtual void enter_stmt(const StmtNode* s) {}

#define TLTT_IR_EXPR(Name) virtual void visit(const Name* op);
#define TLTT_IR_STMT(Name) virtual void visit(const Name* op);
#include "ir/ir_nodes.def"
};

// Calls `fn` on every expression and statement node under `root`, children before parents.
void post_order_visit(const Stmt& root, const std::function<void(const Node*)>& fn);

}  // namespace tltt::ir
