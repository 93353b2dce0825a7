// serialize_atomic_adds (atomic_add.h): finds the tile adds of a T.Kernel block, checks that the
// blocks left after serialising the split dimensions add to disjoint regions, and rewrites the
// block. The NoC has no floating-point atomic add (its atomics increment 32-bit integers), so
// the sum of the partials is formed on one core, in a fixed order, as an in-place update.
#include "passes/atomic_add.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// One atomic add of a whole on-chip block to a tensor region.
struct TileAdd {
  const StmtNode* stmt = nullptr;  // the AtomicAdd, or the outer loop of its T.Parallel nest
  const AtomicAdd* op = nullptr;
  Region dst;  // the tensor region
  Buffer value;
};

bool loads_data(const Expr& e) {
  bool found = false;
  post_order_visit(Evaluate::make(e),
                   [&](const Node* n) { found |= n->kind == NodeKind::kBufferLoad; });
  return found;
}

const char* kForms =
    "the forms lowered are a whole on-chip block added to a tensor region, "
    "`T.atomic_add(C[r, c], block)`, or its element form over a T.Parallel nest covering the "
    "block, `T.atomic_add(C[r + i, c + j], block[i, j])`, as a statement of the block body";

// The tile add of `op` (nest: its enclosing T.Parallel loops, outer first), or nullopt after a
// located error.
std::optional<TileAdd> tile_add(const AtomicAdd* op, const std::vector<const For*>& nest,
                                const StmtNode* stmt, PassContext& ctx) {
  for (const Range& r : op->dst.ranges) {
    if (loads_data(r.min)) {
      ctx.error(op->loc) << "T.atomic_add into '" << op->dst.buffer->name
                         << "' at an index computed from data (a buffer load): the region it "
                            "adds to is only known at run time, which has no Tenstorrent "
                            "lowering yet; "
                         << kForms;
      return std::nullopt;
    }
  }
  if (op->dst.buffer->scope != MemScope::kGlobal) {
    ctx.error(op->loc) << "T.atomic_add into the on-chip buffer '" << op->dst.buffer->name
                       << "' has no Tenstorrent lowering yet (a block has one copy of it: "
                          "write the sum with `+`); "
                       << kForms;
    return std::nullopt;
  }
  TileAdd t{stmt, op, op->dst, {}};
  if (nest.empty()) {
    const Region* v = ref_region(op->value);
    if (v && v->buffer->scope != MemScope::kGlobal && region_is_full(*v)) {
      t.value = v->buffer;
      return t;
    }
    ctx.error(op->loc) << "T.atomic_add of "
                       << (v ? "part of a block or a tensor region" : "a single value") << " into '"
                       << op->dst.buffer->name << "' has no Tenstorrent lowering yet; " << kForms;
    return std::nullopt;
  }
  // Element form: value block[v0, .., vn-1] over the whole block, destination base_k + v_k on
  // the last n axes and one element on the others.
  std::vector<const Variable*> vars;
  for (const For* l : nest) {
    vars.push_back(l->var.get());
  }
  const BufferLoad* load = strip_float_casts(op->value).as<BufferLoad>();
  size_t n = nest.size(), rank = op->dst.ranges.size();
  bool ok =
      load && load->buffer->scope != MemScope::kGlobal && load->buffer.rank() == n && rank >= n;
  for (size_t k = 0; ok && k < n; ++k) {
    auto ext = const_value(nest[k]->extent);
    ok = const_value(nest[k]->min) == 0 && ext && ext == const_value(load->buffer->shape[k]) &&
         load->indices[k].get() == vars[k];
  }
  for (size_t d = 0; ok && d < rank; ++d) {
    Range& r = t.dst.ranges[d];
    ok = const_value(r.extent) == 1;
    if (ok && d + n < rank) {
      ok = std::none_of(vars.begin(), vars.end(),
                        [&](const Variable* u) { return uses_var(r.min, u); });
    } else if (ok) {
      auto base = split_index(r.min, vars[d + n - rank], vars);
      ok = base.has_value();
      if (ok) {
        r = {*base, nest[d + n - rank]->extent};
      }
    }
  }
  if (!ok) {
    ctx.error(op->loc) << "this element-wise T.atomic_add into '" << op->dst.buffer->name
                       << "' does not add a whole on-chip block to a tensor region; " << kForms;
    return std::nullopt;
  }
  t.value = load->buffer;
  return t;
}

// Whether `s` reads or writes `b` other than as an atomic add's destination.
const Node* other_access(const Stmt& s, const Buffer& b) {
  const Node* found = nullptr;
  auto in = [&](const Region& r) { return r.buffer.same_as(b); };
  post_order_visit(s, [&](const Node* n) {
    bool hit = false;
    switch (n->kind) {
      case NodeKind::kBufferLoad:
        hit = static_cast<const BufferLoad*>(n)->buffer.same_as(b);
        break;
      case NodeKind::kBufferStore:
        hit = static_cast<const BufferStore*>(n)->buffer.same_as(b);
        break;
      case NodeKind::kRegionRef:
        hit = in(static_cast<const RegionRef*>(n)->region);
        break;
      case NodeKind::kCopy:
        hit = in(static_cast<const Copy*>(n)->src) || in(static_cast<const Copy*>(n)->dst);
        break;
      case NodeKind::kGemm: {
        const auto* g = static_cast<const Gemm*>(n);
        hit = in(g->a) || in(g->b) || in(g->c);
        break;
      }
      case NodeKind::kFill:
        hit = in(static_cast<const Fill*>(n)->dst);
        break;
      case NodeKind::kReduce:
        hit = in(static_cast<const Reduce*>(n)->src) || in(static_cast<const Reduce*>(n)->dst);
        break;
      default:
        break;
    }
    if (hit && !found) {
      found = n;
    }
  });
  return found;
}

// `sum[i..] = sum[i..] + value[i..]` over the whole block.
Stmt add_block(const Buffer& sum, const Buffer& value, Location loc) {
  std::vector<Var> vars;
  std::vector<Expr> idx;
  for (size_t k = 0; k < sum.rank(); ++k) {
    vars.push_back(Variable::make(fmt::format("i{}", k), DataType::int32(), loc));
    idx.push_back(vars.back());
  }
  Expr v = BufferLoad::make(value, idx, loc);
  if (value->dtype != sum->dtype) {
    v = Cast::make(sum->dtype, v, loc);
  }
  Stmt s = BufferStore::make(
      sum, idx, Binary::make(BinaryOp::kAdd, BufferLoad::make(sum, idx, loc), v, loc), loc);
  for (size_t k = sum.rank(); k-- > 0;) {
    s = For::make(vars[k], cint(0, loc), sum->shape[k], ForKind::kParallel, s, 0, {}, loc);
  }
  return s;
}

}  // namespace

PrimFunc serialize_atomic_adds(const PrimFunc& f, PassContext& ctx) {
  std::vector<const KernelLaunch*> launches = kernel_launches(f.body);
  if (launches.empty()) {
    return f;
  }
  const KernelLaunch* launch = launches.back();
  // The block body: its allocations (outer first) around a list of statements.
  std::vector<const Allocate*> allocs;
  Stmt inner = launch->body;
  while (const Allocate* a = inner.as<Allocate>()) {
    allocs.push_back(a);
    inner = a->body;
  }
  std::vector<Stmt> stmts{inner};
  if (const SeqStmt* s = inner.as<SeqStmt>()) {
    stmts = s->stmts;
  }
  std::vector<TileAdd> adds;
  bool any = false;
  for (const Stmt& s : stmts) {
    std::vector<const AtomicAdd*> found;
    post_order_visit(s, [&](const Node* n) {
      if (n->kind == NodeKind::kAtomicAdd) {
        found.push_back(static_cast<const AtomicAdd*>(n));
      }
    });
    if (found.empty()) {
      continue;
    }
    any = true;
    std::vector<const For*> nest;
    if (const For* l = s.as<For>(); l && l->for_kind == ForKind::kParallel) {
      nest = parallel_nest(l);
    }
    // The statement itself, or every statement of the nest's body (several adds over one nest).
    std::vector<const AtomicAdd*> direct;
    if (nest.empty()) {
      direct.push_back(s.as<AtomicAdd>());
    } else if (const SeqStmt* body = nest.back()->body.as<SeqStmt>()) {
      for (const Stmt& b : body->stmts) {
        direct.push_back(b.as<AtomicAdd>());
      }
    } else {
      direct.push_back(nest.back()->body.as<AtomicAdd>());
    }
    if (std::count(direct.begin(), direct.end(), nullptr) != 0) {
      ctx.error(found[0]->loc) << "T.atomic_add inside a loop or a condition of the block has no "
                                  "Tenstorrent lowering yet; "
                               << kForms;
      continue;
    }
    for (const AtomicAdd* op : direct) {
      if (auto t = tile_add(op, nest, s.get(), ctx)) {
        adds.push_back(*t);
      }
    }
  }
  if (!any || ctx.failed()) {
    return f;
  }
  // Each destination tensor: one atomic add, no other access, indices from the grid only.
  std::set<const Variable*> grid, scalars;
  for (const Var& v : launch->vars) {
    grid.insert(v.get());
  }
  for (const Param& p : f.params) {
    if (!p.is_buffer()) {
      scalars.insert(p.var.get());
    }
  }
  for (size_t i = 0; i < adds.size(); ++i) {
    const TileAdd& t = adds[i];
    const Buffer& c = t.dst.buffer;
    if (std::any_of(adds.begin(), adds.begin() + i,
                    [&](const TileAdd& u) { return u.dst.buffer.same_as(c); })) {
      ctx.error(t.op->loc) << "a second T.atomic_add into '" << c->name
                           << "' in one block has no Tenstorrent lowering yet";
    }
    for (const Stmt& s : stmts) {
      if (s.get() == t.stmt) {
        continue;
      }
      if (const Node* n = other_access(s, c)) {
        ctx.error(n->loc.known() ? n->loc : t.op->loc)
            << "'" << c->name << "' is read or written here and also the destination of a "
            << "T.atomic_add: only a tensor that the kernel changes by atomic adds alone has a "
               "Tenstorrent lowering";
      }
    }
    for (const Range& r : t.dst.ranges) {
      post_order_visit(Evaluate::make(r.min), [&](const Node* n) {
        const auto* v = n->kind == NodeKind::kVariable ? static_cast<const Variable*>(n) : nullptr;
        if (v && !grid.count(v) && !scalars.count(v)) {
          ctx.error(t.op->loc) << "T.atomic_add into '" << c->name << "' at an index that uses '"
                               << v->name
                               << "', which is neither a T.Kernel block index nor a kernel "
                                  "parameter: no Tenstorrent lowering yet";
        }
      });
    }
  }
  // Split dimensions: the grid dimensions no destination depends on. Every other one must move
  // each destination region by at least its extent along one axis of its own, so that the
  // blocks left add to disjoint regions.
  std::vector<size_t> split, kept;
  for (size_t d = 0; d < launch->vars.size(); ++d) {
    const Variable* v = launch->vars[d].get();
    bool used = std::any_of(adds.begin(), adds.end(), [&](const TileAdd& t) {
      return std::any_of(t.dst.ranges.begin(), t.dst.ranges.end(),
                         [&](const Range& r) { return uses_var(r.min, v); });
    });
    (used ? kept : split).push_back(d);
  }
  for (const TileAdd& t : adds) {
    for (size_t d : kept) {
      const Variable* v = launch->vars[d].get();
      int axes = 0;
      bool disjoint = true;
      for (const Range& r : t.dst.ranges) {
        if (!uses_var(r.min, v)) {
          continue;
        }
        ++axes;
        auto a = affine_in(r.min, v);
        auto ext = const_value(r.extent);
        disjoint &= a && ext && std::abs(a->coef) >= *ext &&
                    std::none_of(kept.begin(), kept.end(), [&](size_t e) {
                      return e != d && uses_var(r.min, launch->vars[e].get());
                    });
      }
      if (axes != 1 || !disjoint) {
        ctx.error(t.op->loc) << "T.atomic_add into '" << t.dst.buffer->name
                             << "': blocks with different values of '" << v->name
                             << "' may add to overlapping regions, which has no Tenstorrent "
                                "lowering yet (each grid index the destination uses must move it "
                                "by at least its extent along an axis of its own)";
      }
    }
  }
  if (ctx.failed()) {
    return f;
  }
  // The rewrite: copy each region in, the block body in a serial loop per split dimension (the
  // last grid dimension outermost) with the atomic adds replaced by block additions, copy out.
  std::vector<Stmt> pre, body, post;
  std::vector<Buffer> sums;
  for (const Stmt& s : stmts) {
    size_t before = body.size();
    for (const TileAdd& t : adds) {
      if (t.stmt != s.get()) {
        continue;
      }
      Location loc = t.op->loc;
      Buffer sum = Buffer::make(t.dst.buffer->name + "_sum", t.dst.buffer->dtype, t.value->shape,
                                MemScope::kFragment, {}, loc);
      sums.push_back(sum);
      pre.push_back(Copy::make(t.dst, Region::full(sum, loc), {}, loc));
      body.push_back(add_block(sum, t.value, loc));
      post.push_back(Copy::make(Region::full(sum, loc), t.dst, {}, loc));
    }
    if (body.size() == before) {
      body.push_back(s);
    }
  }
  Stmt loop = seq(body, launch->loc);
  for (size_t d : split) {
    loop = For::make(launch->vars[d], cint(0, launch->loc), launch->extents[d], ForKind::kSerial,
                     loop, 0, {}, launch->loc);
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
  for (size_t d : kept) {
    extents.push_back(launch->extents[d]);
    vars.push_back(launch->vars[d]);
    new_grid.push_back(print(launch->extents[d]));
  }
  for (size_t d : split) {
    split_names.push_back(
        fmt::format("'{}' < {}", launch->vars[d]->name, print(launch->extents[d])));
  }
  if (extents.empty()) {
    extents.push_back(cint(1, launch->loc));
    vars.push_back(Variable::make("bx", DataType::int32(), launch->loc));
    new_grid.push_back("1");
  }
  for (const TileAdd& t : adds) {
    if (split.empty()) {
      ctx.remark(t.op->loc, "atomic-add") << fmt::format(
          "T.atomic_add into '{}': every block adds to a region of its own, so the add is an "
          "in-place update (the block copies the region in, adds its block, copies it back)",
          t.dst.buffer->name);
      continue;
    }
    ctx.remark(t.op->loc, "atomic-add") << fmt::format(
        "T.atomic_add into '{0}': the blocks of grid dimension(s) {1} add to the same region; "
        "strategy 'serialised split': they run in order as a serial loop inside one block (grid "
        "{2} -> {3}), which copies the region of '{0}' in once, adds each partial to it on chip "
        "and copies the sum back once; chosen because the NoC has no floating-point atomic add "
        "and this order needs no scratch tensor or cross-core semaphore; the sum is "
        "deterministic (the split index ascending, from the tensor's contents), the split "
        "dimension is no longer spread over cores",
        t.dst.buffer->name, fmt::join(split_names, ", "), fmt::join(old_grid, "x"),
        fmt::join(new_grid, "x"));
  }
  Stmt new_launch = KernelLaunch::make(extents, vars, launch->attrs, block, launch->loc);
  return f.with_body(replace_launch(f.body, launch, new_launch));
}

}  // namespace tltt::passes
