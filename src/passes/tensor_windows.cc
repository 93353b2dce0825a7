// A1's staging of tensor windows a T.Parallel nest reads or writes element by element (see
// tensor_windows.h): the nest then computes on on-chip blocks only, and the tensor traffic is
// T.copy, which the copy lowering serves (windows off the tile grid, past the tensor's end, row
// guards included) instead of C2 rejecting the element accesses.
#include "passes/tensor_windows.h"

#include <fmt/format.h>

#include <set>
#include <string>
#include <vector>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

struct Nest {
  std::vector<const For*> loops;
  std::vector<const Variable*> vars;
  std::vector<Expr> block_idx;  // the loop variables, outer first: a block's element
  std::vector<Expr> shape;      // the loop extents: a block's shape
};

bool uses_nest(const Expr& e, const Nest& n) {
  for (const Variable* v : n.vars) {
    if (uses_var(e, v)) {
      return true;
    }
  }
  return false;
}

// The window `[.., base + v, ..]` of tensor `b` the nest's elements address (see the header), or
// nullopt: a variable missing, used twice, out of order (a transposed access), scaled or under a
// division, or a base that uses the nest's variables.
std::optional<Region> window(const Buffer& b, const std::vector<Expr>& idx, const Nest& n,
                             const Location& loc) {
  if (b->scope != MemScope::kGlobal || idx.size() < n.vars.size()) {
    return std::nullopt;
  }
  Region r{b, {}, loc};
  size_t next = 0;  // the loop variable the next running dimension must use
  for (const Expr& e : idx) {
    std::vector<size_t> used;
    for (size_t k = 0; k < n.vars.size(); ++k) {
      if (uses_var(e, n.vars[k])) {
        used.push_back(k);
      }
    }
    if (used.empty()) {
      r.ranges.push_back(Range{e, cint(1, loc)});
      continue;
    }
    if (used.size() != 1 || used[0] != next) {
      return std::nullopt;
    }
    auto a = affine_in(e, n.vars[next]);
    if (!a || a->coef != 1 || uses_nest(a->rest, n)) {
      return std::nullopt;
    }
    r.ranges.push_back(Range{simplify(a->rest), n.loops[next]->extent});
    ++next;
  }
  if (next != n.vars.size()) {
    return std::nullopt;
  }
  return r;
}

// `e` is `blk[i, j, ..]`: a whole element of an on-chip block at the nest's variables in order.
const BufferLoad* bare_block_load(const Expr& e, const Nest& n) {
  const BufferLoad* l = e.as<BufferLoad>();
  if (!l || l->buffer->scope == MemScope::kGlobal || l->indices.size() != n.vars.size()) {
    return nullptr;
  }
  for (size_t k = 0; k < n.vars.size(); ++k) {
    if (l->indices[k].get() != n.vars[k]) {
      return nullptr;
    }
  }
  return l;
}

struct Staged {
  Region region;
  Buffer block;
};

// Replaces each tensor load at a window of the nest by the element of its staging block.
class StageLoads : public Mutator {
 public:
  using Mutator::visit;
  StageLoads(const Nest& n, std::vector<Staged>& staged,
             const std::function<Buffer(const Buffer&)>& make_block)
      : n_(n), staged_(staged), make_block_(make_block) {}

  Expr visit(const BufferLoad* op) override {
    auto r = window(op->buffer, op->indices, n_, op->loc);
    if (!r) {
      return Mutator::visit(op);
    }
    for (const Staged& s : staged_) {
      if (s.region.buffer.same_as(r->buffer) && same_ranges(s.region, *r)) {
        return BufferLoad::make(s.block, n_.block_idx, op->loc);
      }
    }
    staged_.push_back({*r, make_block_(op->buffer)});
    return BufferLoad::make(staged_.back().block, n_.block_idx, op->loc);
  }

 private:
  const Nest& n_;
  std::vector<Staged>& staged_;
  std::function<Buffer(const Buffer&)> make_block_;
};

class Windows : public Mutator {
 public:
  using Mutator::visit;
  std::set<std::string> names;  // every buffer name of the function: block names stay unique

  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    Nest n;
    n.loops = parallel_nest(op);
    for (const For* f : n.loops) {
      if (const_value(f->min) != 0 || !const_value(f->extent)) {
        return op;
      }
      n.vars.push_back(f->var.get());
      n.block_idx.push_back(f->var);
      n.shape.push_back(f->extent);
    }
    if (n.loops.size() < 2) {
      return op;  // 1-D nests: vector runs (vector_run_loads / vector_run_stores)
    }
    Stmt staged = rewrite(n);
    return staged.defined() ? staged : Stmt(op);
  }

 private:
  Buffer block(const Buffer& t, const Nest& n, const Location& loc) {
    std::string base = t->name + "_win", name = base;
    for (int k = 2; names.count(name); ++k) {
      name = fmt::format("{}{}", base, k);
    }
    names.insert(name);
    return Buffer::make(name, t->dtype, n.shape, MemScope::kShared, {}, loc);
  }

  // A tensor store of the nest's body: `T[..] = v` or `if cond: T[..] = v` (cond reading no
  // tensor), its window, and the block whose copy writes it.
  struct Store {
    const BufferStore* store = nullptr;
    Expr guard;  // undefined when unguarded
    Region region;
    Buffer block;
    bool computed = false;  // the nest computes `block` (false: an on-chip block it reads)
  };

  static bool reads_tensor(const Expr& e) {
    bool g = false;
    post_order_visit(Evaluate::make(e), [&](const Node* x) {
      g |= x->kind == NodeKind::kBufferLoad &&
           static_cast<const BufferLoad*>(x)->buffer->scope == MemScope::kGlobal;
    });
    return g;
  }

  Stmt rewrite(const Nest& n) {
    const For* op = n.loops.front();
    Location loc = op->loc;
    std::vector<Stmt> body;
    if (const SeqStmt* s = n.loops.back()->body.as<SeqStmt>()) {
      body = s->stmts;
    } else {
      body.push_back(n.loops.back()->body);
    }
    // What the body touches: nests over tensors only and single whole-block copies (bare, one
    // dtype; C1 makes them T.copy, a row guard included) are left to the later lowerings.
    bool onchip = false, cond = false;
    std::set<const BufferNode*> written;
    post_order_visit(n.loops.back()->body, [&](const Node* x) {
      if (x->kind == NodeKind::kBufferLoad) {
        onchip |= static_cast<const BufferLoad*>(x)->buffer->scope != MemScope::kGlobal;
      } else if (x->kind == NodeKind::kBufferStore) {
        const BufferStore* st = static_cast<const BufferStore*>(x);
        onchip |= st->buffer->scope != MemScope::kGlobal;
        written.insert(st->buffer.get());
      }
      cond |= x->kind == NodeKind::kIfThenElse || x->kind == NodeKind::kSelect;
    });
    if (!onchip && !cond) {
      return {};
    }
    if (body.size() == 1) {
      const Stmt& s = body[0];
      // Unguarded, C1 converts between float dtypes in the copy; a row write needs one dtype.
      const BufferStore* st = s.as<BufferStore>();
      const BufferLoad* l = st ? strip_float_casts(st->value).as<BufferLoad>() : nullptr;
      if (const IfThenElse* ite = s.as<IfThenElse>(); ite && !ite->else_case.defined()) {
        st = ite->then_case.as<BufferStore>();
        l = st ? st->value.as<BufferLoad>() : nullptr;
        l = l && l->buffer->dtype == st->buffer->dtype ? l : nullptr;
      }
      if (l &&
          (st->buffer->scope == MemScope::kGlobal) != (l->buffer->scope == MemScope::kGlobal)) {
        return {};
      }
    }
    // Tensor stores: each at a window, or the nest is left whole (C2 names the store).
    std::vector<Store> stores;
    std::vector<Stmt> kept;  // the body's other statements
    for (const Stmt& s : body) {
      Store w;
      w.store = s.as<BufferStore>();
      const IfThenElse* ite = s.as<IfThenElse>();
      if (!w.store && ite && !ite->else_case.defined() && !reads_tensor(ite->cond)) {
        w.store = ite->then_case.as<BufferStore>();
        w.guard = ite->cond;
      }
      if (!w.store || w.store->buffer->scope != MemScope::kGlobal) {
        bool stores_tensor = false;
        post_order_visit(s, [&](const Node* x) {
          stores_tensor |= x->kind == NodeKind::kBufferStore &&
                           static_cast<const BufferStore*>(x)->buffer->scope == MemScope::kGlobal;
        });
        if (stores_tensor) {
          return {};
        }
        kept.push_back(s);
        stores.push_back(Store{});
        continue;
      }
      auto r = window(w.store->buffer, w.store->indices, n, w.store->loc);
      if (!r) {
        return {};
      }
      w.region = *r;
      const BufferLoad* bare = bare_block_load(w.store->value, n);
      if (bare && bare->buffer->dtype == w.store->buffer->dtype &&
          !written.count(bare->buffer.get())) {
        w.block = bare->buffer;
      } else {
        w.block = block(w.store->buffer, n, w.store->loc);
        w.computed = true;
      }
      stores.push_back(w);
    }
    // The compute nest: the kept statements and the computed blocks, tensor loads staged.
    std::vector<Staged> staged;
    StageLoads stage(n, staged, [&](const Buffer& t) { return block(t, n, t->loc); });
    std::vector<Stmt> compute, writes;
    size_t next_kept = 0;
    for (const Store& w : stores) {
      if (!w.store) {
        compute.push_back(stage.mutate(kept[next_kept++]));
        continue;
      }
      if (w.computed) {
        compute.push_back(
            BufferStore::make(w.block, n.block_idx, stage.mutate(w.store->value), w.store->loc));
      }
      if (!w.guard.defined()) {
        writes.push_back(Copy::make(Region::full(w.block, loc), w.region, {}, w.store->loc));
        continue;
      }
      Stmt st = IfThenElse::make(
          w.guard,
          BufferStore::make(w.store->buffer, w.store->indices,
                            BufferLoad::make(w.block, n.block_idx, loc), w.store->loc),
          {}, w.store->loc);
      writes.push_back(wrap(n, st));
    }
    bool changed = !staged.empty();
    for (const Store& w : stores) {
      changed |= w.store != nullptr && (w.computed || !w.guard.defined());
    }
    if (!changed) {
      return {};
    }
    std::vector<Stmt> stmts;
    for (const Staged& s : staged) {
      stmts.push_back(Copy::make(s.region, Region::full(s.block, loc), {}, loc));
    }
    if (!compute.empty()) {
      stmts.push_back(wrap(n, seq(compute, loc)));
    }
    stmts.insert(stmts.end(), writes.begin(), writes.end());
    Stmt result = seq(stmts, loc);
    for (auto it = stores.rbegin(); it != stores.rend(); ++it) {
      if (it->computed) {
        result = Allocate::make(it->block, result, loc);
      }
    }
    for (auto it = staged.rbegin(); it != staged.rend(); ++it) {
      result = Allocate::make(it->block, result, loc);
    }
    return result;
  }

  // `body` inside the nest's loops.
  static Stmt wrap(const Nest& n, Stmt body) {
    for (auto it = n.loops.rbegin(); it != n.loops.rend(); ++it) {
      const For* f = *it;
      body =
          For::make(f->var, f->min, f->extent, f->for_kind, body, f->num_stages, f->attrs, f->loc);
    }
    return body;
  }
};

}  // namespace

PrimFunc stage_tensor_windows(const PrimFunc& f) {
  Windows w;
  for (const Param& p : f.params) {
    if (p.is_buffer()) {
      w.names.insert(p.buffer->name);
    }
  }
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      w.names.insert(static_cast<const Allocate*>(n)->buffer->name);
    }
  });
  PrimFunc out = f;
  out.body = w.mutate(f.body);
  return out;
}

}  // namespace tltt::passes
