// B4b's second rewrite: the operands of a commutative SFPU function (add, mul, max, min) ordered
// so that the one needing more DST tiles is evaluated first. D5 evaluates x into the first slot
// and y into the next, so `v * f(x)` with a one-slot v and a two-slot f(x) holds three tiles at
// once, `f(x) * v` only two: D4b then fits more output tiles into one acquire. These functions
// are exactly commutative in IEEE arithmetic, so the values do not change.
#include <fmt/format.h>

#include "ir/mutator.h"
#include "passes/sfpu/hoist_vector_terms.h"
#include "passes/sfpu/rewrite_trees.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool commutative(SfpuBinaryFn fn) {
  return fn == SfpuBinaryFn::kAdd || fn == SfpuBinaryFn::kMul || fn == SfpuBinaryFn::kMax ||
         fn == SfpuBinaryFn::kMin;
}

class Order : public Mutator {
 public:
  using Mutator::visit;
  int swapped = 0;

  Expr visit(const Call* op) override {
    Expr e = Mutator::visit(op);
    const Call* c = as_tile_op(e, TileOpKind::kBinary);
    if (!c || !commutative(tile_op_of(e)->binary)) {
      return e;
    }
    Expr flipped =
        tile_binary(tile_op_of(e)->binary, tile::Binary::y(c), tile::Binary::x(c), c->loc);
    if (sfpu_dst_need(flipped) >= sfpu_dst_need(e)) {
      return e;
    }
    ++swapped;
    return flipped;
  }
};

}  // namespace

Stmt order_commutative_operands(const Stmt& body, PassContext& ctx) {
  return rewrite_sfpu_trees(body, [&](const Call* c, const Expr& tree) -> std::optional<Expr> {
    Order o;
    Expr out = o.mutate(tree);
    if (!o.swapped) {
      return std::nullopt;
    }
    ctx.remark(c->loc, "order") << fmt::format(
        "the operands of a commutative function are swapped so the one needing more DST "
        "tiles goes first: {} DST tiles instead of {}",
        sfpu_dst_need(out), sfpu_dst_need(tree));
    return out;
  });
}

}  // namespace tltt::passes
