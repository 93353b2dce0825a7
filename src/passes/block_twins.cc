// Transposed block twins for `x[j, i]` loads in 2-D T.Parallel nests (see block_twins.h).
#include "passes/block_twins.h"

#include <fmt/format.h>

#include <map>
#include <vector>

#include "ir/mutator.h"
#include "ir/substitute.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool is_var(const Expr& e, const Variable* v) {
  return e.defined() && e->kind == NodeKind::kVariable && static_cast<const Node*>(e.get()) == v;
}

// Whether a tensor store in the 2-D nest (rows, cols) indexes the tensor transposed: the
// column variable in an earlier dimension than the row variable, each in one index only.
bool transposed_store(const BufferStore* st, const For* rows, const For* cols) {
  int r = -1, c = -1;
  for (size_t d = 0; d < st->indices.size(); ++d) {
    bool ur = uses_var(st->indices[d], rows->var.get()),
         uc = uses_var(st->indices[d], cols->var.get());
    if ((ur && (r >= 0 || uc)) || (uc && c >= 0)) {
      return false;
    }
    r = ur ? static_cast<int>(d) : r;
    c = uc ? static_cast<int>(d) : c;
  }
  return r >= 0 && c >= 0 && c < r;
}

// `for i, j in T.Parallel(..): T[.., base + j, .., i] = x[i, j]` (a block stored transposed, also
// beside other tensor stores of the nest): the nest split into one nest per store, each store
// that indexes its tensor transposed in a nest with the loops swapped, so it stores in order and
// reads `x[j, i]`, which BlockTwins turns into a transposed twin of x.
class TransposedStores : public Mutator {
 public:
  using Mutator::visit;
  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    std::vector<const For*> nest = parallel_nest(op);
    if (nest.size() != 2) {
      return op;
    }
    std::vector<const BufferStore*> stores;
    const SeqStmt* seq = nest[1]->body.as<SeqStmt>();
    // A nest of one store into a 2-D on-chip block (`xt[j, i] = x[i, j] * s`) is swapped too:
    // the block is then stored in order and x read through its transposed twin. With several
    // statements an on-chip store may feed a later one element by element, so those stay.
    const BufferStore* only = nest[1]->body.as<BufferStore>();
    bool block_store = only && only->buffer->scope != MemScope::kGlobal && only->buffer.rank() == 2;
    for (const Stmt& s : seq ? seq->stmts : std::vector<Stmt>{nest[1]->body}) {
      const BufferStore* st = s.as<BufferStore>();
      if (!st || (st->buffer->scope != MemScope::kGlobal && !block_store)) {
        return op;
      }
      stores.push_back(st);
    }
    bool any = false;
    for (const BufferStore* st : stores) {
      any |= transposed_store(st, nest[0], nest[1]);
      // Values read only on-chip buffers (no tensor, so none the nest stores): the statements
      // are independent.
      bool reads_tensor = false;
      post_order_visit(Evaluate::make(st->value), [&](const Node* n) {
        reads_tensor |= n->kind == NodeKind::kBufferLoad &&
                        static_cast<const BufferLoad*>(n)->buffer->scope == MemScope::kGlobal;
      });
      if (reads_tensor) {
        return op;
      }
    }
    if (!any) {
      return op;
    }
    std::vector<Stmt> out;
    for (const BufferStore* st : stores) {
      bool t = transposed_store(st, nest[0], nest[1]);
      VarMap rn;  // fresh loop variables for the nest split off
      std::vector<Var> fresh;
      for (const For* f : nest) {
        fresh.push_back(Variable::make(f->var->name, f->var->dtype, f->var->loc));
        rn[f->var.get()] = fresh.back();
      }
      const For* outer = nest[t ? 1 : 0];
      const For* inner = nest[t ? 0 : 1];
      Var vo = fresh[t ? 1 : 0], vi = fresh[t ? 0 : 1];
      Stmt body = For::make(vi, inner->min, inner->extent, ForKind::kParallel,
                            substitute(Stmt(st), rn), 0, inner->attrs, inner->loc);
      out.push_back(For::make(vo, outer->min, outer->extent, ForKind::kParallel, body, 0,
                              outer->attrs, outer->loc));
    }
    return SeqStmt::make(out, op->loc);
  }
};

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

PrimFunc swap_transposed_stores(const PrimFunc& f) {
  PrimFunc g = f;
  g.body = TransposedStores().mutate(f.body);
  return g;
}

PrimFunc transposed_block_loads(const PrimFunc& f, PassContext& ctx) {
  BlockTwins t;
  t.ctx = &ctx;
  PrimFunc g = f;
  g.body = t.mutate(f.body);
  return g;
}

}  // namespace tltt::passes
