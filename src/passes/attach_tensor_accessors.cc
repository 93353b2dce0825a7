// A3: how the kernel accesses each tensor, recorded in the plan: copy source or load = read,
// copy destination or store = written; a written tensor is an output of the kernel.
#include "passes/attach_tensor_accessors.h"

#include <fmt/format.h>

#include <set>

#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

class AccessScan : public Visitor {
 public:
  using Visitor::visit;
  std::set<const BufferNode*> read, written;
  void visit(const Copy* op) override {
    read.insert(op->src.buffer.get());
    written.insert(op->dst.buffer.get());
    Visitor::visit(op);
  }
  void visit(const BufferLoad* op) override {
    read.insert(op->buffer.get());
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    written.insert(op->buffer.get());
    Visitor::visit(op);
  }
  void visit(const Gemm* op) override {
    read.insert(op->a.buffer.get());
    read.insert(op->b.buffer.get());
    written.insert(op->c.buffer.get());
    Visitor::visit(op);
  }
  void visit(const Fill* op) override {
    written.insert(op->dst.buffer.get());
    Visitor::visit(op);
  }
};

}  // namespace

Module attach_tensor_accessors(const Module& m, PassContext& ctx) {
  Module out = m;
  for (const PrimFunc& f : out.functions) {
    AccessScan scan;
    scan.visit(f.body);
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        continue;
      }
      const Buffer& b = p.buffer;
      bool r = scan.read.count(b.get()), w = scan.written.count(b.get());
      if (r && w) {
        // The reader and the writer run concurrently on different RISC-V cores: reading and
        // writing one tensor would race.
        ctx.error(b->loc) << "tensor '" << b->name
                          << "' is both read and written by the kernel; in-place updates are "
                             "not supported (write the result to a separate output tensor)";
      }
      if (TensorPlan* t = out.plan.find_tensor(b->name)) {
        t->access = w ? (r ? TensorAccess::kReadWrite : TensorAccess::kOutput)
                      : (r ? TensorAccess::kInput : TensorAccess::kUnused);
      }
      if (!(r && w)) {
        ctx.remark(b->loc, "access") << fmt::format(
            "tensor '{}' is {}", b->name,
            w   ? "an output: the kernel writes it and never reads it"
            : r ? "an input: the kernel reads it and never writes it"
                : "unused: the kernel neither reads nor writes it, so no kernel gets an accessor "
                  "for it");
      }
    }
  }
  return out;
}

}  // namespace tltt::passes
