// D6: after lowering, no kernel may still contain protocol-less tt ops (tt_ops.def), tile
// statements or tensor regions (the v5 validator's messages, tilelang.md §1.3.14).
#include "passes/validate_lowered.h"

#include <fmt/format.h>

#include "ir/printer.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

class Check : public Visitor {
 public:
  using Visitor::visit;
  PassContext* ctx = nullptr;
  const PrimFunc* f = nullptr;
  std::string role;

  void visit(const Call* op) override {
    if (std::optional<TtOp> tt = tt_op_of(op);
        tt && tt_op_info(*tt).stage == TtStage::kProtocolLess) {
      ctx->error(op->loc) << "IR validation failed - unlowered constructs detected:\n\n"
                          << "[Unlowered Operation] Found unlowered operation '" << op->name
                          << "' in " << role << " kernel\n  Location: " << f->name;
    }
    Visitor::visit(op);
  }
  void visit(const RegionRef* op) override {
    if (op->region.buffer->scope != MemScope::kCB) {
      ctx->error(op->loc) << "[Buffer Region] Found BufferRegion in " << role
                          << " kernel - should be resolved to buffer accesses ("
                          << print(op->region) << ")";
    }
    Visitor::visit(op);
  }
  void stmt(const Location& loc, const char* what) {
    ctx->error(loc) << "[Unlowered Operation] Found unlowered " << what << " in " << role
                    << " kernel\n  Location: " << f->name;
  }
  void visit(const Copy* op) override { stmt(op->loc, "T.copy"); }
  void visit(const Gemm* op) override { stmt(op->loc, "T.gemm"); }
  void visit(const Fill* op) override { stmt(op->loc, "T.fill"); }
  void visit(const Reduce* op) override { stmt(op->loc, "T.reduce"); }
  void visit(const AtomicAdd* op) override { stmt(op->loc, "T.atomic_add"); }
  void visit(const BufferStore* op) override { stmt(op->loc, "buffer store"); }
  void visit(const BufferLoad* op) override { stmt(op->loc, "buffer load"); }
  void visit(const KernelLaunch* op) override { stmt(op->loc, "T.Kernel"); }
};

}  // namespace

Module validate_lowered(const Module& m, PassContext& ctx) {
  for (const PrimFunc& f : m.functions) {
    Check c;
    c.ctx = &ctx;
    c.f = &f;
    c.role = kernel_role(m, f).empty() ? "monolithic" : kernel_role(m, f);
    size_t errors = ctx.diag->error_count();
    c.visit(f.body);
    if (ctx.diag->error_count() == errors) {
      int calls = 0;
      post_order_visit(f.body, [&](const Node* n) { calls += n->kind == NodeKind::kCall; });
      ctx.remark(f.loc, "lowered")
          << fmt::format("{} ({} kernel) is fully lowered: its {} calls are all device API calls",
                         f.name, c.role, calls);
    }
  }
  return m;
}

}  // namespace tltt::passes
