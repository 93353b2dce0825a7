// B1/B2 properties over many grids and both devices: every block is assigned exactly once,
// counts differ by at most one, the core count is min(device cores, blocks), and the
// persistent loop recovers the block coordinates from the block id. With an L1-sharded input
// (local_shard), every core gets exactly the blocks whose data lies in the shard the host
// places on that core.
#include <gtest/gtest.h>

#include <algorithm>

#include "ir/printer.h"
#include "kernels.h"
#include "passes/pass_manager.h"
#include "passes/pass_util.h"

namespace tltt::testing {
namespace {

// Runs the pipeline from its start through the pass `last` (an id such as "B1").
ir::Module partition(const ir::Module& m, const std::string& device, const std::string& last,
                     std::vector<std::string> layouts = {}) {
  DiagnosticEngine diag;
  passes::PassContext ctx;
  ctx.diag = &diag;
  ctx.device = *passes::DeviceModel::by_name(device);
  ctx.cli_layouts = std::move(layouts);
  ir::Module cur = m;
  for (const passes::PassInfo& p : passes::pass_registry()) {
    cur = *passes::run_pass(p, cur, ctx);
    if (p.id == last) {
      break;
    }
  }
  return cur;
}

TEST(WorkPartition, BalancedContiguousCoverOnBothDevices) {
  for (const char* device : {"wormhole_b0", "blackhole"}) {
    int device_cores = passes::DeviceModel::by_name(device)->num_cores();
    for (int64_t mt : {1, 2, 3, 7, 12}) {
      for (int64_t nt : {1, 5, 16}) {
        EltwiseConfig e;
        e.m = 32 * mt;
        e.n = 64 * nt;
        ir::Module m = partition(make_eltwise(e), device, "B1");
        ASSERT_TRUE(m.plan.partition);
        const std::vector<ir::CoreWork>& work = m.plan.partition->work;
        int64_t blocks = mt * nt;
        int64_t cores = static_cast<int64_t>(work.size());
        EXPECT_EQ(cores, std::min<int64_t>(blocks, device_cores));
        int64_t next = 0, lo = blocks, hi = 0;
        int gx = passes::DeviceModel::by_name(device)->grid_x;
        for (int64_t c = 0; c < cores; ++c) {
          EXPECT_EQ(work[c].core, (ir::CoreCoord{c % gx, c / gx})) << device << " core " << c;
          EXPECT_EQ(work[c].start_id, next) << device << " core " << c;
          int64_t count = work[c].count;
          next += count;
          lo = std::min(lo, count);
          hi = std::max(hi, count);
        }
        EXPECT_EQ(next, blocks);
        EXPECT_LE(hi - lo, 1);
      }
    }
  }
}

// The cores (row-major within each range) of a list of core ranges.
std::vector<ir::CoreCoord> range_cores(const std::vector<ir::CoreRange>& ranges) {
  std::vector<ir::CoreCoord> out;
  for (const ir::CoreRange& r : ranges) {
    for (int64_t y = 0; y < r.extent.y; ++y) {
      for (int64_t x = 0; x < r.extent.x; ++x) {
        out.push_back({r.start.x + x, r.start.y + y});
      }
    }
  }
  return out;
}

TEST(WorkPartition, LocalShardGivesEveryCoreTheBlocksOfItsOwnShard) {
  struct Case {
    int64_t m, n;    // tensor (blocks are 32 x 64)
    int64_t gr, gc;  // shard grid rows x columns
  };
  for (const char* device : {"wormhole_b0", "blackhole"}) {
    for (Case k : {Case{256, 128, 8, 1}, Case{128, 128, 2, 2}, Case{256, 512, 4, 2},
                   Case{64, 512, 1, 4}, Case{384, 256, 12, 1}, Case{256, 256, 2, 4}}) {
      EltwiseConfig e;
      e.m = k.m;
      e.n = k.n;
      std::string spec = "A=memory=L1,layout=sharded,axes=0x1,grid=" + std::to_string(k.gr) + "x" +
                         std::to_string(k.gc);
      ir::Module m = partition(make_eltwise(e), device, "B1", {spec});
      SCOPED_TRACE(std::string(device) + " " + spec + " on " + std::to_string(k.m) + "x" +
                   std::to_string(k.n));
      ASSERT_TRUE(m.plan.partition);
      const ir::WorkPartition& part = *m.plan.partition;
      ASSERT_EQ(part.mode, ir::PartitionMode::kLocalShard);
      const ir::TensorPlan* a = m.plan.find_tensor("A");
      ASSERT_TRUE(a && a->shard_spec);
      auto cores = range_cores(a->shard_spec->cores);
      ASSERT_EQ(static_cast<int64_t>(cores.size()), k.gr * k.gc);
      ASSERT_EQ(part.work.size(), cores.size());
      int64_t sh = k.m / k.gr, sw = k.n / k.gc, nbx = k.n / 64, blocks = nbx * (k.m / 32);
      int64_t width = part.stride_width, row = part.stride_row;
      std::vector<int> seen(blocks, 0);
      for (const ir::CoreWork& w : part.work) {
        const ir::CoreCoord& core = w.core;
        ASSERT_NE(std::find(cores.begin(), cores.end(), core), cores.end());
        int64_t start = w.start_id, count = w.count;
        for (int64_t l = 0; l < count; ++l) {
          int64_t id = width ? start + l / width * row + l % width : start + l;
          ASSERT_LT(id, blocks);
          ++seen[id];
          int64_t bx = id % nbx, by = id / nbx;
          int64_t shard_id = (by * 32 / sh) * k.gc + bx * 64 / sw;
          EXPECT_EQ(cores[shard_id], core) << "block " << id;
        }
      }
      for (int64_t id = 0; id < blocks; ++id) {
        EXPECT_EQ(seen[id], 1) << "block " << id;
      }
    }
  }
}

TEST(GridToPersistent, RecoversBlockCoordinatesFromTheBlockId) {
  EltwiseConfig e;
  e.m = 96;
  e.n = 320;  // grid 5 x 3
  ir::Module m = partition(make_eltwise(e), "wormhole_b0", "B2");
  std::string text = ir::print(m.functions[0].body);
  EXPECT_NE(text.find("for block_id in persistent(start_id +: count) {\n"
                      "  let bx: int32 = block_id % 5\n"
                      "  let by: int32 = block_id // 5\n"),
            std::string::npos)
      << text;
}

// B1's padding reads region extents written `h0:h1` (`-h0 + h1`, lets of block variables):
// bounds() negates an interval, so one head group (hb < 1) gives the single extent 16, and
// several give the range the extent could take.
TEST(Bounds, NegationOfALetGivesTheExtentOfARegion) {
  ir::Var hb = ir::Variable::make("hb", ir::DataType::int32());
  ir::Var h0 = ir::Variable::make("h0", ir::DataType::int32());
  ir::Var h1 = ir::Variable::make("h1", ir::DataType::int32());
  ir::Expr extent = passes::add(ir::Unary::make(ir::UnaryOp::kNeg, h0), h1);
  passes::VarRanges one{{hb.get(), {0, 0}}};
  one[h0.get()] = *passes::bounds(passes::mul(hb, passes::cint(16)), one);
  one[h1.get()] = *passes::bounds(passes::add(h0, passes::cint(16)), one);
  auto e = passes::bounds(extent, one);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->lo, 16);
  EXPECT_EQ(e->hi, 16);
  passes::VarRanges three{{hb.get(), {0, 2}}};
  three[h0.get()] = *passes::bounds(passes::mul(hb, passes::cint(16)), three);
  three[h1.get()] = *passes::bounds(passes::add(h0, passes::cint(16)), three);
  e = passes::bounds(extent, three);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->lo, -16);
  EXPECT_EQ(e->hi, 48);
}

}  // namespace
}  // namespace tltt::testing
