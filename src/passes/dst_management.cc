// D5: DST register management for the compute kernel.
//  * A GEMM group (a loop whose body is tt.matmul into accumulator C, then
//    tt.copy_tiles(C, out)) keeps the M x N output block in DST across the K loop when it fits
//    (tile_regs_acquire before the loop, pack after it). Otherwise the block is computed in
//    out_subblock_h x out_subblock_w sub-blocks that fit DST (whole tile rows when a row fits,
//    else parts of one row); after each K step a sub-block's partial sums spill to C's CB and
//    are reloaded (copy_tile) before the next step accumulates into them; the last step packs
//    to `out` (each sub-block pushed on its own when sub-blocks are whole rows or one row high,
//    so they follow the block's tile order; else out of order, pack_tile<true>, into the
//    reserved block). An `init_value` (T.fill of the accumulator) is written into DST
//    with fill_tile where the accumulation starts.
//  * A matmul accumulating across a loop that also runs other compute (C2's `k != k_min` in
//    a loop that is not one GEMM group: attention backward's dK/dV next to the softmax
//    recompute and other GEMMs) is a single step in that loop whose accumulator lives in its CB
//    (cb_resident_accumulators): the first step starts from zero (or the fill value), later
//    ones reload the partial sums, and every step packs them back.
//  * tt.transpose_tiles(A, A_t) before the matmul (transpose_A): every K step first transposes
//    the A block tile by tile (transpose_wh_tile through DST) into A_t in [M, K] tile order; as
//    this needs DST between K steps, such a group always uses the spill/reload schedule.
//    A group whose accumulator other ops read (an epilogue, attention's o and s) packs into the
//    accumulator's own CB; `accumulate == true` reloads its current value there.
//  * tt.binary / tt.copy_tiles: wait for the input block, then per DST-sized chunk acquire,
//    add_tiles/sub_tiles/mul_tiles/copy_tile, commit, wait, pack, release.
//  * tt.sfpu / tt.reduce: see sfpu_ops.h.
// CB waits are cumulative per the hardware contract: every wait asks for the whole block; the
// pops were placed by C4 where each value dies (the K loop's input pops end each K step).
#include "passes/dst_management.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/dst/lower.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace dst {

Stmt Lower::visit(const SeqStmt* op) {
  std::vector<Stmt> out;
  std::set<size_t> dropped;  // copies a step's second pack replaces, and their inits
  std::map<size_t, Stmt> wait_at;
  for (size_t i = 0; i < op->stmts.size(); ++i) {
    if (dropped.count(i)) {
      if (wait_at.count(i)) {
        out.push_back(wait_at[i]);
      }
      continue;
    }
    // D4c's marked rescale `c = c * bcast_col(v)`: no code, the next gemm into c reloads
    // its partials times v.
    if (const Call* c = as_call_stmt(op->stmts[i]); is_tt_op(c, TtOp::kSfpu)) {
      const Call* root = as_tile_op(tt::Sfpu::tree(c), TileOpKind::kBinary);
      if (root && tile::Binary::rescale_reload(root)) {
        Buffer acc = tt::Sfpu::out(c);
        for (const Buffer& in : tt::Sfpu::inputs(c)) {
          if (in.get() != acc.get()) {
            reload_scales[acc.get()] = in;
          }
        }
        continue;
      }
    }
    // A step whose result is later copied into another float block packs into both (B4's
    // switch: one step less).
    if (const Call* c = as_call_stmt(op->stmts[i]);
        is_tt_op(c, TtOp::kSfpu) && ctx->enabled("fuse-sfpu-steps")) {
      if (auto two = match_second_pack(op->stmts, i)) {
        Buffer o = tt::Sfpu::out(c);
        out.push_back(pack_also(lower_sfpu_call(c, cap, *ctx), o, two->x));
        dropped.insert(two->copy_index);
        dropped.insert(two->init_index);
        // The copy's wait stays: the pop after it counts it.
        auto g = tile_grid(o);
        wait_at[two->copy_index] = tt_call_stmt(
            TtOp::kCbWaitFront, {buffer_ref(o, c->loc), cint(g[0] * g[1], c->loc)}, {}, c->loc);
        continue;
      }
    }
    if (auto group = match_gemm(op->stmts, i)) {
      out.push_back(lower_gemm(*group));
      out.insert(out.end(), group->between.begin(), group->between.end());
      i = group->end_index;
      continue;
    }
    // `l = l * alpha + rowsum(s)`: the sum reduced onto the product (B4's switch: a fused
    // step, not a lowering need).
    if (auto onto =
            ctx->enabled("fuse-sfpu-steps") ? match_reduce_onto(op->stmts, i) : std::nullopt) {
      out.push_back(lower_reduce_parts({onto->reduce}, cap, &*onto));
      out.insert(out.end(), onto->pops.begin(), onto->pops.end());
      i = onto->end_index;
      continue;
    }
    if (auto chain = match_reduce_chain(op->stmts, i)) {
      out.push_back(lower_reduce_parts(chain->parts, cap));
      out.insert(out.end(), chain->pops.begin(), chain->pops.end());
      i = chain->end_index;
      continue;
    }
    out.push_back(mutate(op->stmts[i]));
  }
  TILE_ASSERT(reload_scales.empty()) << "a rescale D4c folded is not followed by its gemm";
  return SeqStmt::make(out, op->loc);
}

Stmt Lower::visit(const For* op) {
  loops.push_back(op);
  Stmt s = Mutator::visit(op);
  loops.pop_back();
  return s;
}

Stmt Lower::visit(const Evaluate* op) {
  const Call* c = op->value.as<Call>();
  std::optional<TtOp> kind = tt_op_of(c);
  if (kind == TtOp::kMatmul) {
    if (!loops.empty() && runs_other_compute(loops.back()->body)) {
      ctx->error(op->loc) << "this T.gemm's K loop also runs compute that is not a step on "
                             "its operands before the T.gemm, and the T.gemm is not a statement "
                             "the loop body runs every step (it sits under a condition or in a "
                             "nested loop); the Tenstorrent GEMM lowering keeps such partial "
                             "sums in the accumulator's CB only for a T.gemm run every step: "
                             "move it out of the condition";
    } else {
      ctx->error(op->loc) << "this T.gemm's accumulator is not copied out after its K loop; "
                             "the Tenstorrent lowering needs `T.copy(C_local, ...)` after the "
                             "loop that accumulates it";
    }
    return op;
  }
  if (kind == TtOp::kSfpu) {
    return lower_sfpu_call(c, cap, *ctx);
  }
  if (kind == TtOp::kReduce) {
    return lower_reduce_parts({c}, cap);
  }
  if (kind == TtOp::kBinary || kind == TtOp::kCopyTiles) {
    return lower_eltwise(c, op->loc);
  }
  if (kind == TtOp::kTransposeTiles) {
    ctx->error(op->loc) << "the A operand of this transpose_A T.gemm is not consumed by a "
                           "matmul right after its transposition";
    return op;
  }
  return op;
}

Stmt Lower::lower_eltwise(const Call* c, Location loc) {
  bool copy = is_tt_op(c, TtOp::kCopyTiles);
  Buffer x = copy ? tt::CopyTiles::src(c) : tt::Binary::a(c);
  Buffer y = copy ? Buffer() : tt::Binary::b(c);
  Buffer out = copy ? tt::CopyTiles::dst(c) : tt::Binary::out(c);
  auto t = tile_grid(out);
  int64_t n = t[0] * t[1];
  int64_t s = largest_divisor(n, cap);
  Expr rx = buffer_ref(x, loc);
  Expr ry = copy ? Expr() : buffer_ref(y, loc);
  bool same = !copy && x.same_as(y);
  TtOp op = copy ? TtOp::kCopyTile : fpu_binary_calls(tt::Binary::op(c)).second;
  // A vector into its twin of the other orientation: tile k of one is tile k of the other,
  // transposed.
  bool transpose = copy && tt::CopyTiles::transpose(c);
  bool convert = copy && x->dtype.is_integer() != out->dtype.is_integer();
  std::vector<Stmt> stmts = {tt_call_stmt(TtOp::kCbWaitFront, {rx, cint(n, loc)}, {}, loc)};
  if (transpose) {
    stmts.push_back(call(TtOp::kTransposeWhInitShort, {rx}, loc));
  }
  if (!copy && !same) {
    stmts.push_back(tt_call_stmt(TtOp::kCbWaitFront, {ry, cint(n, loc)}, {}, loc));
  }
  if (mixed) {
    stmts.push_back(call(TtOp::kPackReconfigDataFormat, {buffer_ref(out, loc)}, loc));
  }
  stmts.push_back(loop(
      "c", n / s,
      [&](Expr chunk) {
        Stmt tiles = loop(
            "d", s,
            [&](Expr d) {
              Expr idx = add(mul(chunk, cint(s, loc)), d);
              if (copy && convert) {  // float <-> integer: the packer cannot convert
                std::vector<Stmt> s = {call(op, {rx, idx, d}, loc)};
                for (Stmt& t : typecast_calls(x->dtype, out->dtype, d, loc)) {
                  s.push_back(std::move(t));
                }
                return seq(s, loc);
              }
              if (copy && transpose) {
                // Tile (a, b) of the [C, R] output is tile (b, a) of the [R, C] source (the same
                // index when either is one row of tiles: a vector and its twin).
                Expr src = t[0] == 1 || t[1] == 1
                               ? idx
                               : add(mul(floormod(idx, cint(t[1], loc)), cint(t[0], loc)),
                                     floordiv(idx, cint(t[1], loc)));
                return call(TtOp::kTransposeWhTile, {rx, src, d}, loc);
              }
              if (copy) {
                return call(op, {rx, idx, d}, loc);
              }
              return call(op, {rx, ry, idx, idx, d}, loc);
            },
            loc);
        return seq({call(TtOp::kTileRegsAcquire, {}, loc), tiles,
                    call(TtOp::kTileRegsCommit, {}, loc), call(TtOp::kTileRegsWait, {}, loc),
                    pack_block(out, s, loc), call(TtOp::kTileRegsRelease, {}, loc)},
                   loc);
      },
      loc));
  return seq(stmts, loc);
}

}  // namespace dst

namespace {

// Drops allocations the lowered compute kernel no longer references (an accumulator that
// stays in DST).
class DropUnused : public Mutator {
 public:
  using Mutator::visit;
  Stmt visit(const Allocate* op) override {
    Stmt body = mutate(op->body);
    bool used = false;
    post_order_visit(body, [&](const Node* n) {
      if (n->kind == NodeKind::kRegionRef) {
        used |= static_cast<const RegionRef*>(n)->region.buffer.same_as(op->buffer);
      }
    });
    return used ? Allocate::make(op->buffer, body, op->loc) : body;
  }
};

}  // namespace

Module dst_management(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (kernel_role(m, f) != "compute") {
      continue;
    }
    dst::Lower l;
    l.ctx = &ctx;
    // D4 records the capacity; without it (D5 run alone), the device's rule for 16-bit DST.
    l.cap = m.plan.compute ? m.plan.compute->dst_capacity : ctx.device.dst_tiles(false);
    l.cb_resident = cb_resident_accumulators(f.body);
    int64_t ops = 0;
    post_order_visit(f.body, [&](const Node* n) {
      const Call* c = n->kind == NodeKind::kEvaluate
                          ? static_cast<const Evaluate*>(n)->value.as<Call>()
                          : nullptr;
      ops += is_compute_op(c);
    });
    l.mixed = ops > 1;
    f = l.mutate(f);
    DropUnused drop;
    f = drop.mutate(f);
  }
  // An accumulator that stays in DST loses its CB: the plan keeps the CBs some kernel allocates.
  std::set<int64_t> allocated;
  for (const PrimFunc& f : out.functions) {
    for (const Buffer& cb : allocated_cbs(f.body)) {
      allocated.insert(cb->attrs.get_int(keys::kCbIndex, -1));
    }
  }
  std::erase_if(out.plan.cbs, [&](const CbPlan& c) { return !allocated.count(c.index); });
  return out;
}

}  // namespace tltt::passes
