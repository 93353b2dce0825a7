// B1: the unit of work is one T.Kernel block. Blocks are numbered row-major (bx fastest); the
// core count is min(device cores, blocks) and every core gets a contiguous, balanced range.
// Blocks that would run past a tensor's end (problem size not a multiple of the block size)
// are rejected here, before any code exists.
// L1-sharded tensors (2-D) get a host shard spec (the plan's shard_spec): shards of the
// nd_shard shape, HEIGHT/WIDTH_SHARDED over cores numbered row-major on the device grid, or
// BLOCK_SHARDED on a grid-columns x grid-rows core rectangle. The partition is `local_shard`
// when every block's accesses to every sharded tensor stay inside one shard and all of them
// agree on its core: the program then runs on the shard cores and each core processes the
// blocks of its own shards. Those form either a contiguous id range or a rectangle of the
// block grid of one common width (the partition's block stride, recovered in B2). Otherwise the partition
// stays global and reads the shards through the sharded TensorAccessor (a warning says so).
#include "passes/work_partition.h"

#include <fmt/format.h>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

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

// Tracks the value range of loop variables and lets on the way down (for bounds()).
class RangeTracker : public Visitor {
 public:
  using Visitor::visit;
  VarRanges ranges;

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
};

// Checks that every tensor access stays inside the tensor for every block and loop iteration.
class BoundsChecker : public RangeTracker {
 public:
  using RangeTracker::visit;
  PassContext* ctx = nullptr;
  const KernelLaunch* launch = nullptr;
  bool ok = true;

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

// Element rows / columns of `target` that a block's accesses touch (inclusive bounds).
class AccessSpan : public RangeTracker {
 public:
  using RangeTracker::visit;
  const BufferNode* target = nullptr;
  bool any = false, unknown = false;
  Interval rows{0, 0}, cols{0, 0};

  void visit(const Copy* op) override {
    for (const Region* r : {&op->src, &op->dst}) {
      if (r->buffer.get() == target) {
        std::vector<std::pair<Expr, int64_t>> dims;
        for (const auto& rg : r->ranges) {
          dims.push_back({rg.min, const_value(rg.extent).value_or(-1)});
        }
        add(dims);
      }
    }
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    point(op->buffer, op->indices);
    Visitor::visit(op);
  }
  void visit(const BufferLoad* op) override {
    point(op->buffer, op->indices);
    Visitor::visit(op);
  }

 private:
  void point(const Buffer& b, const std::vector<Expr>& idx) {
    if (b.get() != target) {
      return;
    }
    std::vector<std::pair<Expr, int64_t>> dims;
    for (const Expr& e : idx) {
      dims.push_back({e, 1});
    }
    add(dims);
  }
  void add(const std::vector<std::pair<Expr, int64_t>>& dims) {
    if (dims.size() != 2) {
      unknown = true;
      return;
    }
    Interval span[2];
    for (size_t d = 0; d < 2; ++d) {
      auto lo = bounds(dims[d].first, ranges);
      if (!lo || dims[d].second <= 0) {
        unknown = true;
        return;
      }
      span[d] = {lo->lo, lo->hi + dims[d].second - 1};
    }
    if (!any) {
      rows = span[0];
      cols = span[1];
      any = true;
      return;
    }
    rows = {std::min(rows.lo, span[0].lo), std::max(rows.hi, span[0].hi)};
    cols = {std::min(cols.lo, span[1].lo), std::max(cols.hi, span[1].hi)};
  }
};

struct ShardedTensor {
  Buffer buffer;
  int64_t shard_h = 0, shard_w = 0, grid_rows = 0, grid_cols = 0;
  std::vector<std::pair<int64_t, int64_t>> cores;  // of shard k (row-major shard order)
  HostShardSpec spec;
};

CoreRange core_range(int64_t x, int64_t y, int64_t w, int64_t h) { return {{x, y}, {w, h}}; }

// `n` cores numbered row-major over a grid `gx` wide: full rows, then the partial row.
std::vector<CoreRange> row_major_ranges(int64_t n, int64_t gx) {
  std::vector<CoreRange> ranges;
  if (n / gx > 0) {
    ranges.push_back(core_range(0, 0, std::min(gx, n), n / gx));
  }
  if (n % gx) {
    ranges.push_back(core_range(0, n / gx, n % gx, 1));
  }
  return ranges;
}

// The largest shard count <= `limit` that splits `extent` elements into whole tiles (0: none).
int64_t fitting_grid(int64_t extent, int64_t limit) {
  for (int64_t g = std::min(limit, extent / 32); g >= 1; --g) {
    if (extent % g == 0 && (extent / g) % 32 == 0) {
      return g;
    }
  }
  return 0;
}

// The host shard spec of an L1-sharded tensor; reports unsupported shapes at `loc`.
std::optional<ShardedTensor> shard_geometry(const Buffer& b, const TensorPlan& tensor,
                                            const Location& loc, PassContext& ctx) {
  const std::optional<NdShard>& nd = tensor.nd_shard;
  if (!nd || b.rank() != 2) {
    ctx.error(loc) << "L1-sharded tensor '" << b->name << "' has rank " << b.rank()
                   << "; the generated host program shards 2-D tensors only";
    return std::nullopt;
  }
  ShardedTensor t;
  t.buffer = b;
  int64_t rows = as_const_int(b->shape[0]).value_or(0),
          cols = as_const_int(b->shape[1]).value_or(0);
  t.shard_h = rows;
  t.shard_w = cols;
  const std::vector<int64_t>& axes = nd->axes;
  const std::vector<int64_t>& elems = nd->shard_shape_elems;
  for (size_t i = 0; i < axes.size(); ++i) {
    (axes[i] == 0 ? t.shard_h : t.shard_w) = elems[i];
  }
  t.grid_rows = rows / t.shard_h;
  t.grid_cols = cols / t.shard_w;
  int64_t n = t.grid_rows * t.grid_cols;
  std::string mem_layout;
  std::vector<CoreRange> ranges;
  if (t.grid_rows > 1 && t.grid_cols > 1) {
    mem_layout = "BLOCK_SHARDED";
    if (t.grid_cols > ctx.device.grid_x || t.grid_rows > ctx.device.grid_y) {
      auto err = ctx.error(loc);
      err << fmt::format(
          "block-sharded tensor '{}' needs a {} x {} core grid (columns x rows), larger than "
          "the {} x {} worker grid of {}",
          b->name, t.grid_cols, t.grid_rows, ctx.device.grid_x, ctx.device.grid_y, ctx.device.name);
      // Fix-it: the largest grid that fits the device, in the annotation's spelling.
      int64_t gr = fitting_grid(rows, ctx.device.grid_y);
      int64_t gc = fitting_grid(cols, ctx.device.grid_x);
      if (gr > 0 && gc > 0) {
        err.note(loc, fmt::format("try nd_shard={{\"axes\": [0, 1], \"grid\": [{}, {}]}} for '{}'",
                                  gr, gc, b->name));
      }
      return std::nullopt;
    }
    for (int64_t k = 0; k < n; ++k) {
      t.cores.push_back({k % t.grid_cols, k / t.grid_cols});
    }
    ranges.push_back(core_range(0, 0, t.grid_cols, t.grid_rows));
  } else {
    mem_layout = t.grid_cols > 1 ? "WIDTH_SHARDED" : "HEIGHT_SHARDED";
    if (n > ctx.device.num_cores()) {
      auto err = ctx.error(loc);
      err << fmt::format("tensor '{}' has {} shards, more than the {} cores of {}", b->name, n,
                         ctx.device.num_cores(), ctx.device.name);
      int64_t axis = t.grid_cols > 1 ? 1 : 0;
      if (int64_t g = fitting_grid(axis == 1 ? cols : rows, ctx.device.num_cores()); g > 0) {
        err.note(loc, fmt::format("try nd_shard={{\"axes\": [{}], \"grid\": [{}]}} for '{}'", axis,
                                  g, b->name));
      }
      return std::nullopt;
    }
    for (int64_t k = 0; k < n; ++k) {
      t.cores.push_back({k % ctx.device.grid_x, k / ctx.device.grid_x});
    }
    ranges = row_major_ranges(n, ctx.device.grid_x);
  }
  t.spec = {mem_layout, {t.shard_h, t.shard_w}, {rows / kTile, cols / kTile}, ranges};
  return t;
}

// Per core (in shard order) the block ids it owns, when every block is local to one core.
std::optional<std::vector<std::vector<int64_t>>> shard_owners(
    const std::vector<ShardedTensor>& tensors, const KernelLaunch* launch,
    const std::vector<int64_t>& extents, std::string& why) {
  const ShardedTensor& first = tensors[0];
  for (const ShardedTensor& t : tensors) {
    if (t.cores != first.cores) {
      why = fmt::format("'{}' and '{}' are sharded over different cores", first.buffer->name,
                        t.buffer->name);
      return std::nullopt;
    }
  }
  int64_t blocks = 1;
  for (int64_t e : extents) {
    blocks *= e;
  }
  std::vector<std::vector<int64_t>> owned(first.cores.size());
  for (int64_t id = 0; id < blocks; ++id) {
    int64_t owner = -1;
    for (const ShardedTensor& t : tensors) {
      AccessSpan span;
      span.target = t.buffer.get();
      int64_t rest = id;
      for (size_t i = 0; i < extents.size(); ++i) {
        int64_t v = rest % extents[i];
        rest /= extents[i];
        span.ranges[launch->vars[i].get()] = {v, v};
      }
      span.visit(launch->body);
      if (span.unknown) {
        why = fmt::format("an access to '{}' has no provable bounds", t.buffer->name);
        return std::nullopt;
      }
      if (!span.any) {
        continue;
      }
      int64_t r0 = span.rows.lo / t.shard_h, r1 = span.rows.hi / t.shard_h;
      int64_t c0 = span.cols.lo / t.shard_w, c1 = span.cols.hi / t.shard_w;
      if (r0 != r1 || c0 != c1) {
        why = fmt::format("block {} touches more than one shard of '{}'", id, t.buffer->name);
        return std::nullopt;
      }
      int64_t k = r0 * t.grid_cols + c0;
      if (owner >= 0 && owner != k) {
        why = fmt::format("block {} touches shards of different cores", id);
        return std::nullopt;
      }
      owner = k;
    }
    if (owner < 0) {
      why = fmt::format("block {} touches no sharded tensor", id);
      return std::nullopt;
    }
    owned[owner].push_back(id);
  }
  return owned;
}

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
    std::vector<ShardedTensor> sharded;
    for (const Param& p : f.params) {
      TensorPlan* tensor = p.is_buffer() ? out.plan.find_tensor(p.buffer->name) : nullptr;
      if (!tensor || tensor->layout != TensorLayoutKind::kSharded) {
        continue;
      }
      if (tensor->memory != MemoryKind::kL1) {
        ctx.error(launch->loc) << "tensor '" << p.buffer->name
                               << "' is DRAM-sharded, which the generated host program does not "
                                  "allocate yet (use memory=\"L1\" or layout=\"interleaved\")";
        continue;
      }
      auto t = shard_geometry(p.buffer, *tensor, launch->loc, ctx);
      if (!t) {
        continue;
      }
      tensor->shard_spec = t->spec;
      sharded.push_back(*t);
    }
    if (ctx.failed()) {
      continue;
    }
    std::optional<std::vector<std::vector<int64_t>>> owned;
    int64_t row_width = extents[0];  // block ids per block-grid row
    int64_t stride_width = row_width;
    if (!sharded.empty()) {
      std::string why;
      owned = shard_owners(sharded, launch, extents, why);
      // Each core's blocks: a contiguous range, or rows of one common width `w` of the block
      // grid (the width of the first run of a non-contiguous set).
      int64_t w = row_width;
      for (size_t c = 0; owned && c < owned->size(); ++c) {
        const auto& ids = (*owned)[c];
        if (!ids.empty() && ids.back() - ids.front() + 1 != static_cast<int64_t>(ids.size())) {
          int64_t run = 1;
          while (run < static_cast<int64_t>(ids.size()) && ids[run] == ids[0] + run) {
            ++run;
          }
          w = std::min(w, run);
        }
      }
      auto follows = [&](const std::vector<int64_t>& ids) {
        for (size_t l = 0; l < ids.size(); ++l) {
          int64_t li = static_cast<int64_t>(l);
          if (ids[l] != ids[0] + li / w * row_width + li % w) {
            return false;
          }
        }
        return true;
      };
      for (size_t c = 0; owned && c < owned->size(); ++c) {
        if (!follows((*owned)[c])) {
          why = "the blocks of a shard do not form rectangles of one width in the block grid";
          owned.reset();
        }
      }
      if (owned) {
        mode = "local_shard";
        stride_width = w;
      } else {
        ctx.warning(launch->loc, "sharding-fallback")
            << "the blocks of this kernel are not local to the shards of '"
            << sharded[0].buffer->name << "' (" << why
            << "): the work is partitioned over all cores and the shards are read remotely "
               "through the sharded TensorAccessor";
      }
    }

    int64_t gx = ctx.device.grid_x;
    int64_t cores, cx, cy;
    WorkPartition partition;
    partition.block_grid = extents;
    if (mode == "local_shard") {
      const ShardedTensor& t = sharded[0];
      partition.mode = PartitionMode::kLocalShard;
      cores = static_cast<int64_t>(t.cores.size());
      partition.ranges = t.spec.cores;
      cx = 0;
      cy = 0;
      for (const auto& [x, y] : t.cores) {
        cx = std::max(cx, x + 1);
        cy = std::max(cy, y + 1);
      }
      for (int64_t c = 0; c < cores; ++c) {
        const auto& ids = (*owned)[c];
        partition.work.push_back({{t.cores[c].first, t.cores[c].second},
                                  ids.empty() ? int64_t{0} : ids.front(),
                                  static_cast<int64_t>(ids.size())});
      }
      if (stride_width != row_width) {
        partition.stride_width = stride_width;
        partition.stride_row = row_width;
      }
    } else {
      cores = std::min<int64_t>(ctx.device.num_cores(), blocks);
      cx = std::min(gx, cores);
      cy = (cores + gx - 1) / gx;
      partition.ranges = row_major_ranges(cores, gx);
      int64_t base = blocks / cores, rem = blocks % cores;
      for (int64_t c = 0; c < cores; ++c) {
        partition.work.push_back(
            {{c % gx, c / gx}, c * base + std::min(c, rem), base + (c < rem ? 1 : 0)});
      }
    }

    if (mode == "local_shard") {
      ctx.remark(launch->loc, "partition") << fmt::format(
          "partition local_shard: {} blocks on the {} cores of the shard grid of '{}', each "
          "core runs the blocks of its own shard",
          blocks, cores, sharded[0].buffer->name);
    } else {
      int64_t per = (blocks + cores - 1) / cores;
      ctx.remark(launch->loc, "partition") << fmt::format(
          "partition global: {} blocks on {} of the {} cores (grid {}x{}), {} to {} "
          "contiguous blocks each{}",
          blocks, cores, ctx.device.num_cores(), cx, cy, blocks / cores, per,
          sharded.empty() ? " (no L1-sharded tensor to follow)"
                          : " (the shards are not local to the blocks)");
    }
    partition.grid = {cx, cy};
    out.plan.partition = partition;
  }
  return out;
}

}  // namespace tltt::passes
