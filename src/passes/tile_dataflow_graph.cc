// C3: the tile dataflow graph. Every CB gets its producer and consumer kernels from the tt ops
// that write and read it; CBs filled by the reader are inputs (indices 0..15), CBs drained by
// the writer outputs (16..23), the others intermediates (24..31, then 8..15 when those run out).
// Compute's pops are placed by the next pass, C4 (compute_pops.h).
#include "passes/tile_dataflow_graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

struct CbInfo {
  std::set<KernelRole> producers;  // reader / compute
  std::set<KernelRole> consumers;  // compute / writer
};

// No index left for a CB of `role`: the error names the CBs holding that role's indices (and
// the spare ones), each at its allocation, and what to change. Inputs and intermediates share
// the spare 8..15, so fewer of either frees an index for the other.
void report_exhausted(PassContext& ctx, const Allocate* a, CbRole role,
                      const std::vector<CbPlan>& given,
                      const std::vector<const Allocate*>& allocs) {
  bool spare = role != CbRole::kOutput;
  auto err = ctx.error(a->loc);
  err << fmt::format("too many circular buffers: no free {} CB index left for '{}' ({}s take {}{})",
                     to_string(role), a->buffer->name, to_string(role),
                     role == CbRole::kInput    ? "0..7"
                     : role == CbRole::kOutput ? "16..23"
                                               : "24..31",
                     spare ? ", then the spare 8..15; all are in use" : "; all are in use");
  for (const CbPlan& cb : given) {
    if (cb.role == role || (spare && cb.index >= 8 && cb.index < 16)) {
      auto at = std::find_if(allocs.begin(), allocs.end(),
                             [&](const Allocate* x) { return x->buffer->name == cb.name; });
      err.note(at != allocs.end() ? (*at)->loc : a->loc,
               fmt::format("CB {} '{}' is an {} CB", cb.index, cb.name, to_string(cb.role)));
    }
  }
  err.note(a->loc,
           role == CbRole::kInput
               ? "try reading fewer tensor blocks per kernel: one T.copy of a larger block instead "
                 "of several of adjacent ones, or the work split over two kernels"
           : role == CbRole::kOutput
               ? "try writing fewer tensor blocks per kernel: one T.copy of a larger block "
                 "instead of several of adjacent ones, or the work split over two kernels"
               : "try fewer intermediate blocks: write consecutive T.Parallel steps as one "
                 "expression, or reuse a block whose value is no longer needed");
}

}  // namespace

Module tile_dataflow_graph(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::map<const BufferNode*, CbInfo> info;
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind != NodeKind::kEvaluate) {
        return;
      }
      const Call* c = static_cast<const Evaluate*>(n)->value.as<Call>();
      if (!c) {
        return;
      }
      if (is_tt_op(c, TtOp::kReadTiles)) {
        info[tt::ReadTiles::cb(c).get()].producers.insert(KernelRole::kReader);
      } else if (is_tt_op(c, TtOp::kReadLocalTiles)) {
        info[tt::ReadLocalTiles::cb(c).get()].producers.insert(KernelRole::kReader);
      } else if (is_tt_op(c, TtOp::kMaskTile)) {
        info[tt::MaskTile::cb(c).get()].producers.insert(KernelRole::kReader);
      } else if (is_tt_op(c, TtOp::kWriteTiles)) {
        info[tt::WriteTiles::cb(c).get()].consumers.insert(KernelRole::kWriter);
      } else if (is_compute_op(c)) {
        Buffer o = compute_write(c);
        for (const Buffer& b : compute_reads(c)) {
          info[b.get()].consumers.insert(KernelRole::kCompute);
        }
        info[o.get()].producers.insert(KernelRole::kCompute);
        if (is_tt_op(c, TtOp::kMatmul)) {
          info[o.get()].consumers.insert(KernelRole::kCompute);  // partial reload
        }
      }
    });

    // CBs in source order (post-order lists inner allocations first).
    std::vector<const Allocate*> allocs;
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind == NodeKind::kAllocate &&
          static_cast<const Allocate*>(n)->buffer->scope == MemScope::kCB) {
        allocs.push_back(static_cast<const Allocate*>(n));
      }
    });
    std::reverse(allocs.begin(), allocs.end());

    int next_in = 0, next_out = 16, next_mid = 24, next_spare = 8;
    BufferSubstituter subst;
    std::vector<CbPlan> cbs;
    for (const Allocate* a : allocs) {
      const Buffer& b = a->buffer;
      const CbInfo& ci = info[b.get()];
      if (ci.producers.size() > 1) {
        ctx.error(a->loc) << "circular buffer '" << b->name
                          << "' is written both by T.copy from a tensor and by compute; "
                             "give each producer its own buffer";
        continue;
      }
      CbRole cb_role = CbRole::kIntermediate;
      int index = -1;
      if (ci.producers.count(KernelRole::kReader)) {
        cb_role = CbRole::kInput;
        index = next_in < 8 ? next_in++ : (next_spare < 16 ? next_spare++ : -1);
      } else if (ci.consumers.count(KernelRole::kWriter)) {
        cb_role = CbRole::kOutput;
        index = next_out < 24 ? next_out++ : -1;
      } else {
        cb_role = CbRole::kIntermediate;
        index = next_mid < 32 ? next_mid++ : (next_spare < 16 ? next_spare++ : -1);
      }
      if (index < 0 || index >= ctx.device.max_cbs) {
        report_exhausted(ctx, a, cb_role, cbs, allocs);
        continue;
      }
      ctx.remark(a->loc, "cb-index") << fmt::format(
          "CB '{}' gets index {}: it is {} ({})", b->name, index, to_string(cb_role),
          cb_role == CbRole::kInput    ? (index < 8 ? "filled by the reader; inputs take 0..7"
                                                    : "filled by the reader; inputs take 0..7, "
                                                      "then the spare 8..15")
          : cb_role == CbRole::kOutput ? "drained by the writer; outputs take 16..23"
                                       : "produced and consumed by compute; intermediates take "
                                         "24..31");
      Attrs attrs = b->attrs;
      attrs.set(keys::kCbIndex, static_cast<int64_t>(index));
      subst.map[b.get()] = b.with_attrs(attrs);
      cbs.push_back({index, b->name, b->attrs.get_string(keys::kCbFormat, ""),
                     b->attrs.get_int(keys::kCbPageSize, 0), b->attrs.get_int(keys::kCbNumPages, 0),
                     cb_role, std::vector<KernelRole>(ci.producers.begin(), ci.producers.end()),
                     std::vector<KernelRole>(ci.consumers.begin(), ci.consumers.end())});
    }
    if (ctx.failed()) {
      continue;
    }
    f = subst.mutate(f);
    std::sort(cbs.begin(), cbs.end(),
              [](const CbPlan& a, const CbPlan& b) { return a.index < b.index; });
    out.plan.cbs = cbs;
  }
  return out;
}

}  // namespace tltt::passes
