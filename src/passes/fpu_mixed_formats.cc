// D4d: mixed bfloat16 / float32 add and sub with a broadcast marked for the FPU (see
// fpu_mixed_formats.h). Online softmax's second pass (x_s - bcast(m + log(l)), x_s bfloat16, the
// vector float32) and LayerNorm's x - bcast(mean) once its cast is fused (B4) take it.
#include "passes/fpu_mixed_formats.h"

#include <fmt/format.h>

#include "ir/mutator.h"
#include "passes/pass_util.h"
#include "passes/sfpu/rewrite_trees.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool block_of(const Expr& e, DataType t) {
  const Region* r = ref_region(e);
  return r && !e.as<Call>() && r->buffer->dtype == t;
}

bool vector_of(const Expr& e, DataType t) {
  const Call* b = as_tile_bcast(e);
  if (!b || as_tile_op(e, TileOpKind::kBcastScalar)) {
    return false;
  }
  Buffer v = ref_buffer(tile_leaf_block(b));
  const Region* r = ref_region(tile_leaf_block(b));
  return v.defined() && r && region_is_full(*r) && v->dtype == t;
}

class Mark : public Mutator {
 public:
  using Mutator::visit;
  int marked = 0;

  Expr visit(const Call* op) override {
    Expr e = Mutator::visit(op);
    const Call* c = as_tile_op(e, TileOpKind::kBinary);
    if (!c) {
      return e;
    }
    SfpuBinaryFn fn = tile_op_of(e)->binary;
    const Expr &x = tile::Binary::x(c), &y = tile::Binary::y(c);
    DataType bf = DataType::bfloat16(), f32 = DataType::float32();
    bool sub = fn == SfpuBinaryFn::kSub && block_of(x, bf) && vector_of(y, f32) &&
               as_tile_op(y, TileOpKind::kBcastCol);
    bool add = fn == SfpuBinaryFn::kAdd &&
               ((block_of(x, bf) && vector_of(y, f32)) || (block_of(y, bf) && vector_of(x, f32)));
    if ((!sub && !add) || tile::Binary::fpu_formats(c)) {
      return e;
    }
    Attrs attrs = c->attrs;
    attrs.set("fpu_formats", true);
    ++marked;
    return Call::make(c->dtype, c->name, c->args, attrs, c->loc);
  }
};

}  // namespace

Module fpu_mixed_formats(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    auto mark = [&](const Call* c, const Expr& tree) -> std::optional<Expr> {
      Mark mk;
      Expr t = mk.mutate(tree);
      if (!mk.marked) {
        return std::nullopt;
      }
      ctx.remark(c->loc, "fpu") << fmt::format(
          "{} add/sub of a bfloat16 block and a float32 broadcast vector run on the FPU from "
          "their CBs (no copy into DST, no SFPU op)",
          mk.marked);
      return t;
    };
    f.body = rewrite_sfpu_trees(f.body, mark);
  }
  return out;
}

}  // namespace tltt::passes
