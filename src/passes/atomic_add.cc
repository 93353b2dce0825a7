// serialize_atomic_adds (atomic_add.h): finds the tile adds of a T.Kernel block (also inside its
// loops), checks that the blocks left after serialising the split dimensions add to disjoint
// regions, and rewrites the block. The NoC has no floating-point atomic add (its atomics
// increment 32-bit integers), so the partials of one region are summed by one core, in a fixed
// order: on chip for an add of the block body, by ordered read-modify-writes inside loops.
#include "passes/atomic_add.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/substitute.h"
#include "ir/visitor.h"
#include "passes/atomic_add_forms.h"
#include "passes/atomic_add_grid.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

const AtomicAdd* first_add(const Stmt& s) {
  const AtomicAdd* found = nullptr;
  post_order_visit(s, [&](const Node* n) {
    if (n->kind == NodeKind::kAtomicAdd && !found) {
      found = static_cast<const AtomicAdd*>(n);
    }
  });
  return found;
}

// The tile adds of a block body, each with the loops around it. Destination indices see through
// the lets of the block (`i_b = i_bh // H`), which name functions of the grid, the kernel's
// scalars and the loops around them.
struct Collect {
  PassContext& ctx;
  std::vector<TileAdd> adds;
  std::vector<const For*> loops;
  VarMap lets;                          // the block's lets seen through
  int conds = 0;                        // the conditions around the statement
  std::set<const Variable*> from_data;  // lets of values read from tensors

  void stmt(const Stmt& s) {
    const AtomicAdd* any = first_add(s);
    if (!any) {
      return;
    }
    if (const SeqStmt* q = s.as<SeqStmt>()) {
      for (const Stmt& b : q->stmts) {
        stmt(b);
      }
    } else if (const Allocate* a = s.as<Allocate>()) {
      stmt(a->body);
    } else if (const LetStmt* l = s.as<LetStmt>()) {
      // A let of a value read from a tensor (`first = cu[bz]`), also through another such let
      // (`rows = end - first`), stays a variable: the add that uses it is rewritten where it
      // stands, inside the let.
      std::set<const Variable*> used = vars_in(l->value);
      bool data = loads_buffer(l->value) ||
                  std::any_of(used.begin(), used.end(),
                              [&](const Variable* v) { return from_data.count(v) != 0; });
      if (!data) {
        lets[l->var.get()] = substitute(l->value, lets);
      } else {
        from_data.insert(l->var.get());
      }
      stmt(l->body);
      lets.erase(l->var.get());
    } else if (const AtomicAdd* op = s.as<AtomicAdd>()) {
      take(tile_add(op, {}, s.get(), ctx));
    } else if (const For* f = s.as<For>(); f && f->for_kind == ForKind::kParallel) {
      parallel(f, any);
    } else if (f && (f->for_kind == ForKind::kSerial || f->for_kind == ForKind::kPipelined ||
                     f->for_kind == ForKind::kUnrolled)) {
      loops.push_back(f);
      stmt(f->body);
      loops.pop_back();
    } else if (const IfThenElse* c = s.as<IfThenElse>(); c && !loads_buffer(c->cond)) {
      // A condition of the grid, the scalars and the loops: the add's lowering stays under it
      // (every kernel of the core evaluates it alike), so a skipped add reads and writes nothing.
      ++conds;
      stmt(c->then_case);
      if (c->else_case.defined()) {
        stmt(c->else_case);
      }
      --conds;
    } else {
      // Name the construct: a `while` (stream-K's walk over a program's iteration range), or
      // the buffer a condition reads (a tensor element, or an on-chip scalar such as a
      // kernel-local `start[0]` carried between iterations).
      std::string what = "a data-dependent loop of the block";
      if (const IfThenElse* c = s.as<IfThenElse>()) {
        const BufferLoad* read = nullptr;
        post_order_visit(Evaluate::make(c->cond), [&](const Node* n) {
          if (n->kind == NodeKind::kBufferLoad && !read) {
            read = static_cast<const BufferLoad*>(n);
          }
        });
        what = read ? fmt::format(
                          "a condition that reads {} '{}' (at line {})",
                          read->buffer->scope == MemScope::kGlobal ? "tensor" : "on-chip buffer",
                          read->buffer->name, c->loc.line)
                    : what;
      } else if (s.as<While>()) {
        what = fmt::format(
            "a `while` loop (line {}, a loop whose trip count is only known at run time that does "
            "not count by a constant step, such as stream-K's walk over a program's range of "
            "iterations; such a `while` is not lowered yet)",
            s->loc.line);
      }
      ctx.error(any->loc) << "T.atomic_add inside " << what << " has no Tenstorrent lowering yet; "
                          << kAtomicAddForms;
    }
  }

 private:
  void take(std::optional<TileAdd> t) {
    if (t) {
      t->loops = loops;
      t->guarded = conds > 0;
      t->dst = substitute(t->dst, lets);
      adds.push_back(*t);
    }
  }
  // The element form: every statement of the nest's body is an atomic add, or the body is one
  // masked add, `if cond: T.atomic_add(..)` with a condition free of loads (the positions, the
  // grid, the loops and the block's lets: `k * bn + i < seqlen`), which adds the masked block.
  void parallel(const For* outer, const AtomicAdd* any) {
    std::vector<const For*> nest = parallel_nest(outer);
    std::vector<const AtomicAdd*> direct;
    const IfThenElse* mask = nest.back()->body.as<IfThenElse>();
    if (mask && !mask->else_case.defined() && mask->then_case.as<AtomicAdd>() &&
        !loads_buffer(mask->cond)) {
      if (std::optional<TileAdd> t = tile_add(mask->then_case.as<AtomicAdd>(), nest, outer, ctx)) {
        mask_tile_add(*t, mask->cond, nest);
        take(t);
      }
      return;
    }
    if (const SeqStmt* body = nest.back()->body.as<SeqStmt>()) {
      for (const Stmt& b : body->stmts) {
        direct.push_back(b.as<AtomicAdd>());
      }
    } else {
      direct.push_back(nest.back()->body.as<AtomicAdd>());
    }
    if (std::count(direct.begin(), direct.end(), nullptr) != 0) {
      ctx.error(any->loc) << "T.atomic_add in a T.Parallel nest that also does other work (or "
                             "under a condition) has no Tenstorrent lowering yet; "
                          << kAtomicAddForms;
      return;
    }
    for (const AtomicAdd* op : direct) {
      take(tile_add(op, nest, outer, ctx));
    }
  }
};

// Replaces the statements of the tile adds (by identity) with their lowering.
struct ReplaceAdds : Mutator {
  using Mutator::visit;
  std::map<const StmtNode*, std::vector<Stmt>> with;
  Stmt visit(const For* op) override {
    auto it = with.find(op);
    return it != with.end() ? seq(it->second, op->loc) : Mutator::visit(op);
  }
  Stmt visit(const AtomicAdd* op) override {
    auto it = with.find(op);
    return it != with.end() ? seq(it->second, op->loc) : Mutator::visit(op);
  }
};

// Whether an add sums on chip across the split loops: outside the block's loops and its
// conditions (a sum carried across the split loop is not updated conditionally), at a region
// that no split index moves. The others read, add and write back at each add.
// A region at a value read from a tensor is only known inside the let that reads it: its add is
// rewritten where it stands.
bool moves_with(const TileAdd& t, const std::set<const Variable*>& vars) {
  return std::any_of(t.dst.ranges.begin(), t.dst.ranges.end(), [&](const Range& r) {
    return std::any_of(vars.begin(), vars.end(),
                       [&](const Variable* v) { return uses_var(r.min, v); });
  });
}
bool sums_on_chip(const TileAdd& t, const std::set<const Variable*>& split,
                  const std::set<const Variable*>& from_data) {
  return t.loops.empty() && !t.guarded && !moves_with(t, split) && !moves_with(t, from_data);
}

}  // namespace

PrimFunc serialize_atomic_adds(const PrimFunc& f, PassContext& ctx,
                               std::set<std::string>* ordered) {
  std::vector<const KernelLaunch*> launches = kernel_launches(f.body);
  if (launches.empty() || !first_add(f.body)) {
    return f;
  }
  const KernelLaunch* launch = launches.back();
  // The block body: its allocations (outer first) around the statements.
  std::vector<const Allocate*> allocs;
  Stmt inner = launch->body;
  while (const Allocate* a = inner.as<Allocate>()) {
    allocs.push_back(a);
    inner = a->body;
  }
  Collect collect{ctx, {}, {}, {}};
  collect.stmt(inner);
  std::vector<TileAdd> adds = collect.adds;
  if (ctx.failed() || adds.empty()) {
    return f;
  }
  // Each destination tensor: one atomic add, no other access, indices from the grid, the
  // kernel's scalars and the loops around the add.
  std::set<const Variable*> grid, scalars;
  for (const Var& v : launch->vars) {
    grid.insert(v.get());
  }
  for (const Param& p : f.params) {
    if (!p.is_buffer()) {
      scalars.insert(p.var.get());
    }
  }
  ReplaceAdds erase;
  for (const TileAdd& t : adds) {
    erase.with[t.stmt] = {};
  }
  Stmt rest = erase.mutate(inner);
  for (size_t i = 0; i < adds.size(); ++i) {
    const TileAdd& t = adds[i];
    const Buffer& c = t.dst.buffer;
    if (std::any_of(adds.begin(), adds.begin() + i,
                    [&](const TileAdd& u) { return u.dst.buffer.same_as(c); })) {
      ctx.error(t.op->loc) << "a second T.atomic_add into '" << c->name
                           << "' in one block has no Tenstorrent lowering yet";
    }
    if (const Node* n = other_access(rest, c)) {
      ctx.error(n->loc.known() ? n->loc : t.op->loc)
          << "'" << c->name << "' is read or written here and also the destination of a "
          << "T.atomic_add: only a tensor that the kernel changes by atomic adds alone has a "
             "Tenstorrent lowering";
    }
    std::set<const Variable*> loop_vars;
    for (const For* l : t.loops) {
      loop_vars.insert(l->var.get());
    }
    for (const Range& r : t.dst.ranges) {
      post_order_visit(Evaluate::make(r.min), [&](const Node* n) {
        const auto* v = n->kind == NodeKind::kVariable ? static_cast<const Variable*>(n) : nullptr;
        if (v && !grid.count(v) && !scalars.count(v) && !loop_vars.count(v) &&
            !collect.from_data.count(v)) {
          ctx.error(t.op->loc) << "T.atomic_add into '" << c->name << "' at an index that uses '"
                               << v->name
                               << "', which is neither a T.Kernel block index, a loop variable "
                                  "nor a kernel parameter: no Tenstorrent lowering yet";
        }
      });
    }
  }
  // A grid dimension whose quotient indexes a destination is sub-split; the body is rewritten,
  // so its adds are collected again.
  AddGrid g{launch->vars, launch->extents, std::vector<bool>(launch->vars.size(), false)};
  Stmt body = sub_split_grid(inner, adds, g, ctx);
  Collect again{ctx, {}, {}, {}};
  if (!body.same_as(inner)) {
    again.stmt(body);
    adds = again.adds;
  }
  const std::set<const Variable*>& from_data =
      body.same_as(inner) ? collect.from_data : again.from_data;
  auto [split, kept, split_vars] = split_grid(adds, g, from_data, ctx);
  if (ctx.failed()) {
    return f;
  }
  // The rewrite: the block body in a serial loop per split dimension (the last grid dimension
  // outermost). An add that sums on chip becomes a block addition to a fragment copied in
  // before the loops and out after them; any other add copies its region in, adds and copies
  // it back where it stands.
  std::vector<Stmt> pre, post;
  std::vector<Buffer> sums;
  ReplaceAdds lower;
  for (const TileAdd& t : adds) {
    Location loc = t.op->loc;
    bool on_chip = sums_on_chip(t, split_vars, from_data);
    Buffer sum = Buffer::make(t.dst.buffer->name + (on_chip ? "_sum" : "_acc"), t.dst.buffer->dtype,
                              t.value->shape, MemScope::kFragment, {}, loc);
    sums.push_back(sum);
    Stmt in = Copy::make(t.dst, Region::full(sum, loc), {}, loc);
    Stmt out = Copy::make(Region::full(sum, loc), t.dst, {}, loc);
    // Several adds may share one T.Parallel nest: each appends its lowering.
    std::vector<Stmt>& at = lower.with[t.stmt];
    at.insert(at.end(), t.prelude.begin(), t.prelude.end());
    if (!t.prelude.empty()) {
      sums.push_back(t.value);
    }
    if (on_chip) {
      pre.push_back(in);
      post.push_back(out);
      at.push_back(add_block(sum, t.value, loc));
    } else {
      at.insert(at.end(), {in, add_block(sum, t.value, loc), out});
      ordered->insert(t.dst.buffer->name);
    }
  }
  Stmt loop = lower.mutate(body);
  for (size_t d : split) {
    loop = For::make(g.vars[d], cint(0, launch->loc), g.extents[d], ForKind::kSerial, loop, 0, {},
                     launch->loc);
  }
  pre.push_back(loop);
  pre.insert(pre.end(), post.begin(), post.end());
  Stmt block = seq(pre, launch->loc);
  for (const Buffer& b : sums) {
    block = Allocate::make(b, block, b->loc);
  }
  for (size_t k = allocs.size(); k-- > 0;) {
    block = Allocate::make(allocs[k]->buffer, block, allocs[k]->loc);
  }
  std::vector<Expr> extents;
  std::vector<Var> vars;
  std::vector<std::string> old_grid, new_grid, split_names;
  for (size_t d = 0; d < launch->vars.size(); ++d) {
    old_grid.push_back(print(launch->extents[d]));
  }
  // The T.Kernel grid keeps the original order (an outer part in place of its dimension).
  for (size_t d : kept) {
    extents.push_back(g.extents[d]);
    vars.push_back(g.vars[d]);
    new_grid.push_back(print(g.extents[d]));
  }
  for (size_t d : split) {
    split_names.push_back(fmt::format("'{}' < {}", g.vars[d]->name, print(g.extents[d])));
  }
  if (extents.empty()) {
    extents.push_back(cint(1, launch->loc));
    vars.push_back(Variable::make("bx", DataType::int32(), launch->loc));
    new_grid.push_back("1");
  }
  std::string serial = fmt::format(
      "the blocks of grid dimension(s) {} run in order as a serial loop inside one "
      "block (grid {} -> {})",
      fmt::join(split_names, ", "), fmt::join(old_grid, "x"), fmt::join(new_grid, "x"));
  for (const TileAdd& t : adds) {
    const std::string& c = t.dst.buffer->name;
    if (!sums_on_chip(t, split_vars, from_data)) {
      ctx.remark(t.op->loc, "atomic-add") << fmt::format(
          "T.atomic_add into '{0}' {1}; strategy 'ordered read-modify-write': {2}, and each add "
          "copies its region of '{0}' in, adds the block on chip and copies it back, the core's "
          "reader waiting for the writer's previous write of '{0}' before it reads it again (a "
          "semaphore); chosen because the NoC has no floating-point atomic add and the regions "
          "a block adds to move with its loops, so their sums cannot stay on chip; each region "
          "sums its partials in a fixed order, the reference's (the split index ascending, then "
          "the loop order), from the tensor's contents",
          c,
          !t.loops.empty()           ? "inside a loop of the block"
          : t.guarded                ? "under a condition of the block"
          : moves_with(t, from_data) ? "at a region that moves with a value read from a tensor"
                                     : "at a region a split index moves",
          split.empty() ? "no grid dimension is split" : serial);
    } else if (split.empty()) {
      ctx.remark(t.op->loc, "atomic-add") << fmt::format(
          "T.atomic_add into '{}': every block adds to a region of its own, so the add is an "
          "in-place update (the block copies the region in, adds its block, copies it back)",
          c);
    } else {
      ctx.remark(t.op->loc, "atomic-add") << fmt::format(
          "T.atomic_add into '{0}': the blocks of grid dimension(s) {1} add to the same region; "
          "strategy 'serialised split': they run in order as a serial loop inside one block "
          "(grid {2} -> {3}), which copies the region of '{0}' in once, adds each partial to it "
          "on chip and copies the sum back once; chosen because the NoC has no floating-point "
          "atomic add and this order needs no scratch tensor or cross-core semaphore; the sum "
          "is deterministic (the split index ascending, from the tensor's contents), the split "
          "dimension is no longer spread over cores",
          c, fmt::join(split_names, ", "), fmt::join(old_grid, "x"), fmt::join(new_grid, "x"));
    }
  }
  Stmt new_launch = KernelLaunch::make(extents, vars, launch->attrs, block, launch->loc);
  return f.with_body(replace_launch(f.body, launch, new_launch));
}

}  // namespace tltt::passes
