// B4c: exp_fast(x * k) as one fast exponential whose init carries k (see exp_scale.h). The
// SFPLOADMACRO exponential computes 2^(x * A + B) with A = 1/ln 2 (in its fixed-point form) by
// one MAD per vector; exp_tile_init's scale template argument multiplies A by k at init time,
// so exp(x * k) costs what exp(x) does. Only positive factors: the init's clamp of very negative
// inputs is a bound on x * k, which a negative k would turn into a bound on the wrong side.
#include "passes/sfpu/exp_scale.h"

#include <fmt/format.h>

#include <cmath>

#include "ir/mutator.h"
#include "passes/pass_util.h"
#include "passes/sfpu/fuse_sfpu_steps.h"
#include "passes/sfpu/rewrite_trees.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

namespace {

class FoldScale : public Mutator {
 public:
  using Mutator::visit;
  double factor = 0;
  int folded = 0;

  Expr visit(const Call* op) override {
    Expr e = Mutator::visit(op);
    const Call* u = as_tile_op(e, TileOpKind::kUnary);
    if (!u || tile_op_of(e)->fn != SfpuFn::kExpFast) {
      return e;
    }
    Expr x;
    const FloatImm* k = constant_factor(tile::Unary::x(u), &x);
    double s = tile::Unary::scale(u);
    if (!k || !std::isfinite(k->value) || k->value <= 0 || !std::isfinite(s * k->value)) {
      return e;
    }
    Attrs attrs = u->attrs;
    attrs.set("scale", s * k->value);
    factor = s * k->value;
    ++folded;
    return tile_unary(SfpuFn::kExpFast, x, u->loc, attrs);
  }
};

}  // namespace

Module exp_scale(const Module& m, PassContext& ctx) {
  auto fold = [&](const Call* c, const Expr& tree) -> std::optional<Expr> {
    FoldScale f;
    Expr out = f.mutate(tree);
    if (!f.folded) {
      return std::nullopt;
    }
    ctx.remark(c->loc, "fold") << fmt::format(
        "the factor {} of the fast exponential's argument is folded into its init "
        "(exp_tile_init<true, true, scale>): one SFPU product fewer per tile",
        f.factor);
    return out;
  };
  Module out = m;
  for (PrimFunc& f : out.functions) {
    f.body = rewrite_sfpu_trees(f.body, fold);
  }
  return out;
}

}  // namespace tltt::passes
