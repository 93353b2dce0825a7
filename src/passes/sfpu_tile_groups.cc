// D4b: groups the output tiles of each tt.sfpu for D5. A tree evaluated for one tile occupies
// sfpu_dst_need(tree) DST slots; an acquire holds D4's DST capacity, so capacity / need copies of
// the evaluation fit side by side. Evaluating G tiles together runs each op's init once per group
// (the inits do not depend on the tile: they name CBs and configure the unpacker or the SFPU)
// and makes one acquire/commit/pack/release round trip between the math and pack threads per G
// tiles instead of per tile. G divides the block's tile count so every group is whole, and the
// output CB must have G pages free while the inputs are held (an in-place step, s = f(s), holds
// the whole input block in the same CB).
#include "passes/sfpu_tile_groups.h"

#include <fmt/format.h>

#include <algorithm>

#include "ir/mutator.h"
#include "passes/dst/lower.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

class Mark : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  int64_t cap = 4;

  Stmt visit(const Evaluate* op) override {
    const Call* c = op->value.as<Call>();
    if (!is_tt_op(c, TtOp::kSfpu)) {
      return op;
    }
    Buffer out = tt::Sfpu::out(c);
    auto grid = tile_grid(out);
    int64_t n = grid[0] * grid[1];
    int64_t need = std::max<int64_t>(1, sfpu_dst_need(tt::Sfpu::tree(c)));
    bool in_place = false;
    for (const Buffer& in : tt::Sfpu::inputs(c)) {
      in_place = in_place || in.get() == out.get();
    }
    int64_t pages = out->attrs.get_int(keys::kCbNumPages, -1);
    int64_t free_pages = pages - (in_place ? n : 0);
    int64_t g = dst::largest_divisor(n, std::min(cap / need, free_pages));
    if (n <= 1) {
      return op;
    }
    ctx->remark(op->loc, "group") << fmt::format(
        "element-wise tree into '{}': {} of its {} tiles per DST acquire (the tree needs {} of "
        "the {} DST tiles; {} output pages free)",
        out->name, g, n, need, cap, free_pages);
    // One FPU and one SFPU configuration per tile: both inits once for the whole step, each
    // tile's FPU op then unpacks while the SFPU still works on the tile before.
    bool hoist = sfpu_inits_hoistable(c);
    if (hoist) {
      ctx->remark(op->loc, "hoist-inits") << fmt::format(
          "element-wise tree into '{}': its inits run once for the {} tiles, each tile's ops back "
          "to back (at most one FPU and one SFPU configuration)",
          out->name, n);
    }
    if (g <= 1 && !hoist) {
      return op;
    }
    Attrs attrs = c->attrs;
    if (g > 1) {
      attrs.set("tile_group", g);
    }
    if (hoist) {
      attrs.set("hoist_inits", true);
    }
    return Evaluate::make(Call::make(c->dtype, c->name, c->args, attrs, c->loc), op->loc);
  }
};

}  // namespace

Module sfpu_tile_groups(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (kernel_role(m, f) != "compute") {
      continue;
    }
    Mark mark;
    mark.ctx = &ctx;
    // D4 records the capacity of one acquire; without it, the device's rule for 16-bit DST.
    mark.cap = m.plan.compute ? m.plan.compute->dst_capacity : ctx.device.dst_tiles(false);
    f = mark.mutate(f);
  }
  return out;
}

}  // namespace tltt::passes
