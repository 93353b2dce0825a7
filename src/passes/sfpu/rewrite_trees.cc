// rewrite_sfpu_trees (rewrite_trees.h): one mutator for the passes that rewrite tt.sfpu trees,
// so that they agree on what a rewritten step looks like (same operands, attributes, location).
#include "passes/sfpu/rewrite_trees.h"

#include "ir/mutator.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

Stmt rewrite_sfpu_trees(const Stmt& body, const SfpuTreeRewrite& fn) {
  class Steps : public Mutator {
   public:
    using Mutator::visit;
    const SfpuTreeRewrite* fn = nullptr;
    Stmt visit(const Evaluate* op) override {
      const Call* c = op->value.as<Call>();
      if (!is_tt_op(c, TtOp::kSfpu)) {
        return Mutator::visit(op);
      }
      std::optional<Expr> tree = (*fn)(c, tt::Sfpu::tree(c));
      if (!tree) {
        return op;
      }
      std::vector<Expr> args = c->args;
      args.back() = *tree;
      return tt_call_stmt(TtOp::kSfpu, std::move(args), c->attrs, c->loc);
    }
  } steps;
  steps.fn = &fn;
  return steps.mutate(body);
}

}  // namespace tltt::passes
