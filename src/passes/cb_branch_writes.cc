// C4's first step: a compute write of a writer-drained CB followed by an `if` that uses the CB
// is moved into both branches (see sink_drained_writes in cb_liveness.h).
#include <set>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/cb_liveness.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The buffers a statement names (CB operands of its ops, tensors, allocations).
std::set<const BufferNode*> mentioned(const Stmt& s) {
  struct Names : Visitor {
    using Visitor::visit;
    std::set<const BufferNode*> out;
    void visit_buffer(const Buffer& b) override { out.insert(b.get()); }
  } names;
  names.visit(s);
  return names.out;
}

// Compute must push exactly the values the writer copies out of a CB it drains, and only the
// writer pops it: C4 cannot drop a value a branch overwrites (`T.clear(y); if c: y = x * 2`,
// then `T.copy(y, C)`) the way it drops other CBs' values, so the writer would copy out the
// first value pushed (the clear) and the branch's value would shadow the next block's. The
// write is therefore moved to the start of both branches of the first `if` after it that names
// the CB (the same program: nothing in between names a CB the write names), where C4 sees it
// overwritten on one path (dropped there) and copied out on the other. Nested `if`s repeat.
class SinkDrainedWrites : public Mutator {
 public:
  using Mutator::visit;
  std::set<const BufferNode*> drained;
  std::vector<const Call*>* moved = nullptr;

  Stmt visit(const SeqStmt* op) override {
    std::vector<Stmt> stmts;
    for (const Stmt& s : op->stmts) {
      stmts.push_back(mutate(s));
    }
    bool changed = false;
    for (size_t i = 0; i < stmts.size(); ++i) {
      const Call* c = as_call_stmt(stmts[i]);
      if (!sinkable(c)) {
        continue;
      }
      std::set<const BufferNode*> own = mentioned(stmts[i]);
      for (size_t j = i + 1; j < stmts.size(); ++j) {
        std::set<const BufferNode*> names = mentioned(stmts[j]);
        bool touches = false;
        for (const BufferNode* b : own) {
          touches |= names.count(b) > 0;
        }
        if (!touches) {
          continue;
        }
        const IfThenElse* branch = stmts[j].as<IfThenElse>();
        if (branch && names.count(compute_write(c).get())) {
          if (moved) {
            moved->push_back(c);
          }
          stmts[j] = mutate(sink(stmts[i], branch));  // the branches may hold more `if`s
          stmts.erase(stmts.begin() + static_cast<std::ptrdiff_t>(i));
          changed = true;
          --i;
        }
        break;
      }
    }
    if (!changed && stmts.size() == op->stmts.size()) {
      bool same = true;
      for (size_t i = 0; i < stmts.size(); ++i) {
        same &= stmts[i].same_as(op->stmts[i]);
      }
      if (same) {
        return Stmt(op);
      }
    }
    return SeqStmt::make(stmts, op->loc);
  }

 private:
  // A compute op writing a drained CB without reading it (an in-place update pops its value
  // itself; a gemm's accumulator follows its own protocol).
  bool sinkable(const Call* c) const {
    if (!c || !is_compute_op(c) || is_tt_op(c, TtOp::kMatmul)) {
      return false;
    }
    Buffer w = compute_write(c);
    if (!w.defined() || !drained.count(w.get())) {
      return false;
    }
    for (const Buffer& r : compute_reads(c)) {
      if (r.same_as(w)) {
        return false;
      }
    }
    return true;
  }

  static Stmt sink(const Stmt& write, const IfThenElse* op) {
    auto prepend = [&](const Stmt& branch) {
      return branch.defined() ? seq({write, branch}, op->loc) : write;
    };
    return IfThenElse::make(op->cond, prepend(op->then_case), prepend(op->else_case), op->loc);
  }
};

}  // namespace

Stmt sink_drained_writes(const Stmt& body, std::vector<const Call*>* moved) {
  SinkDrainedWrites sink;
  sink.moved = moved;
  post_order_visit(body, [&](const Node* n) {
    const Call* c = n->kind == NodeKind::kEvaluate
                        ? static_cast<const Evaluate*>(n)->value.as<Call>()
                        : nullptr;
    if (is_tt_op(c, TtOp::kWriteTiles)) {
      sink.drained.insert(tt::WriteTiles::cb(c).get());
    }
  });
  return sink.drained.empty() ? body : sink.mutate(body);
}

}  // namespace tltt::passes
