// The dataflow view of the protocol-less compute ops (declared in sfpu_ops.h): which CBs each
// reads and writes, and which GEMM accumulators must live in their CB.
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

std::set<const BufferNode*> cb_resident_accumulators(const Stmt& body) {
  std::set<const BufferNode*> accs, touched;
  post_order_visit(body, [&](const Node* n) {
    const Call* c = n->kind == NodeKind::kEvaluate
                        ? static_cast<const Evaluate*>(n)->value.as<Call>()
                        : nullptr;
    if (!is_compute_op(c)) {
      return;
    }
    if (is_tt_op(c, TtOp::kMatmul)) {
      accs.insert(compute_write(c).get());
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
