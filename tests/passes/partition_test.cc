// B1/B2 properties over many grids and both devices: every block is assigned exactly once,
// counts differ by at most one, the core count is min(device cores, blocks), and the
// persistent loop recovers the block coordinates from the block id.
#include <gtest/gtest.h>

#include "ir/printer.h"
#include "kernels.h"
#include "passes/pass_manager.h"
#include "passes/tt_attrs.h"

namespace tltt::testing {
namespace {

ir::Module partition(const ir::Module& m, const std::string& device, int passes_to_run) {
  DiagnosticEngine diag;
  passes::PassContext ctx;
  ctx.diag = &diag;
  ctx.device = *passes::DeviceModel::by_name(device);
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

TEST(GridToPersistent, RecoversBlockCoordinatesFromTheBlockId) {
  EltwiseConfig e;
  e.m = 96;
  e.n = 320;  // grid 5 x 3
  ir::Module m = partition(make_eltwise(e), "wormhole_b0", 5);
  std::string text = ir::print(m.functions[0].body);
  EXPECT_NE(text.find("for block_id in persistent(start_id, count) {\n"
                      "  let bx: int32 = block_id % 5\n"
                      "  let by: int32 = block_id // 5\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace tltt::testing
