// A1: tensors the kernel reads only element by element at indices known for the whole block
// (`s[0] = D[bz]`, `y[i, j] = x[i, j] * S[bz]`, `sink = S[bx]`: values known only at run
// time, the same for every element of a T.Parallel nest) become scalar tensors: one element
// per tile (a trailing unit dimension, so reshape_vectors makes each element its own vector
// tile with the value at (0, 0)). Each read is a reader copy of that tile into a one-element
// on-chip vector before its statement (its T.Parallel nest), which B3 reads as a scalar
// broadcast (unary_bcast<BroadcastType::SCALAR>).
#include <fmt/format.h>

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

// Tensor parameters every access of which is a load whose indices use no T.Parallel variable
// (and read no buffer), inside a T.Parallel nest, as the value of a store or as a let's bare
// value: their only uses are scalar reads Stager can stage.
class ScalarTensors : public Visitor {
 public:
  using Visitor::visit;
  std::set<const BufferNode*> candidates, rejected, used;
  // Read in an `if` condition outside any T.Parallel nest: a value every kernel branches on.
  std::set<const BufferNode*> control;

  void visit_buffer(const Buffer& b) override { rejected.insert(b.get()); }
  void visit_region(const Region& r) override {
    rejected.insert(r.buffer.get());
    Visitor::visit_region(r);
  }
  void visit(const For* op) override {
    bool par = op->for_kind == ForKind::kParallel;
    if (par) {
      vars_.push_back(op->var.get());
    }
    Visitor::visit(op);
    if (par) {
      vars_.pop_back();
    }
  }
  void visit(const BufferStore* op) override {
    visit_buffer(op->buffer);
    for (const Expr& i : op->indices) {
      visit(i);
    }
    staged(op->value);
  }
  void visit(const LetStmt* op) override {
    if (op->value.as<BufferLoad>()) {
      staged(op->value);
    } else if (vars_.empty() && op->value.dtype().is_integer()) {
      // An integer let outside T.Parallel (`n = T.min(L[b], 4)`, a scalar A1 computed from
      // elements): every kernel computes it, the reader reads its elements (D3's mailbox). Such
      // reads neither stage a tensor nor keep one other reads stage from being staged.
      let_ = true;
      staged(op->value);
      let_ = false;
    } else {
      visit(op->value);
    }
    // A variable bound inside a T.Parallel nest (`r = by * 32 + i`) is defined there only: a
    // read it indexes can neither be staged before the nest nor be the same for every element.
    const bool nested = !vars_.empty();
    if (nested) {
      vars_.push_back(op->var.get());
    }
    visit(op->body);
    if (nested) {
      vars_.pop_back();
    }
  }
  void visit(const IfThenElse* op) override {
    if (!vars_.empty()) {
      Visitor::visit(op);
      return;
    }
    cond_ = true;
    staged(op->cond);
    cond_ = false;
    visit(op->then_case);
    if (op->else_case.defined()) {
      visit(op->else_case);
    }
  }
  void visit(const BufferLoad* op) override {
    bool scalar = candidates.count(op->buffer.get()) > 0 && (ok_ || !vars_.empty());
    bool cond = cond_, let = let_;
    cond_ = let_ = false;
    bool ok = ok_;
    ok_ = false;
    for (const Expr& i : op->indices) {
      scalar &= !loads_buffer(i);
      for (const Variable* v : vars_) {
        scalar &= !uses_var(i, v);
      }
      visit(i);
    }
    ok_ = ok;
    cond_ = cond, let_ = let;
    if (!scalar) {
      rejected.insert(op->buffer.get());
    } else if (!let) {
      (cond ? control : used).insert(op->buffer.get());
    }
  }

 private:
  std::vector<const Variable*> vars_;
  bool ok_ = false;
  bool cond_ = false;
  bool let_ = false;
  void staged(const Expr& e) {
    bool ok = ok_;
    ok_ = true;
    visit(e);
    ok_ = ok;
  }
};

class Stager : public Mutator {
 public:
  using Mutator::visit;
  std::map<const BufferNode*, Buffer> scalar;  // tensor -> its [.., 1] form
  std::set<std::string> names;

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = scalar.find(b.get());
    return it == scalar.end() ? b : it->second;
  }

  // A T.Parallel nest: every scalar read inside it is staged before it.
  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    std::vector<Stage> stages;
    in_parallel_ = true;
    Stmt body = replace(Stmt(op), stages);
    in_parallel_ = false;
    return with_stages(stages, body, op->loc);
  }
  Stmt visit(const BufferStore* op) override {
    // `s[0] = D[bz]` into a one-element on-chip buffer: the copy itself.
    const BufferLoad* ld = op->value.as<BufferLoad>();
    if (ld && scalar.count(ld->buffer.get()) && op->buffer->scope != MemScope::kGlobal &&
        one_element(op->buffer)) {
      return Copy::make(region(ld), Region::full(op->buffer, op->loc), {}, op->loc);
    }
    std::vector<Stage> stages;
    Stmt s = replace(Stmt(op), stages);
    return with_stages(stages, s, op->loc);
  }
  // `if M[by, k]:` outside a T.Parallel nest (a block-sparse skip): the element is staged before
  // the branch, whose condition reads it; D3a gives each kernel the value (docs/passes).
  Stmt visit(const IfThenElse* op) override {
    if (in_parallel_) {
      return Mutator::visit(op);
    }
    std::vector<Stage> stages;
    Expr cond = replace(op->cond, stages);
    Stmt t = mutate(op->then_case);
    Stmt e = op->else_case.defined() ? mutate(op->else_case) : Stmt();
    return with_stages(stages, IfThenElse::make(cond, t, e, op->loc), op->loc);
  }
  // `sink = S[bx]`: the let's uses read the staged element.
  Stmt visit(const LetStmt* op) override {
    const BufferLoad* ld = op->value.as<BufferLoad>();
    if (!ld || !scalar.count(ld->buffer.get())) {
      return Mutator::visit(op);
    }
    std::vector<Stage> stages;
    Expr value = replace(op->value, stages);
    let_[op->var.get()] = value;
    Stmt body = mutate(op->body);
    let_.erase(op->var.get());
    return with_stages(stages, body, op->loc);
  }
  // An element an integer let reads outside T.Parallel: the element of the [.., 1] form.
  Expr visit(const BufferLoad* op) override {
    auto it = scalar.find(op->buffer.get());
    if (it == scalar.end() || in_parallel_) {
      return Mutator::visit(op);
    }
    std::vector<Expr> idx;
    for (const Expr& i : op->indices) {
      idx.push_back(mutate(i));
    }
    idx.push_back(cint(0, op->loc));
    return BufferLoad::make(it->second, idx, op->loc);
  }
  Expr visit(const Variable* op) override {
    auto it = let_.find(op);
    return it == let_.end() ? Expr(op) : it->second;
  }

 private:
  struct Stage {
    const BufferLoad* load;
    Buffer block;
  };
  std::map<const Variable*, Expr> let_;
  bool in_parallel_ = false;

  static bool one_element(const Buffer& b) {
    for (const Expr& d : b->shape) {
      if (as_const_int(d) != std::optional<int64_t>(1)) {
        return false;
      }
    }
    return true;
  }
  // The element's tile: its indices, then the unit dimension.
  Region region(const BufferLoad* ld) {
    Region r{scalar.at(ld->buffer.get()), {}, ld->loc};
    for (const Expr& i : ld->indices) {
      r.ranges.push_back(Range{mutate(i), cint(1, ld->loc)});
    }
    r.ranges.push_back(Range{cint(0, ld->loc), cint(1, ld->loc)});
    return r;
  }

  Expr stage_load(const BufferLoad* ld, std::vector<Stage>& stages) {
    for (const Stage& s : stages) {
      bool same = s.load->buffer.same_as(ld->buffer);
      for (size_t d = 0; same && d < ld->indices.size(); ++d) {
        same = structural_equal(s.load->indices[d], ld->indices[d]);
      }
      if (same) {
        return BufferLoad::make(s.block, {cint(0, ld->loc)}, ld->loc);
      }
    }
    std::string name = ld->buffer->name + "_elem";
    for (int k = 2; names.count(name); ++k) {
      name = fmt::format("{}_elem{}", ld->buffer->name, k);
    }
    names.insert(name);
    Buffer b =
        Buffer::make(name, ld->buffer->dtype, {cint(1, ld->loc)}, MemScope::kShared, {}, ld->loc);
    stages.push_back({ld, b});
    return BufferLoad::make(b, {cint(0, ld->loc)}, ld->loc);
  }

  // `s` (an expression or statement) with every scalar read replaced by its staged element.
  template <typename T>
  T replace(const T& s, std::vector<Stage>& stages) {
    class Replace : public Mutator {
     public:
      using Mutator::visit;
      Stager* self = nullptr;
      std::vector<Stage>* stages = nullptr;
      Expr visit(const BufferLoad* op) override {
        if (self->scalar.count(op->buffer.get())) {
          return self->stage_load(op, *stages);
        }
        return Mutator::visit(op);
      }
      Expr visit(const Variable* op) override { return self->visit(op); }
    } r;
    r.self = this;
    r.stages = &stages;
    T out = r.mutate(s);
    return out;
  }

  Stmt with_stages(const std::vector<Stage>& stages, Stmt body, const Location& loc) {
    std::vector<Stmt> stmts;
    for (const Stage& s : stages) {
      stmts.push_back(Copy::make(region(s.load), Region::full(s.block, loc), {}, loc));
    }
    stmts.push_back(std::move(body));
    Stmt result = seq(stmts, loc);
    for (auto it = stages.rbegin(); it != stages.rend(); ++it) {
      result = Allocate::make(it->block, result, loc);
    }
    return result;
  }
};

}  // namespace

PrimFunc scalar_elements(const PrimFunc& f) {
  ScalarTensors scan;
  Stager stager;
  for (const Param& p : f.params) {
    if (p.is_buffer()) {
      scan.candidates.insert(p.buffer.get());
      stager.names.insert(p.buffer->name);
    }
  }
  scan.visit(f.body);
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      stager.names.insert(static_cast<const Allocate*>(n)->buffer->name);
    }
  });
  for (const Param& p : f.params) {
    const Buffer& b = p.buffer;
    // Integer and bool elements only as branch conditions: compute reads floats as tiles.
    bool read = scan.used.count(b.get()) > 0;
    if (!p.is_buffer() || scan.rejected.count(b.get()) || (!read && !scan.control.count(b.get())) ||
        (read && !b->dtype.is_float())) {
      continue;
    }
    std::vector<Expr> shape = b->shape;
    shape.push_back(cint(1, b->loc));
    stager.scalar[b.get()] = Buffer::make(b->name, b->dtype, shape, b->scope, b->attrs, b->loc);
  }
  if (stager.scalar.empty()) {
    return f;
  }
  return mutate_with_params(stager, f);
}

}  // namespace tltt::passes
