// C2a: CB sharing. Compute intermediates whose values are never live at the same time share one
// circular buffer: one CB index and one L1 allocation (see cb_sharing.h).
#include "passes/cb_sharing.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/cb_liveness.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

// Which CB values interfere: a value written while another is live (or read by the same op,
// which still holds its inputs while it pushes its output) needs its own CB. The liveness is
// C4's walk (backward_cb_liveness): a write kills the value, a read makes it live.
class Interference {
 public:
  explicit Interference(const Stmt& body) {
    backward_cb_liveness(body, entry_, [this](const Call* c, CbLive& l) { call(c, l); });
  }

  // A value live at the program's entry (read before any write, which C4 rejects) interferes
  // with every other: no write orders it against them.
  bool interferes(const BufferNode* a, const BufferNode* b) const {
    return edges_.count(std::minmax(a, b)) > 0 || entry_.count(a) || entry_.count(b);
  }

 private:
  void write(const BufferNode* w, const CbLive& live) {
    for (const BufferNode* x : live) {
      if (x != w) {
        edges_.insert(std::minmax(w, x));
      }
    }
  }

  void call(const Call* c, CbLive& live) {
    if (is_tt_op(c, TtOp::kReadTiles) || is_tt_op(c, TtOp::kMaskTile)) {
      const BufferNode* w =
          (is_tt_op(c, TtOp::kMaskTile) ? tt::MaskTile::cb(c) : tt::ReadTiles::cb(c)).get();
      write(w, live);
      live.erase(w);
    } else if (is_tt_op(c, TtOp::kReadIm2col) || is_tt_op(c, TtOp::kGatherRows)) {
      const BufferNode* w =
          (is_tt_op(c, TtOp::kGatherRows) ? tt::GatherRows::cb(c) : tt::ReadIm2col::cb(c)).get();
      write(w, live);
      live.erase(w);
    } else if (is_tt_op(c, TtOp::kWriteTiles)) {
      live.insert(tt::WriteTiles::cb(c).get());
    } else if (is_compute_op(c)) {
      const BufferNode* w = compute_write(c).get();
      CbLive held = live;
      for (const Buffer& r : compute_reads(c)) {
        held.insert(r.get());
      }
      write(w, held);
      live.erase(w);
      for (const Buffer& r : compute_reads(c)) {
        live.insert(r.get());
      }
    }
  }

  std::set<std::pair<const BufferNode*, const BufferNode*>> edges_;
  CbLive entry_;
};

// The CBs sharing may merge: every reference to them is an operand of a compute op, compute
// writes them (never as a matmul's accumulator, whose partial sums D4a/D5 keep in DST or
// accumulate in place in L1) and reads them. Reader- and writer-side CBs are never merged:
// their order of use is set by another kernel.
std::vector<Buffer> candidates(const Stmt& body) {
  std::map<const BufferNode*, int> refs, compute_refs;
  std::set<const BufferNode*> written, read, excluded;
  std::vector<Buffer> cbs;
  bool unlowered = false;
  post_order_visit(body, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kRegionRef:
        ++refs[static_cast<const RegionRef*>(n)->region.buffer.get()];
        break;
      case NodeKind::kBufferLoad:
        ++refs[static_cast<const BufferLoad*>(n)->buffer.get()];
        break;
      case NodeKind::kBufferStore:
        ++refs[static_cast<const BufferStore*>(n)->buffer.get()];
        break;
      case NodeKind::kAllocate:
        if (static_cast<const Allocate*>(n)->buffer->scope == MemScope::kCB) {
          cbs.push_back(static_cast<const Allocate*>(n)->buffer);
        }
        break;
      case NodeKind::kCopy:
      case NodeKind::kGemm:
      case NodeKind::kFill:
      case NodeKind::kReduce:
      case NodeKind::kAtomicAdd:
      case NodeKind::kBufferView:
      case NodeKind::kWhile:
      case NodeKind::kKernelLaunch:
        unlowered = true;  // buffers referenced other than through the nodes counted above
        break;
      default:
        break;
    }
    const Call* c = n->kind == NodeKind::kEvaluate
                        ? static_cast<const Evaluate*>(n)->value.as<Call>()
                        : nullptr;
    if (!c || !is_compute_op(c)) {
      return;
    }
    post_order_visit(Stmt(static_cast<const Evaluate*>(n)), [&](const Node* m) {
      if (m->kind == NodeKind::kRegionRef) {
        ++compute_refs[static_cast<const RegionRef*>(m)->region.buffer.get()];
      } else if (m->kind == NodeKind::kBufferLoad) {
        ++compute_refs[static_cast<const BufferLoad*>(m)->buffer.get()];
      }
    });
    written.insert(compute_write(c).get());
    for (const Buffer& r : compute_reads(c)) {
      read.insert(r.get());
    }
    if (is_tt_op(c, TtOp::kMatmul)) {
      excluded.insert(compute_write(c).get());
    }
  });
  if (unlowered) {
    return {};
  }
  std::reverse(cbs.begin(), cbs.end());  // post-order lists inner allocations first
  std::vector<Buffer> out;
  for (const Buffer& b : cbs) {
    const BufferNode* p = b.get();
    if (refs[p] == compute_refs[p] && written.count(p) && read.count(p) && !excluded.count(p)) {
      out.push_back(b);
    }
  }
  return out;
}

// Same dtype, tile grid and CB configuration (format, page size, depth): one CB serves both.
bool same_cb(const Buffer& a, const Buffer& b) {
  if (a->dtype != b->dtype || a->shape.size() != b->shape.size() || !(a->attrs == b->attrs)) {
    return false;
  }
  for (size_t i = 0; i < a->shape.size(); ++i) {
    auto x = const_value(a->shape[i]), y = const_value(b->shape[i]);
    if (!x || !y || *x != *y) {
      return false;
    }
  }
  return true;
}

int64_t cb_bytes(const Buffer& b) {
  return b->attrs.get_int(keys::kCbPageSize, 0) * b->attrs.get_int(keys::kCbNumPages, 0);
}

// Drops the allocations of merged CBs and points their uses at the CB they share.
class Merge : public BufferSubstituter {
 public:
  using BufferSubstituter::visit;
  Stmt visit(const Allocate* op) override {
    if (map.count(op->buffer.get())) {
      return mutate(op->body);
    }
    return BufferSubstituter::visit(op);
  }
};

}  // namespace

std::vector<std::vector<Buffer>> cb_sharing_groups(const Stmt& body) {
  std::vector<Buffer> cands = candidates(body);
  std::vector<std::vector<Buffer>> groups;
  if (cands.empty()) {
    return groups;
  }
  Interference g(body);
  // Greedy, in source order: each CB joins the first earlier group it matches and interferes
  // with no member of.
  for (const Buffer& b : cands) {
    auto fits = [&](const std::vector<Buffer>& grp) {
      return same_cb(grp.front(), b) && std::none_of(grp.begin(), grp.end(), [&](const Buffer& x) {
               return g.interferes(x.get(), b.get());
             });
    };
    auto it = std::find_if(groups.begin(), groups.end(), fits);
    if (it == groups.end()) {
      groups.push_back({b});
    } else {
      it->push_back(b);
    }
  }
  return groups;
}

Module cb_sharing(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::vector<std::vector<Buffer>> groups = cb_sharing_groups(f.body);
    Merge merge;
    size_t cands = 0;
    int64_t saved = 0;
    for (const std::vector<Buffer>& grp : groups) {
      cands += grp.size();
      const Buffer& host = grp.front();
      std::string on = fmt::format("'{}'", host->name);
      for (size_t i = 1; i < grp.size(); ++i) {
        const Buffer& b = grp[i];
        ctx.remark(b->loc, "share") << fmt::format(
            "CB '{}' shares the circular buffer of '{}' (one CB index and {} bytes of L1): no "
            "value of it is live while {} holds one",
            b->name, host->name, cb_bytes(b), on);
        on += fmt::format(" or '{}'", b->name);
        merge.map[b.get()] = host;
        saved += cb_bytes(b);
      }
    }
    if (merge.map.empty()) {
      continue;
    }
    ctx.remark(groups.front().front()->loc, "summary") << fmt::format(
        "{} compute intermediates on {} circular buffers: {} fewer CB indices and {} bytes less "
        "L1 per core",
        cands, groups.size(), merge.map.size(), saved);
    f = merge.mutate(f);
  }
  return out;
}

}  // namespace tltt::passes
