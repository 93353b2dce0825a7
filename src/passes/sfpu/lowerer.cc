// Helpers every part of B3 (lower-to-sfpu) shares: which buffers are on chip and the buffers a
// statement mentions.
#include "passes/sfpu/lowerer.h"

#include "ir/visitor.h"

namespace tltt::passes::sfpu {

using namespace ir;

bool on_chip(const Buffer& b) {
  return b->scope == MemScope::kShared || b->scope == MemScope::kFragment ||
         b->scope == MemScope::kLocal;
}

// Every buffer a statement mentions: regions of tile statements, loads and stores, operands of
// tile ops.
std::set<const BufferNode*> mentioned(const Stmt& s) {
  class Collect : public Visitor {
   public:
    using Visitor::visit;
    std::set<const BufferNode*> seen;
    void region(const Region& r) { seen.insert(r.buffer.get()); }
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
  } c;
  c.visit(s);
  return c.seen;
}

}  // namespace tltt::passes::sfpu
