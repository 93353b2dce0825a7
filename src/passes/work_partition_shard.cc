// B1: the balanced global partition, host shard specs of sharded tensors and the cores that own
// each block (see work_partition_shard.h).
#include "passes/work_partition_shard.h"

#include <fmt/format.h>

#include <algorithm>

#include "ir/printer.h"
#include "passes/gemm_cost.h"
#include "passes/tt_attrs.h"

namespace tltt::passes::partition {

using namespace ir;

namespace {

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

CoreRange core_range(int64_t x, int64_t y, int64_t w, int64_t h) { return {{x, y}, {w, h}}; }

// The largest shard count <= `limit` that splits `extent` elements into whole tiles (0: none).
// `span` clipped to the elements [0, extent) of a tensor dimension.
Interval clamp(Interval span, int64_t extent) {
  return {std::clamp<int64_t>(span.lo, 0, extent - 1), std::clamp<int64_t>(span.hi, 0, extent - 1)};
}

int64_t fitting_grid(int64_t extent, int64_t limit) {
  for (int64_t g = std::min(limit, extent / 32); g >= 1; --g) {
    if (extent % g == 0 && (extent / g) % 32 == 0) {
      return g;
    }
  }
  return 0;
}

}  // namespace

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

WorkPartition global_partition(const std::vector<int64_t>& block_grid, CoreCoord device,
                               int64_t blocks) {
  WorkPartition p;
  p.block_grid = block_grid;
  if (blocks <= 0) {
    blocks = 1;
    for (int64_t e : block_grid) {
      blocks *= e;
    }
  }
  const int64_t gx = device.x, cores = std::min(device.x * device.y, blocks);
  p.grid = {std::min(gx, cores), (cores + gx - 1) / gx};
  p.ranges = row_major_ranges(cores, gx);
  const int64_t base = blocks / cores, rem = blocks % cores;
  for (int64_t c = 0; c < cores; ++c) {
    p.work.push_back({{c % gx, c / gx}, c * base + std::min(c, rem), base + (c < rem ? 1 : 0)});
  }
  return p;
}

WorkPartition multicast_tiling(const std::vector<int64_t>& block_grid, CoreCoord device) {
  WorkPartition p;
  p.block_grid = block_grid;
  const int64_t w = block_grid.at(0), h = block_grid.at(1);
  const int64_t tw = gemm_cost::tiling_side(w, device.x), th = gemm_cost::tiling_side(h, device.y);
  p.grid = {tw, th};
  p.ranges = {core_range(0, 0, tw, th)};
  for (int64_t y = 0; y < th; ++y) {
    for (int64_t x = 0; x < tw; ++x) {
      p.work.push_back({{x, y}, y * w + x, (w / tw) * (h / th)});
    }
  }
  p.stride_width = w / tw;
  p.stride_row = th * w;
  p.stride_col = tw;
  return p;
}

// The host shard spec of an L1- or DRAM-sharded tensor; reports unsupported shapes at `loc`.
std::optional<ShardedTensor> shard_geometry(const Buffer& b, const TensorPlan& tensor,
                                            const Location& loc, PassContext& ctx, bool col_major) {
  const std::optional<NdShard>& nd = tensor.nd_shard;
  if (!nd || b.rank() != 2) {
    ctx.error(loc) << "sharded tensor '" << b->name << "' has rank " << b.rank()
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
    if (i < nd->halo.size()) {
      (axes[i] == 0 ? t.halo_h : t.halo_w) = nd->halo[i];
    }
  }
  t.grid_rows = rows / t.shard_h;
  t.grid_cols = cols / t.shard_w;
  int64_t n = t.grid_rows * t.grid_cols;
  std::string mem_layout;
  std::vector<CoreRange> ranges;
  if (tensor.memory == MemoryKind::kDram) {
    // DRAM shards live one per bank; the shard grid names banks 0..n-1 in one row, as
    // TT-Metalium's DRAM shard specs do, so only one axis can be split.
    int64_t banks = ctx.device.dram_banks;
    int64_t axis = t.grid_cols > 1 ? 1 : 0;
    int64_t extent = axis == 1 ? cols : rows;
    if ((t.grid_rows > 1 && t.grid_cols > 1) || n > banks) {
      auto err = ctx.error(loc);
      if (n > banks) {
        err << fmt::format(
            "DRAM-sharded tensor '{}' has {} shards, more than the {} DRAM banks of {}", b->name, n,
            banks, ctx.device.name);
      } else {
        err << fmt::format(
            "DRAM-sharded tensor '{}' is split along both axes ({} x {} shards); DRAM shards sit "
            "one per bank in a single row of {} banks, so only one axis can be split",
            b->name, t.grid_rows, t.grid_cols, banks);
      }
      if (int64_t g = fitting_grid(extent, banks); g > 0) {
        err.note(loc, fmt::format("try nd_shard={{\"axes\": [{}], \"grid\": [{}]}} for '{}'", axis,
                                  g, b->name));
      }
      return std::nullopt;
    }
    mem_layout = axis == 1 ? "WIDTH_SHARDED" : "HEIGHT_SHARDED";
    for (int64_t k = 0; k < n; ++k) {
      t.cores.push_back({k, 0});
    }
    ranges.push_back(core_range(0, 0, n, 1));
  } else if (t.grid_rows > 1 && t.grid_cols > 1) {
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
    if (col_major) {
      // COL_MAJOR: the core rectangle is grid-rows wide; shard (r, c) on core (r, c).
      if (t.grid_rows > ctx.device.grid_x || t.grid_cols > ctx.device.grid_y) {
        ctx.error(loc) << fmt::format(
            "block-sharded tensor '{}' in col_major order needs a {} x {} core grid (columns x "
            "rows), larger than the {} x {} worker grid of {}",
            b->name, t.grid_rows, t.grid_cols, ctx.device.grid_x, ctx.device.grid_y,
            ctx.device.name);
        return std::nullopt;
      }
      t.cores.clear();
      for (int64_t k = 0; k < n; ++k) {
        t.cores.push_back({k / t.grid_cols, k % t.grid_cols});
      }
      ranges = {core_range(0, 0, t.grid_rows, t.grid_cols)};
    }
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
    const int64_t gx = ctx.device.grid_x, gy = ctx.device.grid_y;
    for (int64_t k = 0; k < n; ++k) {
      t.cores.push_back(col_major ? std::pair(k / gy, k % gy) : std::pair(k % gx, k / gx));
    }
    ranges = row_major_ranges(n, gx);
    if (col_major) {  // full columns, then the partial column
      ranges.clear();
      if (n / gy > 0) {
        ranges.push_back(core_range(0, 0, n / gy, std::min(gy, n)));
      }
      if (n % gy) {
        ranges.push_back(core_range(n / gy, 0, 1, n % gy));
      }
    }
  }
  t.spec = {mem_layout,
            {t.shard_h, t.shard_w},
            {rows / kTile, cols / kTile},
            ranges,
            col_major && tensor.memory == MemoryKind::kL1};
  return t;
}

std::optional<std::pair<Interval, Interval>> block_span(const Buffer& b, const KernelLaunch* launch,
                                                        const std::vector<int64_t>& extents,
                                                        int64_t id, bool& unknown) {
  AccessSpan span;
  span.target = b.get();
  for (size_t i = 0; i < extents.size(); ++i) {
    span.ranges[launch->vars[i].get()] = {id % extents[i], id % extents[i]};
    id /= extents[i];
  }
  span.visit(launch->body);
  unknown = span.unknown;
  return span.any && !unknown ? std::optional(std::pair(span.rows, span.cols)) : std::nullopt;
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
    // The rows and columns of each tensor this block accesses.
    std::vector<std::optional<std::pair<Interval, Interval>>> spans;
    for (const ShardedTensor& t : tensors) {
      bool unknown = false;
      spans.push_back(block_span(t.buffer, launch, extents, id, unknown));
      if (unknown) {
        why = fmt::format("an access to '{}' has no provable bounds", t.buffer->name);
        return std::nullopt;
      }
    }
    // The owner: the shard of a tensor without a halo (all must agree), else the shard holding
    // the middle of the first halo tensor's accesses.
    int64_t owner = -1;
    for (size_t n = 0; n < tensors.size(); ++n) {
      const ShardedTensor& t = tensors[n];
      if (!spans[n] || t.halo_h > 0 || t.halo_w > 0) {
        continue;
      }
      const auto& [rows, cols] = *spans[n];
      int64_t r0 = rows.lo / t.shard_h, r1 = rows.hi / t.shard_h;
      int64_t c0 = cols.lo / t.shard_w, c1 = cols.hi / t.shard_w;
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
    for (size_t n = 0; n < tensors.size() && owner < 0; ++n) {
      if (spans[n]) {
        const auto& [rows, cols] = *spans[n];
        const ShardedTensor& t = tensors[n];
        owner =
            (rows.lo + rows.hi) / 2 / t.shard_h * t.grid_cols + (cols.lo + cols.hi) / 2 / t.shard_w;
      }
    }
    if (owner < 0) {
      why = fmt::format("block {} touches no sharded tensor", id);
      return std::nullopt;
    }
    // Every halo tensor's accesses must lie in the owner's shard widened by the halo.
    for (size_t n = 0; n < tensors.size(); ++n) {
      const ShardedTensor& t = tensors[n];
      if (!spans[n] || (t.halo_h == 0 && t.halo_w == 0)) {
        continue;
      }
      // Reads outside the tensor (shifted windows at its edge) read zeros, from no shard.
      const Interval rows = clamp((*spans[n]).first, t.shard_h * t.grid_rows);
      const Interval cols = clamp((*spans[n]).second, t.shard_w * t.grid_cols);
      int64_t r = owner / t.grid_cols, c = owner % t.grid_cols;
      int64_t need_h =
          std::max({int64_t{0}, r * t.shard_h - rows.lo, rows.hi + 1 - (r + 1) * t.shard_h});
      int64_t need_w =
          std::max({int64_t{0}, c * t.shard_w - cols.lo, cols.hi + 1 - (c + 1) * t.shard_w});
      if (need_h > t.halo_h || need_w > t.halo_w) {
        why = fmt::format(
            "block {} reads rows {}..{} and columns {}..{} of '{}', which need a halo of {} x {} "
            "around its shard (rows x columns); the declared halo is {} x {}",
            id, rows.lo, rows.hi, cols.lo, cols.hi, t.buffer->name, need_h, need_w, t.halo_h,
            t.halo_w);
        return std::nullopt;
      }
    }
    owned[owner].push_back(id);
  }
  return owned;
}

}  // namespace tltt::passes::partition
