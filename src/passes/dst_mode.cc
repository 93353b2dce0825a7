// dst_fp32: the blocks that take part in compute, at any stage from B3 to D4, and their dtypes.
#include "passes/dst_mode.h"

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

// Integers reach DST as 32-bit patterns, which needs its 32-bit mode as float32 does.
bool dst_fp32(const DataType& dtype) { return dtype == DataType::float32() || dtype.is_integer(); }

bool any_compute_block(const Stmt& body, const std::function<bool(const DataType&)>& pred) {
  bool found = false;
  auto block = [&](const Buffer& b) {
    found |= b.defined() && b->scope != MemScope::kGlobal && pred(b->dtype);
  };
  post_order_visit(body, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kEvaluate:
        if (const Call* c = static_cast<const Evaluate*>(n)->value.as<Call>(); is_compute_op(c)) {
          for (const Expr& a : c->args) {
            block(ref_buffer(a));
          }
        }
        break;
      case NodeKind::kGemm: {
        const Gemm* g = static_cast<const Gemm*>(n);
        block(g->a.buffer);
        block(g->b.buffer);
        block(g->c.buffer);
        break;
      }
      case NodeKind::kReduce:
        block(static_cast<const Reduce*>(n)->src.buffer);
        block(static_cast<const Reduce*>(n)->dst.buffer);
        break;
      case NodeKind::kFill:
        block(static_cast<const Fill*>(n)->dst.buffer);
        break;
      case NodeKind::kCopy: {
        const Copy* c = static_cast<const Copy*>(n);
        if (c->src.buffer->scope != MemScope::kGlobal &&
            c->dst.buffer->scope != MemScope::kGlobal) {
          block(c->src.buffer);
          block(c->dst.buffer);
        }
        break;
      }
      case NodeKind::kBufferStore:
        block(static_cast<const BufferStore*>(n)->buffer);
        break;
      case NodeKind::kBufferLoad:
        block(static_cast<const BufferLoad*>(n)->buffer);
        break;
      default:
        break;
    }
  });
  return found;
}

bool dst_fp32(const Stmt& body) {
  return any_compute_block(body, [](const DataType& t) { return dst_fp32(t); });
}

bool dst_fp32(const Stmt& body, const PassContext& ctx) {
  return ctx.fp32_dest_acc_en.value_or(dst_fp32(body));
}

}  // namespace tltt::passes
