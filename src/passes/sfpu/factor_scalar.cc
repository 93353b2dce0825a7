// B4's second rewrite: a common constant factor taken out of a sum or difference of two scaled
// tiles, x * k - y * k -> (x - y) * k, so one scalar product replaces two and the difference
// of two CB blocks (or of a block and a broadcast vector) can run on the FPU in D5; and
// exp2(x * log2(e)) -> exp(x), one SFPU function instead of a product and a function.
#include <cmath>
#include <numbers>

#include "ir/mutator.h"
#include "passes/sfpu/fuse_sfpu_steps.h"
#include "passes/sfpu/rewrite_trees.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

const FloatImm* constant_factor(const Expr& e, Expr* x) {
  const Call* c = as_tile_op(e, TileOpKind::kBinary);
  if (!c || tile_op_of(e)->binary != SfpuBinaryFn::kMul) {
    return nullptr;
  }
  const Expr &a = tile::Binary::x(c), &b = tile::Binary::y(c);
  if (const FloatImm* k = b.as<FloatImm>(); k && !a.as<FloatImm>()) {
    *x = a;
    return k;
  }
  if (const FloatImm* k = a.as<FloatImm>(); k && !b.as<FloatImm>()) {
    *x = b;
    return k;
  }
  return nullptr;
}

namespace {

class Factor : public Mutator {
 public:
  using Mutator::visit;
  int factored = 0;

  Expr visit(const Call* op) override {
    Expr e = Mutator::visit(op);
    if (const Call* u = as_tile_op(e, TileOpKind::kUnary)) {
      return exp2_of_scaled(e, u);
    }
    const Call* c = as_tile_op(e, TileOpKind::kBinary);
    if (!c) {
      return e;
    }
    SfpuBinaryFn fn = tile_op_of(e)->binary;
    if (fn != SfpuBinaryFn::kAdd && fn != SfpuBinaryFn::kSub) {
      return e;
    }
    Expr x, y;
    const FloatImm* kx = constant_factor(tile::Binary::x(c), &x);
    const FloatImm* ky = constant_factor(tile::Binary::y(c), &y);
    // Equal, finite, non-zero factors: k * (x - y) differs from k*x - k*y only by rounding.
    if (!kx || !ky || kx->value != ky->value || !std::isfinite(kx->value) || kx->value == 0) {
      return e;
    }
    ++factored;
    return tile_binary(SfpuBinaryFn::kMul, tile_binary(fn, x, y, c->loc),
                       FloatImm::make(kx->value, DataType::float32(), c->loc), c->loc);
  }

 private:
  // exp2(x * log2(e)) is exp(x): the SFPU exp without the scalar product (T.exp2 with log2(e)
  // folded in is how TileLang kernels spell exp). The constant must be log2(e) to fp32 precision.
  Expr exp2_of_scaled(const Expr& e, const Call* u) {
    Expr x;
    const FloatImm* k =
        tile_op_of(e)->fn == SfpuFn::kExp2 ? constant_factor(tile::Unary::x(u), &x) : nullptr;
    if (!k || std::abs(k->value - std::numbers::log2e) > 0x1p-24 * std::numbers::log2e) {
      return e;
    }
    ++factored;
    return tile_unary(SfpuFn::kExp, x, u->loc);
  }
};

}  // namespace

Stmt factor_common_scalars(const Stmt& body, PassContext& ctx) {
  return rewrite_sfpu_trees(
      body, [&](const Call* c, const Expr& tree) -> std::optional<Expr> {
        Factor f;
        Expr out = f.mutate(tree);
        if (!f.factored) {
          return std::nullopt;
        }
        ctx.remark(c->loc, "factor")
            << "a constant factor common to both sides of a sum or difference is applied once, "
               "after it; exp2(x * log2(e)) is computed as exp(x)";
        return out;
      });
}

}  // namespace tltt::passes
