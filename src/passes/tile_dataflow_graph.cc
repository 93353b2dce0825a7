// C3: the tile dataflow graph. Every CB gets its producer and consumer kernels from the tt ops
// that write and read it; CBs filled by the reader are inputs (indices 0..15), CBs drained by
// the writer outputs (16..23), the others intermediates (24..31, then 8..15 when those run out).
// Compute's pops are placed by the next pass, C4 (compute_pops.h).
#include "passes/tile_dataflow_graph.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/equality.h"
#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/cb_sharing.h"
#include "passes/pass_manager.h"
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

// One tensor transfer of a reader (writer) CB: the tensor region it reads (writes).
struct Transfer {
  const BufferNode* cb;
  const Region* tensor;
};

// The exact fix-it for CBs that each move one block of one tensor, the blocks differing only in
// one axis by constant steps (a0 <- A[0, ...], a1 <- A[1, ...], ...): one CB moving the blocks
// one at a time in a loop. The spelling is T.copy's, printed from the IR region (its start
// point; the CB gives the extent). Empty when no two CBs of `role` qualify.
std::string loop_fixit(CbRole role, const std::vector<CbPlan>& given,
                       const std::vector<Transfer>& transfers, const Stmt& body) {
  std::map<std::string, const BufferNode*> by_name;
  std::map<const BufferNode*, int> count;
  for (const Transfer& t : transfers) {
    ++count[t.cb];
    by_name[t.cb->name] = t.cb;
  }
  std::vector<Transfer> mine;  // the role's CBs with one transfer each, in index order
  for (const CbPlan& cb : given) {
    auto it = by_name.find(cb.name);
    if (cb.role == role && it != by_name.end() && count[it->second] == 1) {
      for (const Transfer& t : transfers) {
        if (t.cb == it->second) {
          mine.push_back(t);
        }
      }
    }
  }
  std::set<std::string> names;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kVariable) {
      names.insert(static_cast<const Variable*>(n)->name);
    }
  });
  std::string k = "k";
  while (names.count(k)) {
    k += "k";
  }
  std::string best;
  size_t best_n = 1;
  for (size_t i = 0; i < mine.size(); ++i) {
    const Region& r0 = *mine[i].tensor;
    for (size_t axis = 0; axis < r0.ranges.size(); ++axis) {
      // The CBs like mine[i] (same tensor, CB shape and configuration, extents, and start point
      // off `axis`) whose start on `axis` is r0's plus a multiple of one constant step.
      std::vector<const Transfer*> run = {&mine[i]};
      auto c0 = const_value(r0.ranges[axis].min);
      for (size_t j = i + 1; c0 && j < mine.size(); ++j) {
        const Region& r = *mine[j].tensor;
        bool same = r.buffer.same_as(r0.buffer) && r.ranges.size() == r0.ranges.size() &&
                    mine[j].cb->attrs == mine[i].cb->attrs &&
                    mine[j].cb->dtype == mine[i].cb->dtype;
        for (size_t d = 0; same && d < r.ranges.size(); ++d) {
          same = structural_equal(r.ranges[d].extent, r0.ranges[d].extent) &&
                 (d == axis || structural_equal(r.ranges[d].min, r0.ranges[d].min));
        }
        auto c = same ? const_value(r.ranges[axis].min) : std::nullopt;
        int64_t step = run.size() > 1 ? *const_value(run[1]->tensor->ranges[axis].min) - *c0 : 0;
        if (c && *c != *c0 && (run.size() == 1 || *c - *c0 == step * int64_t(run.size()))) {
          run.push_back(&mine[j]);
        }
      }
      if (run.size() <= best_n) {
        continue;
      }
      best_n = run.size();
      int64_t step = *const_value(run[1]->tensor->ranges[axis].min) - *c0;
      std::string index = step == 1 ? k : fmt::format("{} * {}", k, step);
      if (*c0 != 0) {
        index = fmt::format("{} + {}", *c0, index);
      }
      std::string point;
      for (size_t d = 0; d < r0.ranges.size(); ++d) {
        point += (d ? ", " : "") + (d == axis ? index : print(r0.ranges[d].min));
      }
      std::string tensor = fmt::format("{}[{}]", r0.buffer->name, point);
      std::string cb = mine[i].cb->name;
      best = fmt::format(
          "try moving the {} blocks of '{}' in '{}' ... '{}' one at a time through '{}', in a loop "
          "with the work on each block inside it: `for {} in T.serial({}):` and `T.copy({}, {})`",
          run.size(), r0.buffer->name, cb, run.back()->cb->name, cb, k, run.size(),
          role == CbRole::kInput ? tensor : cb, role == CbRole::kInput ? cb : tensor);
    }
  }
  return best;
}

// No index left for a CB of `role`: the error names the CBs holding that role's indices (and
// the spare ones), each at its allocation, and what to change: the exact loop of loop_fixit()
// for reader and writer CBs; for intermediates with cb-sharing off, the option that turns it on
// when its groups would free enough indices. Otherwise (nothing exact applies) advice. Inputs
// and intermediates share the spare 8..15, so fewer of either frees an index for the other.
void report_exhausted(PassContext& ctx, const Allocate* a, CbRole role,
                      const std::vector<CbPlan>& given, const std::vector<const Allocate*>& allocs,
                      const std::vector<Transfer>& transfers, const Stmt& body) {
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
  std::vector<CbPlan> all = given;
  all.push_back({-1, a->buffer->name, "", 0, 0, role, {}, {}});
  if (role != CbRole::kIntermediate) {
    if (std::string fix = loop_fixit(role, all, transfers, body); !fix.empty()) {
      err.note(a->loc, fix);
      return;
    }
  } else if (!ctx.enabled("cb-sharing")) {
    size_t mids = 0, groups = 0;
    for (const auto& grp : cb_sharing_groups(body)) {
      mids += grp.size();
      ++groups;
    }
    // Intermediates get 24..31 and the spare indices the inputs leave.
    int64_t inputs = std::count_if(all.begin(), all.end(),
                                   [](const CbPlan& c) { return c.role == CbRole::kInput; });
    int64_t room = 8 + std::max<int64_t>(0, 16 - std::max<int64_t>(8, inputs));
    if (groups < mids && int64_t(groups) <= room) {
      bool o0 = std::all_of(pass_registry().begin(), pass_registry().end(), [&](const PassInfo& p) {
        return !p.optimization || !ctx.enabled(p.name);
      });
      err.note(a->loc, fmt::format("try {}: cb-sharing puts the {} compute intermediates on {} "
                                   "CBs, whose values are never live at the same time",
                                   o0 ? "`-O1` instead of `-O0`"
                                      : "compiling without `--disable-pass cb-sharing`",
                                   mids, groups));
      return;
    }
  }
  err.note(a->loc,
           role == CbRole::kInput
               ? "try reading fewer tensor blocks per kernel: one T.copy of a larger block instead "
                 "of several of adjacent ones, or the work split over two kernels"
           : role == CbRole::kOutput
               ? "try writing fewer tensor blocks per kernel: one T.copy of a larger block "
                 "instead of several of adjacent ones, or the work split over two kernels"
               : "try fewer intermediate blocks live at once: write consecutive T.Parallel steps "
                 "as one expression, or compute a block right before the steps that read it");
}

}  // namespace

Module tile_dataflow_graph(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::map<const BufferNode*, CbInfo> info;
    std::vector<Transfer> transfers;
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
        transfers.push_back({tt::ReadTiles::cb(c).get(), tt::ReadTiles::src(c)});
      } else if (is_tt_op(c, TtOp::kReadIm2col)) {
        info[tt::ReadIm2col::cb(c).get()].producers.insert(KernelRole::kReader);
        transfers.push_back({tt::ReadIm2col::cb(c).get(), tt::ReadIm2col::src(c)});
      } else if (is_tt_op(c, TtOp::kGatherRows)) {
        info[tt::GatherRows::cb(c).get()].producers.insert(KernelRole::kReader);
        transfers.push_back({tt::GatherRows::cb(c).get(), tt::GatherRows::src(c)});
      } else if (is_tt_op(c, TtOp::kReadLocalTiles)) {
        info[tt::ReadLocalTiles::cb(c).get()].producers.insert(KernelRole::kReader);
      } else if (is_tt_op(c, TtOp::kMaskTile)) {
        info[tt::MaskTile::cb(c).get()].producers.insert(KernelRole::kReader);
      } else if (is_tt_op(c, TtOp::kWriteTiles)) {
        info[tt::WriteTiles::cb(c).get()].consumers.insert(KernelRole::kWriter);
        transfers.push_back({tt::WriteTiles::cb(c).get(), tt::WriteTiles::dst(c)});
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
        report_exhausted(ctx, a, cb_role, cbs, allocs, transfers, f.body);
        continue;
      }
      ctx.remark(a->loc, "cb-index") << fmt::format(
          "CB '{}' gets index {}: it is {} ({})", b->name, index, to_string(cb_role),
          cb_role == CbRole::kInput    ? (index < 8 ? "filled by the reader; inputs take 0..7"
                                                    : "filled by the reader; inputs take 0..7, "
                                                      "then the spare 8..15")
          : cb_role == CbRole::kOutput ? "drained by the writer; outputs take 16..23"
          : index >= 24                ? "produced and consumed by compute; intermediates take "
                                         "24..31"
                                       : "produced and consumed by compute; intermediates take "
                                         "24..31, then the spare 8..15");
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
