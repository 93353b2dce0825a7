// B1's partition helpers (see work_partition.cc): the balanced global partition, host shard
// specs of sharded tensors and, when every block stays inside one shard, which core owns which
// blocks.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ir/visitor.h"
#include "passes/pass.h"
#include "passes/pass_util.h"

namespace tltt::passes::partition {

// Tracks the value range of loop variables and lets on the way down (for bounds()).
class RangeTracker : public ir::Visitor {
 public:
  using Visitor::visit;
  VarRanges ranges;

  void visit(const ir::For* op) override {
    auto mn = const_value(op->min), ext = const_value(op->extent);
    if (mn && ext && *ext > 0) {
      ranges[op->var.get()] = {*mn, *mn + *ext - 1};
    }
    Visitor::visit(op);
  }
  void visit(const ir::LetStmt* op) override {
    if (auto b = bounds(op->value, ranges)) {
      ranges[op->var.get()] = *b;
    }
    Visitor::visit(op);
  }
};

struct ShardedTensor {
  ir::Buffer buffer;
  int64_t shard_h = 0, shard_w = 0, grid_rows = 0, grid_cols = 0;
  // The declared halo (rows, columns): how far a block may read into the adjacent shards and
  // still be computed by the core holding its own shard.
  int64_t halo_h = 0, halo_w = 0;
  std::vector<std::pair<int64_t, int64_t>> cores;  // of shard k (row-major shard order)
  ir::HostShardSpec spec;
};

// `n` cores numbered row-major over a grid `gx` wide: full rows, then the partial row.
std::vector<ir::CoreRange> row_major_ranges(int64_t n, int64_t gx);

// The global partition of a T.Kernel grid: the first min(cores, blocks) cores of the `device`
// grid in row-major order, each a contiguous range of block ids, the ranges balanced (sizes
// differ by at most one). The runtime-size check compares B1's choice with it. `blocks` > 0
// partitions only the first `blocks` block ids (a device of a mesh split by block offsets).
ir::WorkPartition global_partition(const std::vector<int64_t>& block_grid, ir::CoreCoord device,
                                   int64_t blocks = 0);

// The multicast tiling of a 2-D block grid (B0's kMulticastTiling): a core rectangle whose sides
// divide the block grid's (gemm_cost::tiling_side), laid out as the block grid; core (x, y)
// runs the block at (x, y) of every tile of the block grid, tiles in row-major order.
ir::WorkPartition multicast_tiling(const std::vector<int64_t>& block_grid, ir::CoreCoord device);

// The host shard spec of L1-sharded `tensor` (b's plan entry); reports unsupported shapes at
// `loc`. `col_major`: shards placed on the cores column by column (ShardOrientation::COL_MAJOR;
// L1 shards only, DRAM shards sit one per bank in bank order).
std::optional<ShardedTensor> shard_geometry(const ir::Buffer& b, const ir::TensorPlan& tensor,
                                            const Location& loc, PassContext& ctx,
                                            bool col_major = false);

// The rows and columns of 2-D tensor `b` that block `id` (row-major) accesses; nullopt when it
// accesses none or, with `unknown` set, when an access has no provable bounds.
std::optional<std::pair<Interval, Interval>> block_span(const ir::Buffer& b,
                                                        const ir::KernelLaunch* launch,
                                                        const std::vector<int64_t>& extents,
                                                        int64_t id, bool& unknown);

// Per core (in shard order) the block ids it owns, when every block is local to one core: its
// accesses to each tensor lie in that core's shard, widened by the tensor's halo. A block's
// owner is the shard holding the accesses to the tensors without a halo, or else the shard
// closest to the middle of its accesses. Otherwise `why` says which block is not local (for a
// block reaching past a halo: how far it reads, the halo it would need).
std::optional<std::vector<std::vector<int64_t>>> shard_owners(
    const std::vector<ShardedTensor>& tensors, const ir::KernelLaunch* launch,
    const std::vector<int64_t>& extents, std::string& why);

}  // namespace tltt::passes::partition
