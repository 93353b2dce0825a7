// Constant offsets of tensor accesses from their block position (see halo_access.h).
#include "passes/halo_access.h"

#include <fmt/format.h>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The index with every variable (block, loop and pipeline coordinates) at 0: how far the
// access is shifted from the block its coordinates select (`(by + 1) * 32 + i` gives 32);
// 0 when the index is not affine.
int64_t constant_offset(const Expr& e) {
  VarRanges zero;
  post_order_visit(Evaluate::make(e), [&](const Node* n) {
    if (n->kind == NodeKind::kVariable) {
      zero[static_cast<const Variable*>(n)] = {0, 0};
    }
  });
  std::optional<Interval> at_zero = bounds(e, zero);
  return at_zero && at_zero->lo == at_zero->hi ? at_zero->lo : 0;
}

class Scan : public Visitor {
 public:
  using Visitor::visit;
  const BufferNode* tensor = nullptr;
  std::vector<HaloAccess> found;
  Location loc;

  void enter_stmt(const StmtNode* s) override { loc = s->loc; }
  void visit(const BufferLoad* op) override {
    add(op->buffer, op->indices, print(Expr(op)), op->loc.known() ? op->loc : loc);
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    add(op->buffer, op->indices, fmt::format("{}[...] =", op->buffer->name), loc);
    Visitor::visit(op);
  }
  void visit(const Copy* op) override {
    for (const Region* r : {&op->src, &op->dst}) {
      std::vector<Expr> mins;
      for (const auto& range : r->ranges) {
        mins.push_back(range.min);
      }
      add(r->buffer, mins, print(*r), loc);
    }
    Visitor::visit(op);
  }

 private:
  void add(const Buffer& b, const std::vector<Expr>& indices, std::string text, Location at) {
    if (b.get() != tensor) {
      return;
    }
    HaloAccess a{at, std::move(text), {}};
    bool shifted = false;
    for (const Expr& i : indices) {
      a.offset.push_back(constant_offset(i));
      shifted |= a.offset.back() != 0;
    }
    if (shifted) {
      found.push_back(std::move(a));
    }
  }
};

}  // namespace

std::vector<HaloAccess> halo_accesses(const Stmt& body, const Buffer& tensor) {
  Scan s;
  s.tensor = tensor.get();
  if (body.defined()) {
    s.visit(body);
  }
  return s.found;
}

}  // namespace tltt::passes
