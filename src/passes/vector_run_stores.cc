// A1: a 1-D T.Parallel nest that stores a whole on-chip vector into a run of a tensor of rank >= 2
// (`S[base + i, c] = v[i]`, a per-row scale written to one column of a [rows, groups] tensor)
// is the copy `T.copy(v, S[base:base + L, c])`, so the tensor can become a vector-run tensor
// (reshape_vectors) and the store a tile copy, as the copy form already is. Under a bound on the
// row (`if i < valid:` of a head group narrower than the block, `if by * 32 + i < len:` of a
// sequence's last rows) only the vector's first rows are copied; the copy names its run dimension
// (kRunDimAttr), which a one-element run cannot show.
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
    // `if A + i < B:` around the store keeps the first rows: a constant count, or a run-time
    // one `min(B - A, L)` (the rows a sequence has), which the writer clamps at 0.
    const IfThenElse* guard = op->body.as<IfThenElse>();
    const BufferStore* st = guard && !guard->else_case.defined()
                                ? guard->then_case.as<BufferStore>()
                                : op->body.as<BufferStore>();
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
    Expr rows = op->extent;
    if (guard) {
      std::optional<Expr> count = guarded_row_count(guard->cond, op, {op});
      if (!count) {
        return Mutator::visit(op);
      }
      if (const_value(*count) == std::optional<int64_t>(0)) {
        return SeqStmt::make({}, op->loc);  // no row passes the guard
      }
      rows = *count;
    }
    std::vector<Range> ranges;
    int64_t run_dim = -1;
    for (const Expr& idx : st->indices) {
      if (!uses_var(idx, v)) {
        ranges.push_back(Range{idx, cint(1, op->loc)});
        continue;
      }
      auto base = split_index(idx, v, {v});
      if (!base) {
        return Mutator::visit(op);
      }
      if (run_dim >= 0) {
        return Mutator::visit(op);
      }
      run_dim = static_cast<int64_t>(ranges.size());
      ranges.push_back(Range{*base, rows});
    }
    if (run_dim < 0) {
      return Mutator::visit(op);
    }
    Region src{ld->buffer, {Range{cint(0, op->loc), rows}}, op->loc};
    // A run of one element spans no dimension: the copy names it.
    Attrs attrs = const_value(rows) == std::optional<int64_t>(1)
                      ? Attrs{}.with(kRunDimAttr, run_dim)
                      : Attrs{};
    return Copy::make(src, Region{st->buffer, ranges, st->loc}, attrs, op->loc);
  }
};

}  // namespace

PrimFunc vector_run_stores(const PrimFunc& f) {
  PrimFunc out = f;
  out.body = RunStores().mutate(f.body);
  return out;
}

}  // namespace tltt::passes
