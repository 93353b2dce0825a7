// B2: `launch (bx < gx, by < gy, bz < gz) body` becomes
//   let start_id = tt.runtime_arg("start_id"); let count = tt.runtime_arg("count")
//   for block_id in persistent(start_id, count) {
//     let bx = block_id % gx; let by = block_id // gx % gy; let bz = block_id // (gx * gy); body }
// reusing the launch variables, so the body is unchanged. With a block stride (B1: a core's
// blocks are rows of `width` blocks of a block grid `row` blocks wide) the loop runs over the
// core's local index l in [0, count) and block_id = start_id + l / width * row + l % width.
// When a loop's trip count depends on a block coordinate (causal attention), that coordinate is
// taken alternately from both ends of its range, so contiguous ranges are balanced in work.
// T.use_swizzle, a GPU rasterisation hint (the order in which blocks are launched, for L2
// locality), is dropped: a core runs its range of block ids in order.
#include "passes/grid_to_persistent.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/mutator.h"
#include "ir/substitute.h"
#include "ir/visitor.h"
#include "passes/finalize_signature.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

class DropSwizzle : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  Stmt visit(const Evaluate* op) override {
    const Call* c = op->value.as<Call>();
    if (!c || c->name != "use_swizzle") {
      return op;
    }
    ctx->remark(op->loc, "swizzle") << "T.use_swizzle dropped: it orders block launches for a "
                                       "GPU's L2; each core runs its own block ids in order";
    return SeqStmt::make({}, op->loc);
  }
};

// One line: how the launch grid maps onto each core's persistent loop.
void remark_loop(PassContext& ctx, const KernelLaunch* launch, const WorkPartition& p) {
  std::string grid;
  for (int64_t e : p.block_grid) {
    grid += (grid.empty() ? "" : "x") + std::to_string(e);
  }
  std::string order =
      p.stride_col > 0
          ? fmt::format(
                "rows of {} blocks {} apart, {} block ids apart (the block at the core's "
                "position in every tile of the multicast tiling)",
                p.stride_width, p.stride_col, p.stride_row)
      : p.stride_width > 0
          ? fmt::format(
                "rows of {} blocks, {} block ids apart (the blocks local to the core's "
                "shard)",
                p.stride_width, p.stride_row)
      : p.order != BlockOrder::kRowMajor
          ? fmt::format("[start_id, start_id + count) of the {} traversal", to_string(p.order))
          : std::string("[start_id, start_id + count) in order (a contiguous range)");
  ctx.remark(launch->loc, "loop") << fmt::format(
      "the {} T.Kernel grid becomes a persistent loop over each core's block ids: {}; the block "
      "coordinates are recovered from the block id",
      grid, order);
}

// Whether the trip count of some loop of `body` depends on block coordinate `v`, directly or
// through let-bound values (causal attention's key loop stops at the query block's diagonal).
bool trip_count_depends_on(const Stmt& body, const Variable* v) {
  std::vector<const LetStmt*> lets;
  std::vector<const For*> loops;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kLetStmt) {
      lets.push_back(static_cast<const LetStmt*>(n));
    } else if (n->kind == NodeKind::kFor) {
      loops.push_back(static_cast<const For*>(n));
    }
  });
  std::set<const Variable*> dependent = {v};
  auto depends = [&](const Expr& e) {
    return std::any_of(dependent.begin(), dependent.end(),
                       [&](const Variable* d) { return uses_var(e, d); });
  };
  for (bool grew = true; grew;) {
    grew = false;
    for (const LetStmt* l : lets) {
      if (!dependent.count(l->var.get()) && depends(l->value)) {
        dependent.insert(l->var.get());
        grew = true;
      }
    }
  }
  return std::any_of(loops.begin(), loops.end(),
                     [&](const For* f) { return depends(f->min) || depends(f->extent); });
}

// Whether top-level statement `s` of the block reads the same tensor region for every block:
// a copy of a constant region of a tensor into an on-chip buffer nothing else in `body` writes
// or passes to a call (gamma and beta of a LayerNorm, a bias vector).
bool block_invariant_load(const Stmt& s, const Stmt& body) {
  const Copy* c = s.as<Copy>();
  if (!c || c->src.buffer->scope != MemScope::kGlobal ||
      c->dst.buffer->scope == MemScope::kGlobal) {
    return false;
  }
  for (const Range& r : c->src.ranges) {
    if (!const_value(r.min) || !const_value(r.extent)) {
      return false;
    }
  }
  const BufferNode* dst = c->dst.buffer.get();
  int writes = 0;
  bool called = false;
  post_order_visit(body, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kBufferStore:
        writes += static_cast<const BufferStore*>(n)->buffer.get() == dst;
        break;
      case NodeKind::kCopy:
        writes += static_cast<const Copy*>(n)->dst.buffer.get() == dst;
        break;
      case NodeKind::kFill:
        writes += static_cast<const Fill*>(n)->dst.buffer.get() == dst;
        break;
      case NodeKind::kReduce:
        writes += static_cast<const Reduce*>(n)->dst.buffer.get() == dst;
        break;
      case NodeKind::kGemm:
        writes += static_cast<const Gemm*>(n)->c.buffer.get() == dst;
        break;
      case NodeKind::kCall:
        for (const Expr& a : static_cast<const Call*>(n)->args) {
          called |= ref_buffer(a).get() == dst;
        }
        break;
      default:
        break;
    }
  });
  return writes == 1 && !called;
}

class Rewriter : public Mutator {
 public:
  using Mutator::visit;
  std::vector<int64_t> extents;
  int64_t stride_width = 0, stride_row = 0;  // the plan's block stride, 0 when contiguous
  int64_t stride_col = 1;
  BlockOrder order = BlockOrder::kRowMajor;
  int64_t side = 0;    // block-linear tiles
  bool hoist = false;  // every core runs a block and some run several: hoist invariant loads
  // Contiguous ranges with several blocks on some core: order the ids of an axis whose
  // coordinate sets a loop's trip count so that every core gets a mix (see visit below).
  bool balance = false;
  PassContext* ctx = nullptr;
  std::vector<Var> int_scalars;  // integer kernel scalar parameters, in declaration order
  std::vector<Var> bound;        // the variables their runtime arguments bind

  // Moves the block-invariant loads of `op`'s block before the persistent loop: each core reads
  // them once and keeps them in L1 (one copy) across its blocks, instead of once per block.
  // Only when every core runs at least one block, so that compute consumes what the reader read,
  // and some core runs several (else nothing is saved).
  // Then `body` becomes the block without its allocations, which move outside the loop (with
  // those buffers single-copied), in `allocs`.
  std::vector<Stmt> hoist_invariant(const KernelLaunch* op, Stmt& body,
                                    std::vector<std::pair<Buffer, Location>>& allocs) {
    Stmt inner = op->body;
    while (const Allocate* a = inner.as<Allocate>()) {
      allocs.push_back({a->buffer, a->loc});
      inner = a->body;
    }
    const SeqStmt* block = inner.as<SeqStmt>();
    std::vector<Stmt> hoisted, rest;
    BufferSubstituter sub;
    for (const Stmt& s : block ? block->stmts : std::vector<Stmt>{}) {
      if (hoist && block_invariant_load(s, inner)) {
        const Buffer& b = s.as<Copy>()->dst.buffer;
        sub.map[b.get()] = Buffer::make(b->name, b->dtype, b->shape, b->scope,
                                        b->attrs.with(keys::kCbDepth, int64_t{1}), b->loc);
        hoisted.push_back(sub.mutate(s));
        ctx->remark(s->loc, "invariant") << fmt::format(
            "'{}' is loaded from the same region of '{}' by every block: each core reads it "
            "once, before its loop over blocks, and keeps one copy in L1",
            b->name, s.as<Copy>()->src.buffer->name);
      } else {
        rest.push_back(s);
      }
    }
    if (hoisted.empty()) {
      allocs.clear();
      return {};
    }
    body = sub.mutate(seq(rest, block->loc));
    for (auto& [buf, at] : allocs) {
      buf = sub.mutate_buffer(buf);
    }
    return hoisted;
  }

  // bx and by at traversal position `block` when the partition's order is not row-major
  // (WorkPartition::order, block_order.h's block_at); empty for row-major.
  std::vector<Expr> order_coords(const Var& block, const Location& loc) const {
    if (order == BlockOrder::kRowMajor || extents.size() < 2) {
      return {};
    }
    const int64_t gx = extents[0], gy = extents[1];
    Expr u = extents.size() > 2 ? floormod(block, cint(gx * gy, loc)) : Expr(block);
    if (order == BlockOrder::kColMajor) {
      return {floordiv(u, cint(gy, loc)), floormod(u, cint(gy, loc))};
    }
    // Tiles of side x side blocks row-major; inside one, bx from the even bits of the position,
    // by from the odd bits.
    Expr tile = floordiv(u, cint(side * side, loc)), z = floormod(u, cint(side * side, loc));
    Expr bx = mul(floormod(tile, cint(gx / side, loc)), cint(side, loc));
    Expr by = mul(floordiv(tile, cint(gx / side, loc)), cint(side, loc));
    for (int64_t bit = 0; (int64_t{1} << bit) < side; ++bit) {
      auto digit = [&](int64_t shift) {
        Expr d = floormod(floordiv(z, cint(int64_t{1} << shift, loc)), cint(2, loc));
        return bit == 0 ? d : mul(d, cint(int64_t{1} << bit, loc));
      };
      bx = add(bx, digit(2 * bit));
      by = add(by, digit(2 * bit + 1));
    }
    return {bx, by};
  }

  Stmt visit(const KernelLaunch* op) override {
    Location loc = op->loc;
    TILE_ASSERT(extents.size() == op->vars.size()) << "B1 grid extents missing";
    Var block = Variable::make("block_id", DataType::int32(), loc);
    Var start = Variable::make("start_id", DataType::int32(), loc);
    Var count = Variable::make("count", DataType::int32(), loc);
    std::vector<std::pair<Var, Expr>> coords;
    int64_t stride = 1;
    std::vector<Expr> ordered = order_coords(block, loc);
    for (size_t i = 0; i < op->vars.size(); ++i) {
      Expr e = floordiv(block, cint(stride, loc));
      if (i + 1 < op->vars.size()) {
        e = floormod(e, cint(extents[i], loc));
      }
      if (i < ordered.size()) {
        e = ordered[i];
      }
      if (balance && extents[i] > 2 && trip_count_depends_on(op->body, op->vars[i].get())) {
        // Consecutive ids alternate between the two ends of the axis (0, n-1, 1, n-2, ...), so
        // a core's contiguous range pairs short blocks with long ones.
        Expr half = floordiv(e, cint(2, loc)), odd = floormod(e, cint(2, loc));
        e = add(half, mul(odd, sub(cint(extents[i] - 1, loc), mul(cint(2, loc), half))));
        ctx->remark(loc, "balance") << fmt::format(
            "the trip count of a loop depends on block coordinate '{}': consecutive block ids "
            "take it from both ends of its range (0, {}, 1, {}, ...) so that each core's "
            "contiguous range mixes short and long blocks",
            op->vars[i]->name, extents[i] - 1, extents[i] - 2);
      }
      coords.push_back({op->vars[i], e});
      stride *= extents[i];
    }
    Stmt body = op->body;
    std::vector<std::pair<Buffer, Location>> allocs;
    std::vector<Stmt> hoisted = hoist_invariant(op, body, allocs);
    for (auto it = coords.rbegin(); it != coords.rend(); ++it) {
      body = LetStmt::make(it->first, it->second, body, loc);
    }
    Stmt loop;
    if (stride_width > 0) {
      Var local = Variable::make("local_id", DataType::int32(), loc);
      Expr col = floormod(local, cint(stride_width, loc));
      if (stride_col > 1) {
        col = mul(col, cint(stride_col, loc));
      }
      Expr id = add(start,
                    add(mul(floordiv(local, cint(stride_width, loc)), cint(stride_row, loc)), col));
      loop = For::make(local, cint(0, loc), count, ForKind::kPersistent,
                       LetStmt::make(block, id, body, loc), 0, {}, loc);
    } else {
      loop = For::make(block, start, count, ForKind::kPersistent, body, 0, {}, loc);
    }
    if (!hoisted.empty()) {
      hoisted.push_back(loop);
      loop = seq(hoisted, loc);
    }
    loop = LetStmt::make(count, runtime_arg("count", loc), loop, loc);
    loop = LetStmt::make(start, runtime_arg("start_id", loc), loop, loc);
    // An integer kernel scalar the block uses (an offset, a bound) is a runtime argument of the
    // kernels that read it (E1 lists it as the scalar's 32-bit pattern; the host passes it).
    VarMap bind;  // each integer kernel scalar used -> the variable its runtime argument binds
    for (auto it = int_scalars.rbegin(); it != int_scalars.rend(); ++it) {
      const Var& p = *it;
      bool used = false;
      post_order_visit(loop, [&](const Node* n) { used |= n == p.get(); });
      if (!used) {
        continue;
      }
      if (p->dtype.bits() > 32) {
        ctx->error(p->loc) << fmt::format(
            "kernel scalar '{}' is {}: runtime arguments are 32-bit words (declare it T.int32)",
            p->name, p->dtype.str());
        continue;
      }
      Var v = Variable::make(p->name, p->dtype, p->loc);
      bind[p.get()] = v;
      ctx->remark(p->loc, "scalar")
          << fmt::format("kernel scalar '{}' ({}) is a runtime argument of the kernels that use it",
                         p->name, p->dtype.str());
      bound.push_back(v);
    }
    loop = substitute(loop, bind);
    for (const Var& v : bound) {
      Expr arg = runtime_arg(scalar_arg_name(v->name), loc);
      loop = LetStmt::make(v, v->dtype == arg.dtype() ? arg : Cast::make(v->dtype, arg, loc), loop,
                           loc);
    }
    for (auto it = allocs.rbegin(); it != allocs.rend(); ++it) {
      loop = Allocate::make(it->first, loop, it->second);
    }
    return loop;
  }
};

}  // namespace

Module grid_to_persistent(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (!m.plan.partition) {
      continue;
    }
    if (!f.body.as<KernelLaunch>()) {
      ctx.error(f.body->loc) << "`with T.Kernel(...)` must be the outermost statement of " << f.name
                             << " (the persistent core loop replaces it)";
      continue;
    }
    Rewriter r;
    r.extents = m.plan.partition->block_grid;
    remark_loop(ctx, f.body.as<KernelLaunch>(), *m.plan.partition);
    DropSwizzle drop;
    drop.ctx = &ctx;
    f = drop.mutate(f);
    r.stride_width = m.plan.partition->stride_width;
    r.stride_row = m.plan.partition->stride_row;
    r.stride_col = std::max<int64_t>(1, m.plan.partition->stride_col);
    r.order = m.plan.partition->order;
    r.side = m.plan.partition->order_side;
    r.ctx = &ctx;
    // Hoisting pays when a core runs several blocks; it needs every core to run one.
    bool several = false;
    r.hoist = true;
    for (const CoreWork& w : m.plan.partition->work) {
      r.hoist &= w.count > 0;
      several |= w.count > 1;
    }
    r.hoist &= several;
    // Alternating the ends of an axis would undo the locality a non-row-major order is for. On a
    // mesh split by block offsets the host program takes each output block from the device
    // whose range holds its row-major id, and clips the cores' ranges to a device's count (a
    // core may be left without blocks, so nothing is hoisted out of the loop).
    const bool by_offsets = m.plan.mesh && m.plan.mesh->by_offsets();
    r.hoist &= !by_offsets;
    r.balance = several && r.stride_width == 0 && r.order == BlockOrder::kRowMajor && !by_offsets;
    for (const Param& p : f.params) {
      if (!p.is_buffer() && p.var->dtype.is_integer()) {
        r.int_scalars.push_back(p.var);
      }
    }
    f = r.mutate(f);
  }
  return out;
}

}  // namespace tltt::passes
