// B1/B2 properties over many grids and both devices: every block is assigned exactly once,
// counts differ by at most one, the core count is min(device cores, blocks), and the
// persistent loop recovers the block coordinates from the block id. With an L1-sharded input
// (local_shard), every core gets exactly the blocks whose data lies in the shard the host
// places on that core.
#include <gtest/gtest.h>

#include "ir/printer.h"
#include "kernels.h"
#include "passes/pass_manager.h"
#include "passes/tt_attrs.h"

namespace tltt::testing {
namespace {

ir::Module partition(const ir::Module& m, const std::string& device, int passes_to_run,
                     std::vector<std::string> layouts = {}) {
  DiagnosticEngine diag;
  passes::PassContext ctx;
  ctx.diag = &diag;
  ctx.device = *passes::DeviceModel::by_name(device);
  ctx.cli_layouts = std::move(layouts);
  ir::Module cur = m;
  for (int i = 0; i < passes_to_run; ++i) {
    cur = *passes::run_pass(passes::pass_registry()[i], cur, ctx);
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
        ir::Module m = partition(make_eltwise(e), device, 4);
        const ir::PrimFunc& f = m.functions[0];
        int64_t blocks = mt * nt;
        int64_t cores = f.attrs.get_int(passes::keys::kNumCores, -1);
        EXPECT_EQ(cores, std::min<int64_t>(blocks, device_cores));
        const ir::Attrs& wp = f.attrs.find(passes::keys::kWorkPartition)->as_dict();
        EXPECT_EQ(static_cast<int64_t>(wp.size()), cores);
        int64_t next = 0, lo = blocks, hi = 0;
        int gx = passes::DeviceModel::by_name(device)->grid_x;
        for (int64_t c = 0; c < cores; ++c) {
          std::string key = "(" + std::to_string(c % gx) + "," + std::to_string(c / gx) + ")";
          ASSERT_TRUE(wp.has(key)) << key;
          const ir::Attrs& item = wp.find(key)->as_list()[0].as_dict();
          EXPECT_EQ(item.get_int("start_id", -1), next) << device << " core " << c;
          int64_t count = item.get_int("count", 0);
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

// The k-th core (row-major) of a list of {start, extent} core ranges, as "(x,y)".
std::vector<std::string> range_cores(const ir::AttrList& ranges) {
  std::vector<std::string> out;
  for (const ir::AttrValue& r : ranges) {
    auto start = r.as_dict().find("start")->as_int_list();
    auto ext = r.as_dict().find("extent")->as_int_list();
    for (int64_t y = 0; y < ext[1]; ++y) {
      for (int64_t x = 0; x < ext[0]; ++x) {
        out.push_back("(" + std::to_string(start[0] + x) + "," + std::to_string(start[1] + y) +
                      ")");
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
      ir::Module m = partition(make_eltwise(e), device, 4, {spec});
      const ir::PrimFunc& f = m.functions[0];
      SCOPED_TRACE(std::string(device) + " " + spec + " on " + std::to_string(k.m) + "x" +
                   std::to_string(k.n));
      ASSERT_EQ(f.attrs.get_string(passes::keys::kPartitionMode, ""), "local_shard");
      const ir::Attrs& layout = f.attrs.find("tt.buffer.A")->as_dict();
      const ir::Attrs& shard = layout.find("shard_spec")->as_dict();
      auto cores = range_cores(shard.find("core_ranges")->as_list());
      ASSERT_EQ(static_cast<int64_t>(cores.size()), k.gr * k.gc);
      int64_t sh = k.m / k.gr, sw = k.n / k.gc, nbx = k.n / 64, blocks = nbx * (k.m / 32);
      const ir::Attrs* stride = f.attrs.find(passes::keys::kBlockStride)
                                    ? &f.attrs.find(passes::keys::kBlockStride)->as_dict()
                                    : nullptr;
      int64_t width = stride ? stride->get_int("width", 0) : 0,
              row = stride ? stride->get_int("row", 0) : 0;
      const ir::Attrs& wp = f.attrs.find(passes::keys::kWorkPartition)->as_dict();
      std::vector<int> seen(blocks, 0);
      for (const std::string& core : cores) {
        ASSERT_TRUE(wp.has(core)) << core;
        const ir::Attrs& item = wp.find(core)->as_list()[0].as_dict();
        int64_t start = item.get_int("start_id", -1), count = item.get_int("count", -1);
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
  ir::Module m = partition(make_eltwise(e), "wormhole_b0", 5);
  std::string text = ir::print(m.functions[0].body);
  EXPECT_NE(text.find("for block_id in persistent(start_id +: count) {\n"
                      "  let bx: int32 = block_id % 5\n"
                      "  let by: int32 = block_id // 5\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace tltt::testing
