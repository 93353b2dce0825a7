// B0: work decomposition for Tensix. A GEMM kernel written for a GPU names its block sizes; on
// Tensix one core computes one block per round from blocks it reads itself, so the block sizes
// set the DRAM traffic (A is re-read for every block column, B for every block row), the number
// of cores used and the per-K-step overheads. This pass recognises the block structure from the
// IR (every on-chip buffer axis is tied, through the copies that fill or drain it, to a
// `var * block` offset of one T.Kernel or K-loop variable, and T.gemm relates the M, N and K
// axes), asks the cost model for the best per-core block and rewrites the kernel to it:
// on-chip buffer shapes, copy offsets and extents, the T.Kernel grid and the K loop's trip
// count. Anything else in the kernel (element-wise loops, several GEMMs, sharded tensors) keeps
// the user's blocks.
#include "passes/work_decomposition.h"

#include <fmt/format.h>

#include <map>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/dst_mode.h"
#include "passes/gemm_blocks.h"
#include "passes/gemm_cost.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

class Rewriter : public Mutator {
 public:
  using Mutator::visit;
  std::map<const Variable*, int64_t> block, extent;
  std::map<const BufferNode*, Buffer> buffers;
  std::map<const Variable*, int64_t> parallel;  // T.Parallel variable -> its new extent
  bool tiling = false;                          // ask B1 for the multicast tiling

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = buffers.find(b.get());
    return it == buffers.end() ? b : it->second;
  }
  Region mutate_region(const Region& r) override {
    auto it = buffers.find(r.buffer.get());
    if (it != buffers.end()) {
      return Region::full(it->second, r.loc);
    }
    Region out = r;
    for (Range& range : out.ranges) {
      if (const Binary* b = range.min.as<Binary>()) {
        const Variable* v = b->a.as<Variable>() ? b->a.as<Variable>() : b->b.as<Variable>();
        if (v && block.count(v)) {
          Expr var = b->a.as<Variable>() ? b->a : b->b;
          range.min = mul(var, cint(block[v], range.min->loc));
          range.extent = cint(block[v], range.extent->loc);
        }
      }
    }
    return out;
  }
  Stmt visit(const KernelLaunch* op) override {
    std::vector<Expr> extents = op->extents;
    for (size_t i = 0; i < op->vars.size(); ++i) {
      if (extent.count(op->vars[i].get())) {
        extents[i] = cint(extent[op->vars[i].get()], op->extents[i]->loc);
      }
    }
    Attrs attrs = tiling ? op->attrs.with(keys::kMulticastTiling, int64_t{1}) : op->attrs;
    return KernelLaunch::make(extents, op->vars, attrs, mutate(op->body), op->loc);
  }
  Stmt visit(const For* op) override {
    auto it = parallel.find(op->var.get());
    if (!extent.count(op->var.get()) && it == parallel.end()) {
      return Mutator::visit(op);
    }
    int64_t n = it != parallel.end() ? it->second : extent[op->var.get()];
    return For::make(op->var, op->min, cint(n, op->extent->loc), op->for_kind, mutate(op->body),
                     op->num_stages, op->attrs, op->loc);
  }
};

int64_t dtype_bytes(DataType t) { return tile_bytes(t) / 1024; }

bool same_block(const gemm_cost::Candidate& c, const GemmBlock& b) {
  return c.bm == b.bm && c.bn == b.bn && c.bk == b.bk;
}

// Lists the function's candidates in `tuning` (B0's own choice `own` first, then the other
// L1-feasible blocks by estimated cycles) and returns the forced block's candidate, or null
// when none is forced or the forced block is not a candidate (with a remark saying so).
template <typename Describe>
const gemm_cost::Candidate* tuning_choice(PassContext& ctx, const std::string& function,
                                          const Location& loc, const gemm_cost::Candidate& own,
                                          const gemm_cost::Candidate& user, int64_t l1_budget,
                                          const std::vector<gemm_cost::Candidate>& ranked,
                                          const Describe& describe) {
  GemmTuning& tuning = *ctx.gemm_tuning;
  std::vector<const gemm_cost::Candidate*> order;
  if (&own == &user && user.l1_bytes <= l1_budget) {
    order.push_back(&user);
  }
  for (const gemm_cost::Candidate& c : ranked) {
    if (&own != &user || !same_block(c, {user.bm, user.bn, user.bk})) {
      order.push_back(&c);
    }
  }
  for (const gemm_cost::Candidate* c : order) {
    tuning.candidates.push_back({function,
                                 {c->bm, c->bn, c->bk},
                                 c->cycles,
                                 c->bound(),
                                 same_block(*c, {user.bm, user.bn, user.bk}),
                                 describe(*c)});
  }
  auto forced = tuning.forced.find(function);
  if (forced == tuning.forced.end()) {
    return nullptr;
  }
  for (const gemm_cost::Candidate* c : order) {
    if (same_block(*c, forced->second)) {
      return c;
    }
  }
  ctx.remark(loc, "tuned") << "the block " << forced->second.str() << " from " << tuning.source
                           << " is not a candidate for this GEMM (not whole tiles dividing "
                              "the problem, or over L1); the model's choice stands";
  return nullptr;
}

}  // namespace

Module work_decomposition(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::vector<const KernelLaunch*> launches = kernel_launches(f.body);
    if (launches.size() != 1) {
      continue;  // B1 reports it
    }
    const KernelLaunch* launch = launches[0];
    gemm_blocks::Structure s = gemm_blocks::analyse_gemm(launch, f, out.plan);
    const Variable *vm = s.vm, *vn = s.vn, *vk = s.vk;
    int64_t bm = s.bm, bn = s.bn, bk = s.bk;
    if (!s.why_not.empty()) {
      ctx.remark(launch->loc, "kept")
          << "user blocks kept: not a plain GEMM kernel (" << s.why_not << ")";
      continue;
    }
    gemm_cost::Problem p;
    p.m = s.extents[vm] * bm;
    p.n = s.extents[vn] * bn;
    p.k = s.extents[vk] * bk;
    p.block_m = bm;
    p.block_n = bn;
    p.block_k = bk;
    p.in_bytes = dtype_bytes(s.gemm->a.buffer->dtype);
    p.acc_bytes = dtype_bytes(s.gemm->c.buffer->dtype);
    p.out_bytes = p.acc_bytes;
    for (const auto& [buf, slots] : s.axes) {
      if (buf != s.gemm->c.buffer.get() && slots.size() == 2 && slots[0] && slots[1] &&
          slots[0]->var == vm && slots[1]->var == vn) {
        p.out_bytes = std::min(p.out_bytes, dtype_bytes(buf->dtype));
      }
    }
    // What reaches DRAM is the format of the tensor a block of the output is copied to.
    post_order_visit(launch->body, [&](const Node* n) {
      if (n->kind != NodeKind::kCopy) {
        return;
      }
      const auto* c = static_cast<const Copy*>(n);
      auto src = s.axes.find(c->src.buffer.get());
      if (!s.axes.count(c->dst.buffer.get()) && src != s.axes.end() && src->second.size() == 2 &&
          src->second[0] && src->second[1] && src->second[0]->var == vm &&
          src->second[1]->var == vn) {
        p.out_bytes = std::min(p.out_bytes, dtype_bytes(c->dst.buffer->dtype));
      }
    });
    p.stages = std::max<int64_t>(2, s.k_loop->num_stages);
    // The accumulator's dtype alone decides DST's mode here unless the user chose it (dst_mode.h's
    // rule on the gemm; an element-wise float32 block elsewhere in the kernel would halve it too).
    bool fp32 = ctx.fp32_dest_acc_en.value_or(dst_fp32(s.gemm->c.buffer->dtype));
    auto machine = gemm_cost::Machine::from(*ctx.device.desc, ctx.device.num_cores(),
                                            ctx.device.l1_budget, ctx.device.dst_tiles(fp32),
                                            fidelity_phases(ctx.math_fidelity.value_or("HiFi4")));
    machine.multicast = ctx.enabled("operand-multicast");
    machine.l1_acc = ctx.enabled("gemm-block-schedule");
    machine.movers = ctx.enabled("operand-movers");
    machine.grid_x = ctx.device.grid_x;
    machine.grid_y = ctx.device.grid_y;
    auto ranked = gemm_cost::rank(p, machine);
    auto user = gemm_cost::estimate(p, machine, bm, bn, bk);
    auto describe = [&p](const gemm_cost::Candidate& c) {
      return fmt::format(
          "{}x{}x{} ({} blocks on {} cores, {} round(s), ~{:.0f} cycles, {}-bound{}{})", c.bm, c.bn,
          c.bk, c.blocks, c.cores, c.rounds, c.cycles, c.bound(),
          c.tiled()     ? fmt::format(", A and B multicast on a {}x{} core tiling of the blocks",
                                      c.tile_w, c.tile_h)
          : c.multicast ? ", A and B multicast"
                        : "",
          c.padded ? fmt::format(", the last blocks padded: {}x{} computed for the {}x{} output",
                                 (p.m + c.bm - 1) / c.bm * c.bm, (p.n + c.bn - 1) / c.bn * c.bn,
                                 p.m, p.n)
                   : "");
    };
    // The user's blocks stay when they already run in one round on the grid (re-blocking then
    // trades DRAM traffic for per-core work, which the model does not rank reliably yet), when
    // they overflow L1 (C1 reports that against the user's sizes), or unless the model expects
    // a clear (2%) gain: its terms are estimates.
    std::string keep;
    // Exceptions to the one-round rule. One: a grid-fit block (padded, see gemm_cost.h) that
    // spreads the GEMM over more cores than the user's blocks use, estimated 10% faster (p150
    // at 2048: 64 blocks of 256x256 on 64 of 110 cores, or 6x7-tile blocks on all 110).
    const bool spread = !ranked.empty() && ranked[0].padded && ranked[0].rounds == 1 &&
                        ranked[0].cores > user.cores && ranked[0].cycles < 0.9 * user.cycles;
    // A second: only the K step changes (the same M x N blocks on the same cores, so the same
    // DRAM traffic), estimated 2% faster. A longer step hides more of the output writes under
    // the last step's compute (n150 2048^3, 256x256 blocks: 319.7 us at a 64-wide K step,
    // 311.2 us at 256, measured).
    const bool k_step = !ranked.empty() && ranked[0].bm == bm && ranked[0].bn == bn &&
                        ranked[0].rounds == user.rounds && ranked[0].cycles < 0.98 * user.cycles;
    if (user.rounds <= 1 && !spread && !k_step) {
      keep =
          fmt::format("its {} blocks run in one round on the {} cores", user.blocks, machine.cores);
    } else if (user.l1_bytes > machine.l1_budget) {
      keep = "they do not fit L1";
    } else if (ranked.empty() || ranked[0].cycles > 0.98 * user.cycles) {
      keep = ranked.empty()
                 ? std::string("no candidate fits L1")
                 : fmt::format("the best alternative {} gains less than 2%", describe(ranked[0]));
    }
    // `tltt tune` and the tuning cache see the candidates and may force one (gemm_tuning.h).
    const gemm_cost::Candidate& own = keep.empty() ? ranked[0] : user;
    const gemm_cost::Candidate* tuned = ctx.gemm_tuning
                                            ? tuning_choice(ctx, f.name, launch->loc, own, user,
                                                            machine.l1_budget, ranked, describe)
                                            : nullptr;
    if (tuned) {
      ctx.remark(launch->loc, "tuned")
          << fmt::format("GEMM {}x{}x{}: per-core block {} from {}; the model's choice is {}", p.m,
                         p.n, p.k, describe(*tuned), ctx.gemm_tuning->source, describe(own));
    }
    if (tuned ? same_block(*tuned, {bm, bn, bk}) : !keep.empty()) {
      if (!tuned) {
        ctx.remark(launch->loc, "kept") << fmt::format(
            "user blocks kept for the {}x{}x{} GEMM: {}: {}", p.m, p.n, p.k, describe(user), keep);
      }
      if (user.tiled()) {
        Rewriter mark;
        mark.tiling = true;
        f = mark.mutate(f);
      }
      continue;
    }
    const gemm_cost::Candidate& best = tuned ? *tuned : ranked[0];
    if (!tuned) {
      std::string rejected;
      for (size_t i = 1; i < ranked.size() && i < 3; ++i) {
        rejected += fmt::format("; rejected {}", describe(ranked[i]));
      }
      ctx.remark(launch->loc, "decomposition")
          << fmt::format("GEMM {}x{}x{}: per-core block {} instead of the user's {}{}", p.m, p.n,
                         p.k, describe(best), describe(user), rejected);
    }
    Rewriter rw;
    rw.tiling = best.tiled();
    rw.block = {{vm, best.bm}, {vn, best.bn}, {vk, best.bk}};
    // A grid-fit block that does not divide M or N: the last block row (column) reaches into
    // the tensors' padding (B1 pads them to the furthest block).
    rw.extent = {{vm, (p.m + best.bm - 1) / best.bm},
                 {vn, (p.n + best.bn - 1) / best.bn},
                 {vk, p.k / best.bk}};
    for (const auto& [buf, slots] : s.axes) {
      std::vector<Expr> shape;
      for (size_t d = 0; d < slots.size(); ++d) {
        shape.push_back(slots[d] ? cint(rw.block[slots[d]->var], buf->shape[d]->loc)
                                 : buf->shape[d]);
      }
      rw.buffers[buf] =
          Buffer::make(buf->name, buf->dtype, shape, buf->scope, buf->attrs, buf->loc);
    }
    for (const auto& [v, at] : s.parallel) {
      rw.parallel[v] = rw.block[s.axes[at.buffer][at.axis]->var];
    }
    f = rw.mutate(f);
  }
  return out;
}

}  // namespace tltt::passes
