// B1: the unit of work is one T.Kernel block. Blocks are numbered row-major (bx fastest); the
// core count is min(device cores, blocks) and every core gets a contiguous, balanced range.
// Blocks that would run past a tensor's end (problem size not a multiple of the block size)
// are rejected here, before any code exists.
#include "passes/work_partition.h"

#include <fmt/format.h>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

class LaunchFinder : public Visitor {
 public:
  using Visitor::visit;
  std::vector<const KernelLaunch*> launches;
  void visit(const KernelLaunch* op) override {
    launches.push_back(op);
    Visitor::visit(op);
  }
};

// Checks that every tensor access stays inside the tensor for every block and loop iteration.
class BoundsChecker : public Visitor {
 public:
  using Visitor::visit;
  PassContext* ctx = nullptr;
  const KernelLaunch* launch = nullptr;
  VarRanges ranges;
  bool ok = true;

  void visit(const For* op) override {
    auto mn = const_value(op->min), ext = const_value(op->extent);
    if (mn && ext && *ext > 0) {
      ranges[op->var.get()] = {*mn, *mn + *ext - 1};
    }
    Visitor::visit(op);
  }
  void visit(const LetStmt* op) override {
    if (auto b = bounds(op->value, ranges)) {
      ranges[op->var.get()] = *b;
    }
    Visitor::visit(op);
  }
  void visit(const Copy* op) override {
    check_region(op->src, op->loc);
    check_region(op->dst, op->loc);
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    check_indices(op->buffer, op->indices, op->loc);
    Visitor::visit(op);
  }
  void visit(const BufferLoad* op) override {
    check_indices(op->buffer, op->indices, op->loc);
    Visitor::visit(op);
  }

 private:
  void report(const Buffer& b, size_t dim, int64_t end, int64_t size, const Location& at) {
    if (!ok) {
      return;
    }
    ok = false;
    ctx->error(launch->loc).note(at, "the access is here") << fmt::format(
        "blocks of this kernel run past the end of tensor '{}': dimension {} has {} "
        "elements but the last block reaches {}; partial blocks are not supported (make "
        "the problem size a multiple of the block size)",
        b->name, dim, size, end);
  }
  void check_region(const Region& r, const Location& at) {
    if (r.buffer->scope != MemScope::kGlobal) {
      return;
    }
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      auto lo = bounds(r.ranges[d].min, ranges);
      auto ext = const_value(r.ranges[d].extent);
      auto size = as_const_int(r.buffer->shape[d]);
      if (lo && ext && size && lo->hi + *ext > *size) {
        report(r.buffer, d, lo->hi + *ext, *size, at);
      }
    }
  }
  void check_indices(const Buffer& b, const std::vector<Expr>& idx, const Location& at) {
    if (b->scope != MemScope::kGlobal) {
      return;
    }
    for (size_t d = 0; d < idx.size() && d < b->shape.size(); ++d) {
      auto iv = bounds(idx[d], ranges);
      auto size = as_const_int(b->shape[d]);
      if (iv && size && iv->hi >= *size) {
        report(b, d, iv->hi + 1, *size, at);
      }
    }
  }
};

}  // namespace

Module work_partition(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    LaunchFinder finder;
    finder.visit(f.body);
    if (finder.launches.size() != 1) {
      ctx.error(finder.launches.empty() ? f.loc : finder.launches[1]->loc)
          << "a Tenstorrent kernel needs exactly one `with T.Kernel(...)` block; " << f.name
          << " has " << finder.launches.size();
      continue;
    }
    const KernelLaunch* launch = finder.launches[0];
    std::vector<int64_t> extents;
    for (const Expr& e : launch->extents) {
      auto v = const_value(e);
      if (!v) {
        ctx.error(launch->loc) << "grid extent '" << print(e) << "' is not a compile-time constant";
        break;
      }
      extents.push_back(*v);
    }
    if (extents.size() != launch->extents.size()) {
      continue;
    }
    BoundsChecker checker;
    checker.ctx = &ctx;
    checker.launch = launch;
    for (size_t i = 0; i < extents.size(); ++i) {
      checker.ranges[launch->vars[i].get()] = {0, extents[i] - 1};
    }
    checker.visit(launch->body);
    if (!checker.ok) {
      continue;
    }

    int64_t blocks = 1;
    for (int64_t e : extents) {
      blocks *= e;
    }
    std::string mode = "global";
    int64_t core_limit = ctx.device.num_cores();
    Attrs shard_grid;
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        continue;
      }
      Attrs layout = dict_attr(f, keys::kBufferPrefix + p.buffer->name);
      if (layout.get_string("memory", "") == "L1" && layout.get_string("layout", "") == "sharded" &&
          mode == "global") {
        mode = "local_shard";
        const Attrs& nd = layout.find("nd_shard")->as_dict();
        auto pg = nd.find("projected_grid")->as_int_list();
        core_limit = std::min(core_limit, pg[0] * pg[1]);
        shard_grid.set("grid", pg);
        shard_grid.set("local_tiles", nd.find("projected_shard_tiles")->as_int_list());
        shard_grid.set("source_buffer", p.buffer->name);
      }
    }
    int64_t cores = std::min(core_limit, blocks);
    int64_t gx = ctx.device.grid_x;
    int64_t cx = std::min(gx, cores), cy = (cores + gx - 1) / gx;

    AttrList ranges;
    auto range = [](int64_t x, int64_t y, int64_t w, int64_t h) {
      Attrs r;
      r.set("start", std::vector<int64_t>{x, y});
      r.set("extent", std::vector<int64_t>{w, h});
      return AttrValue(r);
    };
    if (cores / gx > 0) {
      ranges.push_back(range(0, 0, cx, cores / gx));
    }
    if (cores % gx) {
      ranges.push_back(range(0, cores / gx, cores % gx, 1));
    }

    Attrs partition;
    int64_t base = blocks / cores, rem = blocks % cores;
    for (int64_t c = 0; c < cores; ++c) {
      Attrs item;
      item.set("start_id", c * base + std::min(c, rem));
      item.set("count", base + (c < rem ? 1 : 0));
      partition.set(fmt::format("({},{})", c % gx, c / gx), AttrList{AttrValue(item)});
    }

    std::vector<int64_t> grid_tiles = {0, 0};
    Attrs roles = dict_attr(f, keys::kParamRoles);
    for (const Param& p : f.params) {
      if (p.is_buffer() && roles.get_string(p.buffer->name, "") == "output") {
        grid_tiles = tile_grid(p.buffer);
        break;
      }
    }
    f.attrs.set(keys::kPartitionMode, mode);
    f.attrs.set(keys::kCoreGrid, std::vector<int64_t>{cx, cy});
    f.attrs.set(keys::kNumCores, cores);
    f.attrs.set(keys::kCoreRanges, ranges);
    f.attrs.set(keys::kGridTiles, grid_tiles);
    f.attrs.set(keys::kGridExtents, extents);
    f.attrs.set(keys::kWorkPartition, partition);
    f.attrs.set(keys::kRuntimeArgs, std::vector<std::string>{"start_id", "count"});
    if (mode == "local_shard") {
      f.attrs.set(keys::kShardGrid, shard_grid);
    }
  }
  return out;
}

}  // namespace tltt::passes
