// A1: a block-sparse mask row copied whole into an on-chip buffer and tested by `if`
// (`T.copy(Mask[bz, by, bx, :], m)`, then `if m[k]:`) is read from the tensor where the branch
// needs it, so scalar_elements can stage that element for the kernels that branch (D3a).
#include <map>
#include <set>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

// An on-chip buffer filled once by a copy of a tensor region and read only in `if`
// conditions outside T.Parallel nests (`T.copy(Mask[bz, by, bx, :], m)`, then `if m[k]:`): its
// reads become reads of the tensor's elements (the region's start plus the index, its unit axes
// dropped), the copy and the buffer go, so the element is read where the branch needs it.
class ConditionCopies : public Visitor {
 public:
  using Visitor::visit;
  std::map<const BufferNode*, Region> source;
  std::set<const BufferNode*> rejected;

  void visit_buffer(const Buffer& b) override { rejected.insert(b.get()); }
  void visit(const Allocate* op) override { visit(op->body); }
  void visit(const Copy* op) override {
    const Buffer& d = op->dst.buffer;
    if (d->scope != MemScope::kGlobal && op->src.buffer->scope == MemScope::kGlobal &&
        !source.count(d.get()) && whole(op->dst)) {
      source.emplace(d.get(), op->src);
      visit_region(op->src);
    } else {
      Visitor::visit(op);
    }
  }
  void visit(const For* op) override {
    parallel_ += op->for_kind == ForKind::kParallel;
    Visitor::visit(op);
    parallel_ -= op->for_kind == ForKind::kParallel;
  }
  void visit(const IfThenElse* op) override {
    cond_ = parallel_ == 0;
    visit(op->cond);
    cond_ = false;
    visit(op->then_case);
    if (op->else_case.defined()) {
      visit(op->else_case);
    }
  }
  void visit(const BufferLoad* op) override {
    if (!cond_) {
      rejected.insert(op->buffer.get());
    }
    bool cond = cond_;
    cond_ = false;
    for (const Expr& i : op->indices) {
      visit(i);
    }
    cond_ = cond;
  }

 private:
  int parallel_ = 0;
  bool cond_ = false;
  static bool whole(const Region& r) {
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      if (as_const_int(r.ranges[d].min) != std::optional<int64_t>(0) ||
          !structural_equal(r.ranges[d].extent, r.buffer->shape[d])) {
        return false;
      }
    }
    return true;
  }
};

class ForwardConditionCopies : public Mutator {
 public:
  using Mutator::visit;
  std::map<const BufferNode*, Region> source;

  Stmt visit(const Allocate* op) override {
    return source.count(op->buffer.get()) ? mutate(op->body) : Mutator::visit(op);
  }
  Stmt visit(const Copy* op) override {
    return source.count(op->dst.buffer.get()) ? seq({}, op->loc) : Mutator::visit(op);
  }
  Expr visit(const BufferLoad* op) override {
    auto it = source.find(op->buffer.get());
    if (it == source.end()) {
      return Mutator::visit(op);
    }
    const Region& r = it->second;
    std::vector<Expr> idx;
    size_t next = 0;
    for (const Range& range : r.ranges) {
      // The region's axes of more than one element take the buffer's indices in order.
      bool unit = as_const_int(range.extent) == std::optional<int64_t>(1);
      Expr i = unit ? cint(0, op->loc) : mutate(op->indices[next++]);
      idx.push_back(simplify(add(range.min, i)));
    }
    return BufferLoad::make(r.buffer, idx, op->loc);
  }
};

}  // namespace

// The sources ConditionCopies found whose region's non-unit axes match the buffer's.
PrimFunc forward_condition_copies(const PrimFunc& f) {
  ConditionCopies scan;
  scan.visit(f.body);
  ForwardConditionCopies fwd;
  for (const auto& [b, r] : scan.source) {
    size_t axes = 0;
    for (const Range& range : r.ranges) {
      axes += as_const_int(range.extent) != std::optional<int64_t>(1);
    }
    if (!scan.rejected.count(b) && axes == b->shape.size()) {
      fwd.source.emplace(b, r);
    }
  }
  return fwd.source.empty() ? f : mutate_with_params(fwd, f);
}

}  // namespace tltt::passes
