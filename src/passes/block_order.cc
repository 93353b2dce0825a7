// B1's block orders and their NoC cost (see block_order.h).
#include "passes/block_order.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "device/device.h"
#include "passes/work_partition_shard.h"

namespace tltt::passes::partition {

using namespace ir;

int64_t block_linear_side(const std::vector<int64_t>& grid) {
  if (grid.size() < 2) {
    return 0;
  }
  int64_t side = 1;
  while (grid[0] % (side * 2) == 0 && grid[1] % (side * 2) == 0) {
    side *= 2;
  }
  return side > 1 ? side : 0;
}

int64_t block_at(const std::vector<int64_t>& grid, BlockOrder order, int64_t side, int64_t t) {
  if (grid.size() < 2 || order == BlockOrder::kRowMajor) {
    return t;
  }
  const int64_t gx = grid[0], gy = grid[1], plane = gx * gy;
  const int64_t outer = t / plane, u = t % plane;
  int64_t bx = 0, by = 0;
  if (order == BlockOrder::kColMajor) {
    bx = u / gy;
    by = u % gy;
  } else {
    // Tiles of side x side blocks, row-major over the grid; Z-order inside: the even bits of the
    // position within the tile are bx's, the odd bits by's.
    const int64_t tile = u / (side * side), z = u % (side * side);
    bx = tile % (gx / side) * side;
    by = tile / (gx / side) * side;
    for (int64_t bit = 0; (int64_t{1} << bit) < side; ++bit) {
      bx += ((z >> (2 * bit)) & 1) << bit;
      by += ((z >> (2 * bit + 1)) & 1) << bit;
    }
  }
  return outer * plane + by * gx + bx;
}

std::vector<int64_t> core_blocks(const WorkPartition& p, const CoreWork& w) {
  std::vector<int64_t> ids;
  for (int64_t l = 0; l < w.count; ++l) {
    if (p.stride_width > 0) {
      ids.push_back(w.start_id + l / p.stride_width * p.stride_row +
                    l % p.stride_width * std::max<int64_t>(p.stride_col, 1));
    } else {
      ids.push_back(block_at(p.block_grid, p.order, p.order_side, w.start_id + l));
    }
  }
  return ids;
}

std::pair<int64_t, int64_t> worker_noc(const DeviceModel& d, int64_t x, int64_t y) {
  return {d.desc->worker_x.at(x), d.desc->worker_y.at(y)};
}

std::pair<int64_t, int64_t> bank_noc(const DeviceModel& d, int64_t bank) {
  const device::Description& desc = *d.desc;
  const auto& channel = desc.dram_channel_endpoints.at(bank / desc.dram_views);
  const device::Coord c = channel.at(desc.dram_bank_endpoint.at(bank) % channel.size());
  return {c.x, c.y};
}

int64_t noc_cost(const WorkPartition& p, const std::vector<LocatedTensor>& tensors,
                 const KernelLaunch* launch, const DeviceModel& device) {
  const int64_t nx = device.desc->noc_x, ny = device.desc->noc_y;
  auto ring = [](int64_t d, int64_t n) {
    d = std::abs(d);
    return std::min(d, n - d);
  };
  int64_t cost = 0;
  for (const CoreWork& w : p.work) {
    const auto [cx, cy] = worker_noc(device, w.core.x, w.core.y);
    for (int64_t id : core_blocks(p, w)) {
      for (const LocatedTensor& t : tensors) {
        bool unknown = false;
        auto span = block_span(t.buffer, launch, p.block_grid, id, unknown);
        if (unknown) {
          return -1;
        }
        if (!span) {
          continue;
        }
        const auto& [rows, cols] = *span;
        // Every shard the span overlaps, weighted by the elements it takes from it.
        for (int64_t r = rows.lo / t.shard_h; r <= rows.hi / t.shard_h; ++r) {
          for (int64_t c = cols.lo / t.shard_w; c <= cols.hi / t.shard_w; ++c) {
            const int64_t h =
                std::min(rows.hi + 1, (r + 1) * t.shard_h) - std::max(rows.lo, r * t.shard_h);
            const int64_t wd =
                std::min(cols.hi + 1, (c + 1) * t.shard_w) - std::max(cols.lo, c * t.shard_w);
            const size_t k = static_cast<size_t>(r * t.grid_cols + c);
            if (k >= t.place.size()) {
              continue;
            }
            const auto [sx, sy] = t.place[k];
            cost += h * wd * t.buffer->dtype.bytes() * (ring(sx - cx, nx) + ring(sy - cy, ny));
          }
        }
      }
    }
  }
  return cost;
}

WorkPartition ordered_partition(const std::vector<int64_t>& grid, const DeviceModel& device,
                                std::optional<BlockOrder> requested,
                                const std::vector<LocatedTensor>& located,
                                const KernelLaunch* launch, std::string& why) {
  WorkPartition p = global_partition(grid, {device.grid_x, device.grid_y});
  auto with = [&](BlockOrder o) {
    WorkPartition q = p;
    q.order = o;
    q.order_side = o == BlockOrder::kBlockLinear ? block_linear_side(grid) : 0;
    return q;
  };
  auto name = [&](const WorkPartition& q) {
    return q.order_side
               ? fmt::format("{} ({}x{} tiles)", to_string(q.order), q.order_side, q.order_side)
               : std::string(to_string(q.order));
  };
  if (requested) {
    WorkPartition q = with(*requested);
    why = fmt::format("order {}, as the layout annotation asks", name(q));
    return q;
  }
  if (grid.size() < 2 || grid[0] * grid[1] <= 1) {
    why = "order row_major: the block grid has one dimension, every order is the same";
    return p;
  }
  if (grid.size() == 2 && grid[0] <= device.grid_x && grid[1] <= device.grid_y) {
    why =
        "order row_major: one block per core, the cores laid out as the block grid (the layout "
        "operand multicast shares rows and columns of)";
    return p;
  }
  if (located.empty()) {
    why =
        "order row_major: no tensor has pages at fixed places on the NoC (interleaved pages are "
        "spread over every bank), so every order costs the same";
    return p;
  }
  std::vector<BlockOrder> candidates = {BlockOrder::kRowMajor, BlockOrder::kColMajor};
  if (block_linear_side(grid) > 0) {
    candidates.push_back(BlockOrder::kBlockLinear);
  }
  WorkPartition best = p;
  int64_t best_cost = -1;
  std::string costs;
  for (BlockOrder o : candidates) {
    WorkPartition q = with(o);
    const int64_t c = noc_cost(q, located, launch, device);
    if (c < 0) {
      why = "order row_major: an access to a sharded tensor has no provable bounds";
      return p;
    }
    costs += fmt::format("{}{} {}", costs.empty() ? "" : ", ", name(q), c);
    if (best_cost < 0 || c < best_cost) {
      best = q;
      best_cost = c;
    }
  }
  why = fmt::format(
      "order {}: the least NoC traffic to the shards its blocks access (bytes x hops from the "
      "device description: {})",
      name(best), costs);
  return best;
}

}  // namespace tltt::passes::partition
