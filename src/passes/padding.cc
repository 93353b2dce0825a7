// B1's padding half: device shapes of tensors that are not whole tiles or that partial blocks
// reach past (the host program pads them with zeros and drops the padding of outputs). The
// padding of on-chip blocks is in padding_blocks.cc.
#include "passes/padding.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>

#include "device/device.h"
#include "ir/mutator.h"
#include "passes/pass_util.h"
#include "passes/shifted_reads.h"
#include "passes/work_partition_shard.h"

namespace tltt::passes::padding {

using namespace ir;
using partition::RangeTracker;

namespace {

// The furthest element (exclusive end) every block reaches in each dimension of each tensor;
// `tiled_reach` leaves out the shifted windows (loads off the tile grid, which the reader's
// gather builds face row by face row, zeros past the device tensor's tiles).
class ReachFinder : public RangeTracker {
 public:
  using RangeTracker::visit;
  struct Reach {
    std::vector<int64_t> end;
    std::vector<Location> at;  // the access that reaches furthest
  };
  std::map<const BufferNode*, Reach> reach, tiled_reach;

  void visit(const Copy* op) override {
    const bool shifted = op->dst.buffer->scope != MemScope::kGlobal && is_shifted_load(op->src);
    region(op->src, op->loc, shifted);
    region(op->dst, op->loc, false);
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    indices(op->buffer, op->indices, op->loc);
    Visitor::visit(op);
  }
  void visit(const BufferLoad* op) override {
    indices(op->buffer, op->indices, op->loc);
    Visitor::visit(op);
  }

 private:
  void note(const Buffer& b, size_t d, int64_t end, const Location& at, bool shifted = false) {
    for (auto* m : {&reach, &tiled_reach}) {
      if (shifted && m == &tiled_reach) {
        continue;
      }
      Reach& r = (*m)[b.get()];
      if (r.end.size() < b.rank()) {
        r.end.assign(b.rank(), 0);
        r.at.assign(b.rank(), Location());
      }
      if (end > r.end[d]) {
        r.end[d] = end;
        r.at[d] = at;
      }
    }
  }
  void region(const Region& r, const Location& at, bool shifted) {
    if (r.buffer->scope != MemScope::kGlobal) {
      return;
    }
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      auto lo = bounds(r.ranges[d].min, ranges);
      auto ext = const_value(r.ranges[d].extent);
      if (lo && ext) {
        note(r.buffer, d, lo->hi + *ext, at, shifted);
      }
    }
  }
  void indices(const Buffer& b, const std::vector<Expr>& idx, const Location& at) {
    if (b->scope != MemScope::kGlobal) {
      return;
    }
    for (size_t d = 0; d < idx.size() && d < b.rank(); ++d) {
      if (auto iv = bounds(idx[d], ranges)) {
        note(b, d, iv->hi + 1, at);
      }
    }
  }
};

// Tensors read into a T.gemm's A operand (not transposed) in K steps of at least 8 tiles, by
// on-chip copies of whole blocks: D4a may lay such a step's CB out K-major, and a row sender then
// reads A one K column of tiles at a time (a slice of its step at a time, D8).
std::set<const BufferNode*> k_major_operands(const Stmt& body) {
  std::map<const BufferNode*, std::pair<const BufferNode*, int64_t>> filled;  // block <- tensor
  std::vector<const BufferNode*> a_blocks;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kCopy) {
      const auto* c = static_cast<const Copy*>(n);
      if (c->src.buffer->scope == MemScope::kGlobal && c->dst.buffer->scope != MemScope::kGlobal &&
          !c->src.ranges.empty()) {
        filled[c->dst.buffer.get()] = {c->src.buffer.get(),
                                       const_value(c->src.ranges.back().extent).value_or(0)};
      }
    } else if (n->kind == NodeKind::kGemm) {
      const auto* g = static_cast<const Gemm*>(n);
      if (!g->transpose_a) {
        a_blocks.push_back(g->a.buffer.get());
      }
    }
  });
  std::set<const BufferNode*> out;
  for (const BufferNode* a : a_blocks) {
    auto it = filled.find(a);
    if (it != filled.end() && it->second.second >= 8 * kTile) {
      out.insert(it->second.first);
    }
  }
  return out;
}
}  // namespace

int64_t round_up_to_tile(int64_t v) { return (v + kTile - 1) / kTile * kTile; }

void track_launch(RangeTracker& t, const KernelLaunch* launch,
                  const std::vector<int64_t>& extents) {
  for (size_t i = 0; i < extents.size(); ++i) {
    t.ranges[launch->vars[i].get()] = {0, extents[i] - 1};
  }
  t.visit(launch->body);
}

std::optional<PrimFunc> pad_tensors(const PrimFunc& f, const KernelLaunch* launch,
                                    const std::vector<int64_t>& extents, DevicePlan& plan,
                                    PassContext& ctx) {
  ReachFinder finder;
  track_launch(finder, launch, extents);
  BufferSubstituter subst;
  PrimFunc out = f;
  bool ok = true;
  // With D4a on, a K-major A step is read one K column of tiles at a time, by every row sender
  // of the grid at once; when a row of the tensor is a multiple of the DRAM banks in tiles, a
  // K column lies in one bank (Blackhole's 8 banks, 2048-wide A: the first slice of every
  // sender waits on one bank). One tile column of padding spreads it over all of them.
  const int64_t banks = ctx.device.desc ? ctx.device.desc->num_dram_banks() : 0;
  const std::set<const BufferNode*> k_major =
      ctx.enabled("gemm-block-schedule") && banks > 1 && !plan.mesh ? k_major_operands(launch->body)
                                                                    : std::set<const BufferNode*>{};
  for (Param& p : out.params) {
    TensorPlan* t = p.is_buffer() ? plan.find_tensor(p.buffer->name) : nullptr;
    if (!t) {
      continue;
    }
    const Buffer b = p.buffer;  // p.buffer is replaced below
    const bool sharded = t->layout == TensorLayoutKind::kSharded;
    // A sharded tensor is not padded (its shards tile it exactly): only shifted windows may
    // reach past its end, and their gather reads zeros there (full-grid stencils).
    auto& reach = sharded ? finder.tiled_reach : finder.reach;
    auto it = reach.find(b.get());
    std::vector<Expr> shape = b->shape;
    bool padded = false;
    for (size_t d = 0; d < b.rank(); ++d) {
      int64_t size = as_const_int(b->shape[d]).value_or(0);
      int64_t end = it == reach.end() ? 0 : it->second.end[d];
      bool tiled = d + 2 >= b.rank();
      if (end > size && (!tiled || sharded)) {
        ok = false;
        ctx.error(launch->loc).note(it->second.at[d], "the access is here") << fmt::format(
            "blocks of this kernel run past the end of tensor '{}': dimension {} has {} "
            "elements but the last block reaches {}; partial blocks are supported only along "
            "the last two dimensions of interleaved tensors (a sharded tensor may be read past "
            "its end by windows off the tile grid only, which read zeros there)",
            b->name, d, size, end);
        continue;
      }
      if (sharded && tiled) {
        auto all = finder.reach.find(b.get());
        if (all != finder.reach.end() && all->second.end[d] > size) {
          ctx.remark(all->second.at[d], "padding") << fmt::format(
              "windows off the tile grid reach past the end of sharded tensor '{}' (dimension "
              "{}: {} elements, read up to {}); it is not padded, their gather reads zeros "
              "there",
              b->name, d, size, all->second.end[d]);
        }
      }
      int64_t dev = tiled ? round_up_to_tile(std::max(size, end)) : size;
      if (d + 1 == b.rank() && b.rank() == 2 && k_major.count(b.get()) && !sharded &&
          t->memory == MemoryKind::kDram && !t->is_output() && dev / kTile % banks == 0) {
        dev += kTile;
        ctx.remark(b->loc, "bank-stride") << fmt::format(
            "rows of tensor '{}' are {} tiles, a multiple of the {} DRAM banks: a K column of "
            "its tiles would lie in one bank, so its rows are padded by one tile (D4a reads its "
            "K steps one K column at a time)",
            b->name, dev / kTile - 1, banks);
      }
      if (dev != size) {
        padded = true;
        shape[d] = cint(dev, b->loc);
      }
      t->device_shape[d] = dev;
    }
    if (padded) {
      Buffer nb = Buffer::make(b->name, b->dtype, shape, b->scope, b->attrs, b->loc);
      subst.map[b.get()] = nb;
      p.buffer = nb;
      std::string logical, device;
      for (size_t d = 0; d < b.rank(); ++d) {
        logical += (d ? "x" : "") + std::to_string(as_const_int(b->shape[d]).value_or(0));
        device += (d ? "x" : "") + std::to_string(t->device_shape[d]);
      }
      ctx.remark(b->loc, "padding") << fmt::format(
          "tensor '{}' of {} elements is padded to {} on the device (zeros from the host; "
          "the padding of outputs is dropped)",
          b->name, logical, device);
    }
  }
  if (!ok) {
    return std::nullopt;
  }
  out.body = subst.mutate(f.body);
  return out;
}

namespace {

// `e` with every variable v for which fn(v) is defined replaced by fn(v).
Expr map_vars(const Expr& e, const std::function<Expr(const Variable*)>& fn) {
  struct Map : Mutator {
    using Mutator::visit;
    const std::function<Expr(const Variable*)>* fn = nullptr;
    Expr visit(const Variable* op) override {
      Expr r = (*fn)(op);
      return r.defined() ? r : Expr(op);
    }
  } m;
  m.fn = &fn;
  return m.mutate(e);
}

}  // namespace

std::optional<int64_t> fixed_value(const Expr& e, const std::map<const Variable*, Expr>& lets,
                                   const VarRanges& ranges) {
  Expr inlined = e;
  std::set<const Variable*> vars;
  for (int depth = 0; depth < 8; ++depth) {
    bool changed = false;
    inlined = map_vars(inlined, [&](const Variable* v) -> Expr {
      auto it = lets.find(v);
      if (it == lets.end()) {
        vars.insert(v);
        return {};
      }
      changed = true;
      return it->second;
    });
    if (!changed) {
      break;
    }
  }
  VarRanges at;
  for (const Variable* v : vars) {
    auto r = ranges.find(v);
    if (r == ranges.end()) {
      return std::nullopt;
    }
    at[v] = {r->second.lo, r->second.lo};
  }
  auto value = [&]() -> std::optional<int64_t> {
    auto b = bounds(inlined, at);
    return b && b->lo == b->hi ? std::optional<int64_t>(b->lo) : std::nullopt;
  };
  std::optional<int64_t> first = value();
  for (const Variable* v : vars) {
    at[v] = {ranges.at(v).hi, ranges.at(v).hi};
    if (!first || value() != first) {
      return std::nullopt;
    }
    at[v] = {ranges.at(v).lo, ranges.at(v).lo};
  }
  return first;
}

}  // namespace tltt::passes::padding
