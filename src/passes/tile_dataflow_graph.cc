// C3: the tile dataflow graph. Every CB gets its producer and consumer kernels from the tt ops
// that write and read it; CBs filled by the reader are inputs (indices 0..15), CBs drained by
// the writer outputs (16..23), the others intermediates (24..31, then 8..15 when those run out).
// Compute's pops are placed by the next pass, C4 (compute_pops.h).
#include "passes/tile_dataflow_graph.h"

#include <fmt/format.h>

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
        index = next_in < 8 ? next_in++ : -1;
      } else if (ci.consumers.count(KernelRole::kWriter)) {
        cb_role = CbRole::kOutput;
        index = next_out < 24 ? next_out++ : -1;
      } else {
        cb_role = CbRole::kIntermediate;
        index = next_mid < 32 ? next_mid++ : (next_spare < 16 ? next_spare++ : -1);
      }
      if (index < 0 || index >= ctx.device.max_cbs) {
        ctx.error(a->loc) << fmt::format(
            "too many circular buffers: no free {} CB index left for '{}' (at most 32 CBs)",
            to_string(cb_role), b->name);
        continue;
      }
      ctx.remark(a->loc, "cb-index") << fmt::format(
          "CB '{}' gets index {}: it is {} ({})", b->name, index, to_string(cb_role),
          cb_role == CbRole::kInput    ? "filled by the reader; inputs take 0..7"
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
