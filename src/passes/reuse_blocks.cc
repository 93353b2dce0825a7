// B0a: blocks grouped so that a streamed operand is read once for several of them. Attention's
// query blocks of one head each read the whole of K and V from DRAM; a core running G of them
// one after the other reads K and V G times. Grouping G consecutive query blocks into one block of
// G times the rows reads them once (the DRAM traffic of K and V divided by G) at the cost of L1
// for the larger row blocks. The rows are found from the IR's dataflow (reuse_blocks_analysis.h).
#include "passes/reuse_blocks.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/block_groups.h"
#include "passes/gemm_blocks.h"
#include "passes/multicast_streams.h"
#include "passes/pass_util.h"
#include "passes/reuse_blocks_analysis.h"
#include "passes/reuse_blocks_causal.h"
#include "passes/widen_key_steps.h"

namespace tltt::passes {

using namespace ir;

namespace {

class Grouper : public Mutator {
 public:
  using Mutator::visit;
  const RowAnalysis* a = nullptr;
  int64_t group = 1;
  std::map<const BufferNode*, Buffer> grown;

  Buffer mutate_buffer(const Buffer& b) override {
    if (!a->tied.count(b.get())) {
      return b;
    }
    auto it = grown.find(b.get());
    if (it != grown.end()) {
      return it->second;
    }
    std::vector<Expr> shape = b->shape;
    shape[0] = cint(a->rows * group, b->loc);
    return grown[b.get()] = Buffer::make(b->name, b->dtype, shape, b->scope, b->attrs, b->loc);
  }
  Region mutate_region(const Region& r) override {
    Region out = Mutator::mutate_region(r);
    if (a->tied.count(r.buffer.get())) {
      out.ranges[0].extent = cint(a->rows * group, r.loc);
    } else if (r.buffer->scope == MemScope::kGlobal) {
      // The tensor axis `b * B +: B` becomes `b * G * B +: G * B`.
      for (size_t d = 0; d < r.ranges.size(); ++d) {
        if (uses_var(r.ranges[d].min, a->b)) {
          out.ranges[d].extent = cint(a->rows * group, r.loc);
        }
      }
    }
    return out;
  }
  Stmt visit(const For* op) override {
    if (!a->row_vars.count(op->var.get())) {
      if (std::find(a->growing.begin(), a->growing.end(), op) == a->growing.end()) {
        return Mutator::visit(op);
      }
      last_ = true;
      Expr extent = mutate(op->extent);
      last_ = false;
      return For::make(op->var, mutate(op->min), extent, op->for_kind, mutate(op->body),
                       op->num_stages, op->attrs, op->loc);
    }
    return For::make(op->var, op->min, cint(a->rows * group, op->loc), op->for_kind,
                     mutate(op->body), op->num_stages, op->attrs, op->loc);
  }

 private:
  bool last_ = false;
  // Row r of old block b is row (b % G) * B + r of new block b / G: `b * B + r` stays the same
  // expression with `b` scaled by G and r ranging over G * B rows. A trip count computed from `b`
  // is the one of the group's last block (reuse_blocks_causal.h checked that this is exact).
  Expr visit(const Variable* op) override {
    if (op != a->b) {
      return op;
    }
    Expr first = mul(Expr(op), cint(group, op->loc));
    return last_ ? add(first, cint(group - 1, op->loc)) : first;
  }
  Stmt visit(const LetStmt* op) override {
    if (!a->bound_lets.count(op->var.get())) {
      return Mutator::visit(op);
    }
    last_ = true;
    Expr value = mutate(op->value);
    last_ = false;
    return LetStmt::make(op->var, value, mutate(op->body), op->loc);
  }
};

// The busiest core's work when G consecutive blocks along the grid coordinate form one block,
// in row blocks x growing-loop iterations: each group runs its last block's trip count for each
// of its G row blocks; B1 gives every core a contiguous range of block ids (the coordinate
// fastest), B2 takes the coordinate from both ends of its range when the work grows with it.
int64_t busiest_core(const std::vector<int64_t>& work, int64_t g, int64_t others, int64_t cores,
                     bool balanced) {
  int64_t extent = static_cast<int64_t>(work.size()), groups = extent / g;
  std::vector<int64_t> w(groups);
  for (int64_t k = 0; k < groups; ++k) {
    w[k] = g * work[std::min(extent - 1, k * g + g - 1)];
  }
  auto coord = [&](int64_t t) {
    return balanced && t % 2 ? groups - 1 - t / 2 : t / (balanced ? 2 : 1);
  };
  int64_t n = groups * others, per = n / cores, extra = n % cores, id = 0, most = 0;
  for (int64_t c = 0; c < cores && id < n; ++c) {
    int64_t sum = 0;
    for (int64_t i = 0; i < per + (c < extra); ++i, ++id) {
      sum += w[coord(id % groups)];
    }
    most = std::max(most, sum);
  }
  return most;
}

// L1 kept for B0d's widest key step. When B0e and D8 will multicast the streamed key blocks
// along core rows, larger row groups no longer save DRAM traffic, while wider key steps still
// save the per-step row work: measured at s4096 d128 on n150, 128 rows with 256-key steps 48.8%
// of the matrix engine against 43.2% for 256 rows with 128-key steps. `bytes(g)`: the block's
// on-chip bytes with the rows grown g times and the key blocks `factor` times (0: no reserve).
struct KeyRoom {
  int64_t factor = 0;
  int64_t base = 0, rows = 0, keys = 0, both = 0;  // bytes: all, row-, key-, row-and-key-tied
  int64_t bytes(int64_t g) const {
    return base + (g - 1) * rows + (factor - 1) * keys + (g - 1) * (factor - 1) * both;
  }
};

KeyRoom key_room(const KernelLaunch* launch, const RowAnalysis& a, size_t dim,
                 const PassContext& ctx) {
  KeyRoom r;
  if (dim != 0 || !a.growing.empty() || !ctx.enabled("multicast-streams") ||
      !ctx.enabled("operand-multicast") || !ctx.enabled("widen-key-steps")) {
    return r;
  }
  for (const For* loop : key_loops(launch->body)) {
    KeyStepAnalysis k = analyse_key_steps(launch, loop);
    auto n = const_value(loop->extent);
    if (!k.why_not.empty() || !n || k.width <= 0) {
      continue;
    }
    int64_t g = 1;
    while (k.width * g * 2 <= kMaxKeysPerStep && *n % (g * 2) == 0) {
      g *= 2;
    }
    if (g < 2) {
      continue;
    }
    auto bytes = [&](const std::function<bool(const BufferNode*)>& grown) {
      return grouped_block_bytes(launch->body, grown, 2) - r.base;
    };
    r.factor = g;
    r.base = grouped_block_bytes(
        launch->body, [](const BufferNode*) { return false; }, 1);
    r.rows = bytes([&](const BufferNode* b) { return a.tied.count(b) > 0; });
    r.keys = bytes([&](const BufferNode* b) { return k.tied.count(b) > 0; });
    r.both = bytes([&](const BufferNode* b) { return a.tied.count(b) && k.tied.count(b); });
    return r;
  }
  return r;
}

}  // namespace

Module reuse_blocks(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::vector<const KernelLaunch*> launches = kernel_launches(f.body);
    if (launches.size() != 1) {
      continue;
    }
    const KernelLaunch* launch = launches[0];
    int64_t blocks = 1;
    for (const Expr& e : launch->extents) {
      blocks *= const_value(e).value_or(0);
    }
    if (blocks <= 0) {
      continue;  // a run-time grid: B1 sizes it
    }
    // A plain GEMM's per-core block and multicast tiling are B0's choice, ranked by its cost
    // model; grouping its blocks again would add rows that model did not choose (measured: 1%
    // slower at 4096^3 on n150).
    if (gemm_blocks::analyse_gemm(launch, f, out.plan).why_not.empty()) {
      ctx.remark(launch->loc, "kept") << "blocks kept: a plain GEMM, decomposed by B0";
      continue;
    }
    std::string why_not;
    for (size_t dim = 0; dim < launch->vars.size(); ++dim) {
      int64_t extent = const_value(launch->extents[dim]).value_or(1);
      if (extent < 2) {
        continue;
      }
      RowAnalysis a = analyse_rows(launch, launch->vars[dim].get());
      if (!a.why_not.empty()) {
        why_not += fmt::format("{}'{}': {}", why_not.empty() ? "" : "; ", launch->vars[dim]->name,
                               a.why_not);
        continue;
      }
      // The largest group that divides the extent, leaves a block for every core, keeps the
      // block's buffers (double-buffered by C1) within the L1 budget and adds at most 10% to the
      // busiest core's work (masked iterations, coarser balance); measured, a group of 4 saves
      // more than that in per-step overheads and DRAM traffic (docs/performance.md).
      int64_t group = 1;
      std::vector<int64_t> work = block_work(a, extent);
      bool balanced = !a.growing.empty();
      int64_t others = blocks / extent, cores = ctx.device.num_cores();
      int64_t alone = busiest_core(work, 1, others, cores, balanced);
      KeyRoom room = key_room(launch, a, dim, ctx);
      bool reserved = false;  // a group was refused for B0d's widest key step
      for (int64_t g = 2; extent % g == 0; g *= 2) {
        std::vector<int64_t> grouped;
        for (size_t d = 0; d < launch->extents.size(); ++d) {
          grouped.push_back(const_value(launch->extents[d]).value_or(0) / (d == dim ? g : 1));
        }
        if (room.factor > 0 && multicast_tiling_why_not(grouped, ctx.device).empty() &&
            2 * room.bytes(g) > ctx.device.l1_budget) {
          reserved = true;
          break;
        }
        if (blocks / g < cores ||
            2 * grouped_block_bytes(
                    launch->body, [&](const BufferNode* b) { return a.tied.count(b) > 0; }, g) >
                ctx.device.l1_budget ||
            !check_growing_loops(a, extent, g).empty() ||
            busiest_core(work, g, others, cores, balanced) * 10 > alone * 11) {
          break;
        }
        group = g;
      }
      if (group == 1) {
        std::string growing = extent % 2 == 0 ? check_growing_loops(a, extent, 2) : "";
        why_not += fmt::format("{}'{}': {}", why_not.empty() ? "" : "; ", launch->vars[dim]->name,
                               growing.empty()
                                   ? "no group of 2 or more blocks keeps every core busy within L1 "
                                     "without adding over 10% to the busiest core's work"
                                   : growing);
        continue;
      }
      Grouper gr;
      gr.a = &a;
      gr.group = group;
      Stmt body = gr.mutate(launch->body);
      std::vector<Expr> extents = launch->extents;
      extents[dim] = cint(extent / group, launch->loc);
      ctx.remark(launch->loc, "grouped") << fmt::format(
          "{} consecutive blocks along '{}' form one block of {} rows (grid {} -> {}): the {} "
          "bytes a serial loop streams per iteration, the same for each of them, are read once "
          "for the {}{}",
          group, launch->vars[dim]->name, a.rows * group, extent, extent / group, a.reused_bytes,
          group,
          reserved ? fmt::format("; no larger group: L1 kept for {} key blocks a step (B0d), the "
                                 "streamed regions being multicast along core rows (B0e, D8)",
                                 room.factor)
                   : "");
      Stmt new_launch = KernelLaunch::make(extents, launch->vars, launch->attrs, body, launch->loc);
      f = f.with_body(replace_launch(f.body, launch, new_launch));
      why_not.clear();
      break;
    }
    if (!why_not.empty()) {
      ctx.remark(launch->loc, "kept") << "blocks kept: " << why_not;
    }
  }
  return out;
}

}  // namespace tltt::passes
