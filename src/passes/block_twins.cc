// Transposed block twins for `x[j, i]` loads in 2-D T.Parallel nests (see block_twins.h).
#include "passes/block_twins.h"

#include <fmt/format.h>

#include <vector>

#include "ir/mutator.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool is_var(const Expr& e, const Variable* v) {
  return e.defined() && e->kind == NodeKind::kVariable && static_cast<const Node*>(e.get()) == v;
}

class BlockTwins : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;

  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    bool outermost = loops_.empty();
    if (outermost) {
      twins_.clear();
    }
    loops_.push_back(op);
    Stmt s = Mutator::visit(op);
    loops_.pop_back();
    if (!outermost) {
      return s;
    }
    // The twins of this nest, copied (transposed) before it.
    for (const Twin& t : twins_) {
      Location loc = op->loc;
      Stmt copy = Copy::make(Region::full(t.block, loc), Region::full(t.twin, loc),
                             Attrs{}.with(kTransposeCopyAttr, true), loc);
      s = Allocate::make(t.twin, SeqStmt::make({copy, s}, loc), loc);
      ctx->remark(loc, "block-twin") << fmt::format(
          "block '{}' is read transposed in this nest (`{}[j, i]`): the nest reads '{}', a "
          "transposed copy of it made before the nest (transpose_wh_tile, tile by tile)",
          t.block->name, t.block->name, t.twin->name);
    }
    return s;
  }

  Expr visit(const BufferLoad* op) override {
    if (loops_.size() < 2 || op->buffer.rank() != 2 || op->buffer->scope == MemScope::kGlobal) {
      return Mutator::visit(op);
    }
    const For* rows = loops_[loops_.size() - 2];
    const For* cols = loops_.back();
    if (!is_var(op->indices[0], cols->var.get()) || !is_var(op->indices[1], rows->var.get())) {
      return Mutator::visit(op);
    }
    auto r = const_value(rows->extent), c = const_value(cols->extent);
    auto s0 = const_value(op->buffer->shape[0]), s1 = const_value(op->buffer->shape[1]);
    if (!r || !c || s0 != c || s1 != r || const_value(rows->min) != 0 ||
        const_value(cols->min) != 0) {
      return Mutator::visit(op);
    }
    Buffer twin;
    for (const Twin& t : twins_) {
      if (t.block.same_as(op->buffer)) {
        twin = t.twin;
      }
    }
    if (!twin.defined()) {
      const Buffer& b = op->buffer;
      twin = Buffer::make(b->name + "_t", b->dtype, {b->shape[1], b->shape[0]}, b->scope, b->attrs,
                          b->loc);
      twins_.push_back({b, twin});
    }
    return BufferLoad::make(twin, {op->indices[1], op->indices[0]}, op->loc);
  }

 private:
  struct Twin {
    Buffer block, twin;
  };
  std::vector<const For*> loops_;  // the enclosing T.Parallel loops, outermost first
  std::vector<Twin> twins_;        // of the current outermost nest
};

}  // namespace

bool transposed_grids(const Buffer& src, const Buffer& dst) {
  std::vector<int64_t> s = tile_grid(src), d = tile_grid(dst);
  return src.rank() == 2 && dst.rank() == 2 && s[0] > 0 && s[1] > 0 && s[0] == d[1] && s[1] == d[0];
}

PrimFunc transposed_block_loads(const PrimFunc& f, PassContext& ctx) {
  BlockTwins t;
  t.ctx = &ctx;
  PrimFunc g = f;
  g.body = t.mutate(f.body);
  return g;
}

}  // namespace tltt::passes
