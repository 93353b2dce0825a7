// A1: T.Parallel nests that read runs of tensors of rank >= 2 element by element (`beta[i] =
// Beta[b, base + i, h]`, a per-row value gathered from one column of a [batch, seq, heads]
// tensor; `x[i, j] * S[base + i, k]` in a 2-D nest) read each run as the copy `T.copy(Beta[b,
// base:base + L, h], run)` into an on-chip vector: the tensor becomes a vector-run tensor
// (reshape_vectors) and the load a tile copy. In a 1-D nest a store of the bare run is the
// copy itself, any other value (`T.exp(G[b, base + i, h])`) keeps its nest over the copied
// run, and a computed value stored to a run (`dg[b, base + i, h] = x[i] + y[i]`) is computed
// into a vector first, then copied.
#include <fmt/format.h>

#include <climits>
#include <cstdint>
#include <functional>
#include <set>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

// A load of a tensor of rank >= min_rank whose one index is `base + v`, v one of the nest's
// variables (base and the other indices free of all of them): the region `[.., base +: L, ..]`
// (L the extent of v's loop) and which variable runs.
struct RunAccess {
  Region region;
  size_t var = 0;
};
std::optional<RunAccess> run_access(const Buffer& b, const std::vector<Expr>& indices,
                                    const std::vector<const For*>& nest, const Location& loc,
                                    size_t min_rank = 2) {
  if (b->scope != MemScope::kGlobal || b.rank() < min_rank) {
    return std::nullopt;
  }
  std::vector<const Variable*> vars;
  for (const For* f : nest) {
    vars.push_back(f->var.get());
  }
  RunAccess a{Region{b, {}, loc}, 0};
  int runs = 0;
  for (const Expr& idx : indices) {
    std::optional<size_t> k;
    for (size_t d = 0; d < vars.size(); ++d) {
      if (uses_var(idx, vars[d])) {
        k = k ? std::optional<size_t>(SIZE_MAX) : std::optional<size_t>(d);
      }
    }
    if (!k) {
      a.region.ranges.push_back(Range{idx, cint(1, loc)});
      continue;
    }
    auto base = *k == SIZE_MAX ? std::nullopt : split_index(idx, vars[*k], vars);
    if (!base) {
      return std::nullopt;
    }
    a.region.ranges.push_back(Range{*base, nest[*k]->extent});
    a.var = *k;
    ++runs;
  }
  return runs == 1 ? std::optional<RunAccess>(a) : std::nullopt;
}

bool reads_tensor(const Expr& e) {
  bool g = false;
  post_order_visit(Evaluate::make(e), [&](const Node* n) {
    g |= n->kind == NodeKind::kBufferLoad &&
         static_cast<const BufferLoad*>(n)->buffer->scope == MemScope::kGlobal;
  });
  return g;
}

class RunLoads : public Mutator {
 public:
  using Mutator::visit;
  std::set<std::string> names;  // every buffer name of the function: staging names stay unique

  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    // A nest is taken whole or left whole: its inner loops are not nests of their own (an
    // outer variable is not a constant of the inner loop).
    std::vector<const For*> nest = parallel_nest(op);
    for (const For* f : nest) {
      if (const_value(f->min) != 0 || !const_value(f->extent)) {
        return op;
      }
    }
    std::vector<Stmt> body;
    if (const SeqStmt* s = nest.back()->body.as<SeqStmt>()) {
      body = s->stmts;
    } else {
      body.push_back(nest.back()->body);
    }
    if (nest.size() == 2) {
      return stage_2d(nest, body);
    }
    if (nest.size() != 1) {
      return op;
    }
    // Element-wise statements of a 1-D nest touch only element i of each vector, so each
    // statement is the same as its own nest, in order.
    std::vector<Stmt> out;
    bool changed = false;
    for (const Stmt& st : body) {
      bool run_store = false;
      Stmt s = rewrite(op, st, &run_store);
      changed |= s.defined() || (run_store && body.size() > 1);
      out.push_back(s.defined() ? s : Stmt());
    }
    if (!changed) {
      return op;
    }
    for (size_t k = 0; k < out.size(); ++k) {
      if (!out[k].defined()) {
        out[k] = For::make(op->var, op->min, op->extent, op->for_kind, body[k], op->num_stages,
                           op->attrs, op->loc);
      }
    }
    return seq(out, op->loc);
  }

 private:
  struct Run {
    Region region;
    Buffer block;
  };

  Buffer vector(const std::string& base, DataType dtype, const Expr& len, const Location& loc) {
    std::string name = base;
    for (int k = 2; names.count(name); ++k) {
      name = fmt::format("{}{}", base, k);
    }
    names.insert(name);
    return Buffer::make(name, dtype, {len}, MemScope::kShared, {}, loc);
  }

  // `value` with every run load replaced by a load of its staging vector (added to `runs`; one
  // per tensor region, loaded by whichever variable runs).
  Expr stage(const Expr& value, const std::vector<const For*>& nest, std::vector<Run>& runs) {
    auto stage_load = [&](const BufferLoad* l) -> Expr {
      // A 1-D tensor's run is a vector too (a per-row weight `W[start + i]`).
      auto a = run_access(l->buffer, l->indices, nest, l->loc, 1);
      if (!a) {
        return Expr(l);
      }
      Expr idx = nest[a->var]->var;
      for (const Run& run : runs) {
        bool same = run.region.buffer.same_as(a->region.buffer);
        for (size_t d = 0; same && d < a->region.ranges.size(); ++d) {
          same = structural_equal(run.region.ranges[d].min, a->region.ranges[d].min) &&
                 structural_equal(run.region.ranges[d].extent, a->region.ranges[d].extent);
        }
        if (same) {
          return BufferLoad::make(run.block, {idx}, l->loc);
        }
      }
      Buffer b = vector(l->buffer->name + "_run", l->buffer->dtype, nest[a->var]->extent, l->loc);
      runs.push_back({a->region, b});
      return BufferLoad::make(b, {idx}, l->loc);
    };
    return map_loads(value, stage_load);
  }

  // Copies of the runs, then `body`, in the scope of the staging vectors.
  static Stmt with_runs(const std::vector<Run>& runs, Stmt body, const Location& loc) {
    std::vector<Stmt> stmts;
    for (const Run& run : runs) {
      stmts.push_back(Copy::make(run.region, Region::full(run.block, loc), {}, loc));
    }
    stmts.push_back(std::move(body));
    Stmt result = seq(stmts, loc);
    for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
      result = Allocate::make(it->block, result, loc);
    }
    return result;
  }

  // A 2-D nest of element stores that reads per-row or per-column values from tensor runs
  // (`x[i, j] * S[bx * 32 + i, k]`, `G[b, base + i, h] - G[b, base + j, h]`): each run is
  // copied into a vector before the nest, which reads `run[i]` (`run[j]`: B3's broadcasts, a
  // vector read against its orientation through its twin).
  Stmt stage_2d(const std::vector<const For*>& nest, const std::vector<Stmt>& body) {
    const For* op = nest.front();
    std::vector<Run> runs;
    std::vector<Stmt> stores;
    for (const Stmt& st : body) {
      // A store (to a block or a tensor), or one under an `if` without else (a guarded write
      // of the rows a partial block holds: `if i < rows: Out[base + i, ..] = acc[i, j] *
      // W[base + i]`); the condition's loads are left as they are.
      const IfThenElse* ite = st.as<IfThenElse>();
      const BufferStore* store = ite && !ite->else_case.defined() ? ite->then_case.as<BufferStore>()
                                                                  : st.as<BufferStore>();
      if (!store) {
        return op;
      }
      Stmt staged = BufferStore::make(store->buffer, store->indices,
                                      stage(store->value, nest, runs), store->loc);
      stores.push_back(ite ? IfThenElse::make(ite->cond, staged, Stmt(), ite->loc) : staged);
    }
    if (runs.empty()) {
      return op;
    }
    Stmt inner = seq(stores, op->loc);
    for (auto it = nest.rbegin(); it != nest.rend(); ++it) {
      const For* f = *it;
      inner =
          For::make(f->var, f->min, f->extent, f->for_kind, inner, f->num_stages, f->attrs, f->loc);
    }
    return with_runs(runs, inner, op->loc);
  }

  // In a 1-D nest: `v[i] = f(T[.., base + i, ..], ..)` into copies of the runs and, unless f
  // is the bare run of v's dtype, a nest over them; `T[.., base + i, ..] = f(v[i], ..)` with f
  // not a bare vector into a nest computing a vector and its copy to the run (a bare vector
  // is left to vector_run_stores: *run_store). Undefined when st is of neither form.
  Stmt rewrite(const For* loop, const Stmt& st, bool* run_store) {
    const BufferStore* store = st.as<BufferStore>();
    std::vector<const For*> nest{loop};
    Location loc = loop->loc;
    if (store && store->buffer->scope == MemScope::kGlobal) {
      auto a = run_access(store->buffer, store->indices, nest, loc);
      if (!a || reads_tensor(store->value)) {
        return {};
      }
      *run_store = true;
      if (const BufferLoad* ld = strip_float_casts(store->value).as<BufferLoad>();
          ld && ld->buffer.rank() == 1 && ld->buffer->dtype == store->buffer->dtype) {
        return {};
      }
      Buffer tmp = vector(store->buffer->name + "_vec", store->buffer->dtype, loop->extent, loc);
      Stmt fill = For::make(loop->var, loop->min, loop->extent, loop->for_kind,
                            BufferStore::make(tmp, {loop->var}, store->value, store->loc),
                            loop->num_stages, loop->attrs, loop->loc);
      return Allocate::make(
          tmp, seq({fill, Copy::make(Region::full(tmp, loc), a->region, {}, loc)}, loc), loc);
    }
    if (!store || store->buffer.rank() != 1 ||
        !structural_equal(store->buffer->shape[0], loop->extent) ||
        store->indices[0].get() != loop->var.get()) {
      return {};
    }
    std::vector<Run> runs;
    Expr value = stage(store->value, nest, runs);
    if (runs.empty()) {
      return {};
    }
    const BufferLoad* bare = value.as<BufferLoad>();
    if (runs.size() == 1 && bare && bare->buffer.same_as(runs[0].block) &&
        runs[0].region.buffer->dtype == store->buffer->dtype) {
      return Copy::make(runs[0].region, Region::full(store->buffer, loc), {}, loc);
    }
    return with_runs(runs,
                     For::make(loop->var, loop->min, loop->extent, loop->for_kind,
                               BufferStore::make(store->buffer, store->indices, value, store->loc),
                               loop->num_stages, loop->attrs, loop->loc),
                     loc);
  }
};

}  // namespace

PrimFunc vector_run_loads(const PrimFunc& f) {
  RunLoads loads;
  for (const Param& p : f.params) {
    if (p.is_buffer()) {
      loads.names.insert(p.buffer->name);
    }
  }
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      loads.names.insert(static_cast<const Allocate*>(n)->buffer->name);
    }
  });
  PrimFunc out = f;
  out.body = loads.mutate(f.body);
  return out;
}

}  // namespace tltt::passes
