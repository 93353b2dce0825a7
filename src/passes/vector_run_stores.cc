// A1: a 1-D T.Parallel nest that stores a whole on-chip vector into a run of a tensor of rank >= 2
// (`S[base + i, c] = v[i]`, a per-row scale written to one column of a [rows, groups] tensor)
// is the copy `T.copy(v, S[base:base + L, c])`, so the tensor can become a vector-run tensor
// (reshape_vectors) and the store a tile copy, as the copy form already is. Under a bound on the
// run's position (`if base + i < n: S[base + i, c] = v[i]`) the copy has the run-time length
// min(n - base, L), which the writer serves as a row write.
#include "ir/mutator.h"
#include "passes/pass_util.h"
#include "passes/row_writes.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

class RunStores : public Mutator {
 public:
  using Mutator::visit;
  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    // `if A + i < B: S[..., base + i] = v[i]` (varlen kernels' `lse` and `Delta` rows): the
    // first min(B - A, L) elements of the run, the writer's row write (row_writes.h).
    std::optional<GuardedRowStore> guarded = guarded_row_store({op});
    const BufferStore* st = guarded ? guarded->store : op->body.as<BufferStore>();
    const BufferLoad* ld = st ? st->value.as<BufferLoad>() : nullptr;
    auto mn = const_value(op->min), len = const_value(op->extent);
    if (!st || !ld || !mn || *mn != 0 || !len || st->buffer->scope != MemScope::kGlobal ||
        st->buffer.rank() < 2 || ld->buffer->scope == MemScope::kGlobal || ld->buffer.rank() != 1 ||
        as_const_int(ld->buffer->shape[0]) != len || ld->indices[0].get() != op->var.get() ||
        ld->buffer->dtype != st->buffer->dtype) {
      return Mutator::visit(op);
    }
    // Exactly one index is `base + i`; the others do not use i.
    const Variable* v = op->var.get();
    std::vector<Range> ranges;
    int runs = 0;
    for (const Expr& idx : st->indices) {
      if (!uses_var(idx, v)) {
        ranges.push_back(Range{idx, cint(1, op->loc)});
        continue;
      }
      auto base = split_index(idx, v, {v});
      if (!base) {
        return Mutator::visit(op);
      }
      ranges.push_back(Range{*base, guarded ? simplify(guarded->rows) : op->extent});
      ++runs;
    }
    if (runs != 1) {
      return Mutator::visit(op);
    }
    return Copy::make(Region::full(ld->buffer, op->loc), Region{st->buffer, ranges, st->loc}, {},
                      op->loc);
  }
};

}  // namespace

PrimFunc vector_run_stores(const PrimFunc& f) {
  PrimFunc out = f;
  out.body = RunStores().mutate(f.body);
  return out;
}

}  // namespace tltt::passes
