// A3: how the kernel accesses each tensor, recorded in the plan: copy source or load = read,
// copy destination or store = written; a written tensor is an output of the kernel, one both
// read and written an in-place update (allowed when each block's write depends on its read).
#include "passes/attach_tensor_accessors.h"

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>

#include "ir/call_names.h"
#include "ir/equality.h"
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
  void visit(const Evaluate* op) override {
    // T.im2col reads its image and writes its column block.
    if (const Call* c = op->value.as<Call>(); c && c->name == kIm2colCall && c->args.size() == 4) {
      read.insert(ref_buffer(c->args[0]).get());
      written.insert(ref_buffer(c->args[1]).get());
    }
    Visitor::visit(op);
  }
};

// What an in-place update of tensor `t` needs: every access is a T.copy of one and the same
// region, and the value copied back is computed from the block copied in. The reader and the
// writer run concurrently; the data dependence is what orders a block's write after its read.
class InPlaceScan : public Visitor {
 public:
  using Visitor::visit;
  const BufferNode* t = nullptr;
  std::optional<Region> region;        // the one region every access of t names
  std::string why;                     // set when an access breaks the rule
  std::set<const BufferNode*> in;      // blocks copied in from t
  std::vector<const BufferNode*> out;  // blocks copied back to t
  std::map<const BufferNode*, std::set<const BufferNode*>> flows;  // block <- what it is made of

  void visit(const Copy* op) override {
    flows[op->dst.buffer.get()].insert(op->src.buffer.get());
    if (op->src.buffer.get() == t || op->dst.buffer.get() == t) {
      const Region& r = op->src.buffer.get() == t ? op->src : op->dst;
      if (!region) {
        region = r;
      } else if (!same_ranges(*region, r)) {
        why = "it copies different regions of it in and out";
      }
      if (op->src.buffer.get() == t) {
        in.insert(op->dst.buffer.get());
      } else {
        out.push_back(op->src.buffer.get());
      }
    }
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    if (op->buffer.get() == t) {
      why = "it stores elements of it outside a T.copy";
    }
    store_ = op->buffer.get();
    Visitor::visit(op);
    store_ = nullptr;
  }
  void visit(const BufferLoad* op) override {
    if (op->buffer.get() == t) {
      why = "it loads elements of it outside a T.copy";
    }
    if (store_) {
      flows[store_].insert(op->buffer.get());
    }
    Visitor::visit(op);
  }
  void visit(const RegionRef* op) override {
    if (store_) {
      flows[store_].insert(op->region.buffer.get());
    }
    Visitor::visit(op);
  }
  void visit(const Gemm* op) override {
    flows[op->c.buffer.get()].insert({op->a.buffer.get(), op->b.buffer.get()});
    Visitor::visit(op);
  }
  void visit(const Reduce* op) override {
    flows[op->dst.buffer.get()].insert(op->src.buffer.get());
    Visitor::visit(op);
  }

  // Whether every block copied back is made (transitively) of a block copied in.
  bool writes_follow_reads() const {
    for (const BufferNode* o : out) {
      std::set<const BufferNode*> seen;
      std::vector<const BufferNode*> todo{o};
      bool found = false;
      while (!todo.empty() && !found) {
        const BufferNode* b = todo.back();
        todo.pop_back();
        found = in.count(b) > 0;
        if (seen.insert(b).second && flows.count(b)) {
          todo.insert(todo.end(), flows.at(b).begin(), flows.at(b).end());
        }
      }
      if (!found) {
        return false;
      }
    }
    return !out.empty();
  }

 private:
  const BufferNode* store_ = nullptr;  // the buffer the store being visited writes
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
        // writing one tensor races unless each block's write waits for its own read.
        InPlaceScan in_place;
        in_place.t = b.get();
        in_place.visit(f.body);
        if (in_place.why.empty() && !in_place.writes_follow_reads()) {
          in_place.why = "the value it copies back is not computed from the block it copies in";
        }
        if (!in_place.why.empty()) {
          ctx.error(b->loc) << fmt::format(
              "tensor '{}' is both read and written by the kernel, but {}; an in-place update "
              "must T.copy one region in, compute from it and T.copy the result back to the same "
              "region (or write the result to a separate output tensor)",
              b->name, in_place.why);
        } else {
          ctx.remark(b->loc, "access") << fmt::format(
              "tensor '{}' is updated in place: each block copies one region of it in, computes "
              "from it and copies the result back to the same region",
              b->name);
        }
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
