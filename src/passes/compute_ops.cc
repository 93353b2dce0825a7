// The dataflow view of the protocol-less compute ops (declared in sfpu_ops.h): which CBs each
// reads and writes, and which GEMM accumulators must live in their CB.
#include "ir/equality.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

bool is_compute_op(const Call* c) {
  std::optional<TtOp> op = tt_op_of(c);
  if (!op) {
    return false;
  }
  const TtOpInfo& info = tt_op_info(*op);
  return info.stage == TtStage::kProtocolLess && info.role == TtRole::kCompute;
}

namespace {

const Call* compute_call(const Node* n) {
  const Call* c =
      n->kind == NodeKind::kEvaluate ? static_cast<const Evaluate*>(n)->value.as<Call>() : nullptr;
  return is_compute_op(c) ? c : nullptr;
}

// A loop body's statements (one, or a sequence's).
std::vector<Stmt> loop_stmts(const For* loop) {
  const SeqStmt* seq = loop->body.as<SeqStmt>();
  return seq ? seq->stmts : std::vector<Stmt>{loop->body};
}

// Whether D5 runs `loop` as the K loop of `mm`'s GEMM group (gemm_match.cc): the compute ops of
// its body are calls at its top level, `mm` is the last of them and the only matmul.
bool lone_gemm_loop(const For* loop, const Call* mm) {
  const Call* last = nullptr;
  for (const Stmt& s : loop_stmts(loop)) {
    const Call* c = compute_call(s.get());
    bool nested = false;
    post_order_visit(s, [&](const Node* n) { nested |= n != s.get() && compute_call(n); });
    if (nested || (c && c != mm && is_tt_op(c, TtOp::kMatmul))) {
      return false;
    }
    last = c ? c : last;
  }
  return last == mm;
}

// Matmuls that accumulate across their loop from the second step on (C2's `k != k_min`) in a
// loop that also runs other compute: the partial sums cannot stay in DST or inside one GEMM
// group, so each step adds to the value kept in the accumulator's CB (D5 reloads it from the
// second step on). Only a matmul that is a statement of the loop body itself, run every step.
class PartialsInCb : public Visitor {
 public:
  using Visitor::visit;
  std::set<const BufferNode*> out;
  void visit(const For* op) override {
    for (const Stmt& s : loop_stmts(op)) {
      const Call* c = compute_call(s.get());
      const Compare* flag =
          is_tt_op(c, TtOp::kMatmul) ? tt::Matmul::accumulate(c).as<Compare>() : nullptr;
      if (flag && flag->op == CompareOp::kNE && flag->a.get() == op->var.get() &&
          structural_equal(flag->b, op->min) && !lone_gemm_loop(op, c)) {
        out.insert(tt::Matmul::c(c).get());
      }
    }
    Visitor::visit(op);
  }
};

}  // namespace

std::set<const BufferNode*> cb_resident_accumulators(const Stmt& body) {
  PartialsInCb partials;
  partials.visit(body);
  std::set<const BufferNode*> accs, touched = partials.out;
  post_order_visit(body, [&](const Node* n) {
    const Call* c = compute_call(n);
    if (!c) {
      return;
    }
    if (is_tt_op(c, TtOp::kMatmul)) {
      // A second gemm into the same accumulator adds to the first one's result, read back
      // from the CB.
      if (!accs.insert(compute_write(c).get()).second) {
        touched.insert(compute_write(c).get());
      }
      return;
    }
    touched.insert(compute_write(c).get());
    if (!is_tt_op(c, TtOp::kCopyTiles)) {
      for (const Buffer& r : compute_reads(c)) {
        touched.insert(r.get());
      }
    }
  });
  std::set<const BufferNode*> out;
  for (const BufferNode* a : accs) {
    if (touched.count(a)) {
      out.insert(a);
    }
  }
  return out;
}

std::vector<Buffer> compute_reads(const Call* c) {
  TtOp op = *tt_op_of(c);
  std::vector<Buffer> r;
  if (op == TtOp::kSfpu) {
    r = tt::Sfpu::inputs(c);
  }
  for (const TtOperandInfo& o : tt_op_info(op).operands) {
    if (o.kind == TtOperandKind::kCbIn) {
      r.push_back(ref_buffer(tt_operand(c, o)));
    }
  }
  // A reduction that folds into the old value reads it too.
  if (op == TtOp::kReduce && !tt::Reduce::clear(c)) {
    r.push_back(tt::Reduce::out(c));
  }
  return r;
}

Buffer compute_write(const Call* c) {
  TtOp op = *tt_op_of(c);
  for (const TtOperandInfo& o : tt_op_info(op).operands) {
    if (o.kind == TtOperandKind::kCbOut) {
      return ref_buffer(tt_operand(c, o));
    }
  }
  TILE_ASSERT(false) << c->name << " writes no CB";
  return {};
}

}  // namespace tltt::passes
