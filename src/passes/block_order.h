// B1's block orders (docs/layouts.md "Block order"): which T.Kernel block each position of a
// row-major, column-major or block-linear (Z-order) traversal is, the blocks each core of a
// partition runs, and the NoC cost B1 ranks the orders by when the annotation gives none.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ir/device_plan.h"
#include "ir/ir.h"
#include "passes/device_model.h"

namespace tltt::passes::partition {

// The side of the block-linear tiles of a grid (its first two extents): the largest power of two
// dividing both; 0 when that is 1 or the grid has fewer than two dimensions (no such order).
int64_t block_linear_side(const std::vector<int64_t>& grid);

// The row-major block id (bx fastest) at position `t` of the traversal in `order`.
int64_t block_at(const std::vector<int64_t>& grid, ir::BlockOrder order, int64_t side, int64_t t);

// The row-major ids of the blocks core `w` of partition `p` runs, in the order it runs them.
std::vector<int64_t> core_blocks(const ir::WorkPartition& p, const ir::CoreWork& w);

// A tensor whose pages sit at known places on the NoC: the shards of an L1- or DRAM-sharded
// tensor (an interleaved tensor's pages are spread over every bank, the same for every order).
struct LocatedTensor {
  ir::Buffer buffer;
  int64_t shard_h = 0, shard_w = 0, grid_cols = 0;
  std::vector<std::pair<int64_t, int64_t>> place;  // NoC (physical) coordinates of shard k
};

// The NoC position of a logical worker core and of DRAM bank `bank`, from the device description.
std::pair<int64_t, int64_t> worker_noc(const DeviceModel& d, int64_t x, int64_t y);
std::pair<int64_t, int64_t> bank_noc(const DeviceModel& d, int64_t bank);

// Bytes x NoC hops (shortest way round the torus) of every block's accesses to `tensors`, each
// block on the core `p` gives it: the cost B1 ranks orders by. -1 when an access has no provable
// bounds.
int64_t noc_cost(const ir::WorkPartition& p, const std::vector<LocatedTensor>& tensors,
                 const ir::KernelLaunch* launch, const DeviceModel& device);

}  // namespace tltt::passes::partition

namespace tltt::passes::partition {

// The balanced global partition (global_partition) taken from the traversal in `requested`, or,
// when none is asked for, in the order of least noc_cost over `located` (row-major on a tie: it
// is the order every other part of the pipeline assumes first). `why` gets the remark's text.
ir::WorkPartition ordered_partition(const std::vector<int64_t>& grid, const DeviceModel& device,
                                    std::optional<ir::BlockOrder> requested,
                                    const std::vector<LocatedTensor>& located,
                                    const ir::KernelLaunch* launch, std::string& why);

}  // namespace tltt::passes::partition
