// The calibrated cost model in isolation: device data files, compute pricing per thread,
// dimension-ordered routes, NoC link/endpoint contention and DRAM bank limits.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "device/device.h"
#include "sim/core/settings.h"
#include "sim/timing/cost_params.h"
#include "sim/timing/i_cost_model.h"
#include "sim/timing/noc_links.h"
#include "ttsim/error.hpp"

using namespace ttsim;

namespace {
// The calibrated model, as a run with the default TTSIM_COST_MODEL makes it.
const ICostModel& calibrated() {
  static const std::unique_ptr<ICostModel> m = make_cost_model("calibrated");
  return *m;
}
}  // namespace

TEST(CostParams, BothDevicesLoadWithTheirClocks) {
  EXPECT_EQ(cost_params(Arch::WormholeB0).clock_mhz, 1000);
  EXPECT_EQ(cost_params(Arch::Blackhole).clock_mhz, 1350);
  EXPECT_EQ(cost_params(Arch::WormholeB0).noc.link_bytes_per_cycle, 32);
  EXPECT_EQ(cost_params(Arch::Blackhole).noc.link_bytes_per_cycle, 64);
  EXPECT_EQ(cost_params(Arch::WormholeB0).dram.banks, arch_spec(Arch::WormholeB0).num_dram_banks());
  EXPECT_EQ(cost_params(Arch::Blackhole).dram.banks, arch_spec(Arch::Blackhole).num_dram_banks());
}

// A data directory (TTSIM_DATA_DIR, handed over by the run's Settings) replaces the built-in
// constants for the runs and models given it, and only for those.
TEST(CostParams, DataDirectoryReplacesTheBuiltInConstants) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("ttsim-cost-dir-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string text(arch_spec(Arch::WormholeB0).desc->json_text);
  const std::string from = "\"value\": 1000,";
  size_t at = text.find(from, text.find("\"clock_mhz\""));
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "\"value\": 1234,");
  std::ofstream(dir / "wormhole_b0.json") << text;
  EXPECT_EQ(cost_params(Arch::WormholeB0, dir.string()).clock_mhz, 1234);
  EXPECT_EQ(cost_params(Arch::WormholeB0).clock_mhz, 1000);
  // The file of a device the directory lacks is an error naming it.
  try {
    cost_params(Arch::Blackhole, dir.string());
    ADD_FAILURE() << "no error for a missing cost file";
  } catch (const tt::tt_metal::SimulatorError& e) {
    EXPECT_NE(std::string(e.what()).find("blackhole.json"), std::string::npos) << e.what();
  }
  ::setenv("TTSIM_DATA_DIR", dir.c_str(), 1);
  EXPECT_EQ(Settings::from_env().data_dir, dir.string());
  ::unsetenv("TTSIM_DATA_DIR");
  fs::remove_all(dir);
}

TEST(CostParams, PacketBandwidthFollowsTheMeasuredTable) {
  const CostParams& p = cost_params(Arch::WormholeB0);
  EXPECT_DOUBLE_EQ(p.packet_bandwidth(128), 5.5);
  EXPECT_DOUBLE_EQ(p.packet_bandwidth(2048), 30.0);
  EXPECT_DOUBLE_EQ(p.packet_bandwidth(8192), 30.0);
  double prev = 0;
  for (double s = 16; s <= 16384; s *= 2) {
    EXPECT_GE(p.packet_bandwidth(s), prev) << s;
    prev = p.packet_bandwidth(s);
  }
}

TEST(CostModel, MatmulCostsSixteenCyclesPerFidelityPhase) {
  const ICostModel& m = calibrated();
  const ArchSpec& wh = arch_spec(Arch::WormholeB0);
  ComputeOp op;
  op.kind = ComputeKind::Matmul;
  op.tiles = 8;
  op.in_tiles = 6;
  op.in_bytes = op.in_bfp_bytes = 2 * 1088;  // a BF8_B pair
  for (uint32_t ph = 1; ph <= 4; ++ph) {
    op.phases = ph;
    ComputeCost c = m.compute(wh, op);
    EXPECT_EQ(c.matrix_cycles, 8u * 16 * ph);
    EXPECT_GE(c.math, 8u * 16 * ph);
    // Per-phase pass overhead: a compute-bound matmul_block reaches the ~93% peak of the
    // measured GEMM table (metalium.md §4.5), not the ideal 16 cycles per phase.
    double efficiency = double(c.matrix_cycles) / double(c.math);
    EXPECT_GT(efficiency, 0.87) << ph;
    EXPECT_LT(efficiency, 0.96) << ph;
    if (ph >= 2) {
      EXPECT_NEAR(efficiency, 0.93, 0.02) << ph;
    }
    EXPECT_EQ(c.flops, 8u * 2 * 32 * 32 * 32);
  }
  // matmul_block amortises the call overhead: one 8-product call is cheaper than 8 calls.
  ComputeOp one = op;
  one.tiles = 1;
  one.in_tiles = 2;
  EXPECT_LT(m.compute(wh, op).math, 8 * m.compute(wh, one).math);
}

TEST(CostModel, UnpackerByteLimitMakesBf16HiFi2UnpackBound) {
  const ICostModel& m = calibrated();
  const ArchSpec& wh = arch_spec(Arch::WormholeB0);
  ComputeOp op;
  op.kind = ComputeKind::Matmul;
  op.tiles = 8;
  op.in_tiles = 6;
  op.in_bytes = 4096;  // a BF16 in0 + in1 tile pair
  op.phases = 2;
  ComputeCost bf16 = m.compute(wh, op);
  EXPECT_GT(bf16.unpack, bf16.math);
  op.in_bytes = op.in_bfp_bytes = 1152;  // BF4_B pair, LoFi
  op.phases = 1;
  ComputeCost bf4 = m.compute(wh, op);
  EXPECT_LE(bf4.unpack, bf4.math + 16);
}

// A matmul's operand unpack prices float and block-float tile bytes at their own rates (the
// hardware's BF16 products cost more cycles per operand byte than its BF8_B ones), on both
// devices; a mixed pair (BF16 in0, BF8_B in1) pays each tile at its own rate.
TEST(CostModel, MatmulUnpackPricesBlockFloatBytesAtTheirOwnRate) {
  const ICostModel& m = calibrated();
  for (Arch arch : {Arch::WormholeB0, Arch::Blackhole}) {
    const auto& c = cost_params(arch).compute;
    EXPECT_GT(c.matmul_unpack_bfp_bytes_per_cycle, c.matmul_unpack_bytes_per_cycle);
    ComputeOp op;
    op.kind = ComputeKind::Matmul;
    op.tiles = 64;
    op.in_tiles = 16;
    op.phases = 1;
    auto unpack = [&](uint32_t float_bytes, uint32_t bfp_bytes) {
      op.in_bytes = float_bytes + bfp_bytes;
      op.in_bfp_bytes = bfp_bytes;
      return m.compute(arch_spec(arch), op).unpack;
    };
    const double bf16 = 64.0 * 4096 / c.matmul_unpack_bytes_per_cycle;
    const double bf8 = 64.0 * 2176 / c.matmul_unpack_bfp_bytes_per_cycle;
    const double mixed = 64.0 * (2048 / c.matmul_unpack_bytes_per_cycle +
                                 1088 / c.matmul_unpack_bfp_bytes_per_cycle);
    EXPECT_NEAR(double(unpack(4096, 0)), bf16, 1.0);
    EXPECT_NEAR(double(unpack(0, 2176)), bf8, 1.0);
    EXPECT_NEAR(double(unpack(2048, 1088)), mixed, 1.0);
    // Per operand byte, a BF8_B pair unpacks faster than a BF16 pair.
    EXPECT_LT(double(unpack(0, 2176)) / 2176, double(unpack(4096, 0)) / 4096);
  }
}

TEST(CostModel, SfpuScalesWithInstructionsPerVectorPass) {
  const ICostModel& m = calibrated();
  ComputeOp op;
  op.kind = ComputeKind::Sfpu;
  op.sfpu_instr = 4;
  uint64_t c4 = m.compute(arch_spec(Arch::WormholeB0), op).math;
  op.sfpu_instr = 8;
  uint64_t c8 = m.compute(arch_spec(Arch::WormholeB0), op).math;
  EXPECT_EQ(c8 - c4, 4u * 32);  // 32 vector passes per tile
}

TEST(NocRoute, DimensionOrderedOnTheTorus) {
  std::vector<LinkId> links;
  // NoC0: east then south, wrapping.
  EXPECT_EQ(noc_route(10, 12, 0, {8, 1}, {1, 3}, &links), 3u + 2u);
  EXPECT_EQ(links.front().axis, 0);
  EXPECT_EQ(links.back().axis, 1);
  links.clear();
  // NoC1: north then west.
  EXPECT_EQ(noc_route(10, 12, 1, {1, 3}, {2, 1}, &links), 2u + 9u);
  EXPECT_EQ(links.front().axis, 1);
  EXPECT_EQ(noc_route(10, 12, 0, {3, 3}, {3, 3}, nullptr), 0u);
}

TEST(NocContention, SharedLinkQueuesTheLaterTransfer) {
  const ICostModel& m = calibrated();
  const ArchSpec& wh = arch_spec(Arch::WormholeB0);
  NocLinkState st(wh);
  NocTransfer a{{1, 1}, {4, 1}, 8192, false, false, 0, 1};
  NocTransfer b{{2, 1}, {3, 1}, 8192, false, false, 0, 1};  // shares link 2→3 with `a`
  NocTiming ta = m.transfer(wh, a, 0, st);
  NocTiming tb = m.transfer(wh, b, 0, st);
  NocLinkState fresh(wh);
  NocTiming alone = m.transfer(wh, b, 0, fresh);
  // b's data queues behind a's 8 KB on the shared link (8192 / 32 B per cycle + a header flit),
  // which ends up slower than b's own injection port would allow.
  EXPECT_EQ(tb.done - tb.depart, alone.done - alone.depart + (2 * (8192u / 32 + 1) - alone.depart));
  EXPECT_GE(tb.done - alone.done, 200u);
  // A disjoint route does not queue.
  NocLinkState st2(wh);
  m.transfer(wh, a, 0, st2);
  NocTransfer c{{1, 2}, {4, 2}, 8192, false, false, 0, 1};
  EXPECT_EQ(m.transfer(wh, c, 0, st2).done, ta.done);
  // Latency grows with hops.
  NocLinkState st3(wh);
  NocTransfer near{{1, 1}, {2, 1}, 64, false, false, 0, 1};
  NocTransfer far{{1, 1}, {9, 1}, 64, false, false, 0, 1};
  uint64_t near_done = m.transfer(wh, near, 0, st3).done;
  uint64_t far_done = m.transfer(wh, far, 1000, st3).done;
  EXPECT_EQ(far_done - 1000 - near_done, 7u * 9);  // 7 more hops at 9 cycles
}

TEST(NocContention, MulticastHoldsTheSenderPerDestination) {
  // Each multicast packet holds the sender's NIU noc.mcast_dest_cycles per destination, so a
  // second transfer from the same sender starts that much later for every extra receiver.
  const ICostModel& m = calibrated();
  const ArchSpec& wh = arch_spec(Arch::WormholeB0);
  const double per_dest = cost_params(Arch::WormholeB0).noc.mcast_dest_cycles;
  ASSERT_GT(per_dest, 0.0);
  auto second_depart = [&](uint32_t x_hi) {
    NocLinkState st(wh);
    NocTransfer mc{{1, 1}, {1, 1}, 2048, false, false, 0, 1};
    mc.mcast = mc.loopback = true;
    mc.mcast_lo = {1, 1};
    mc.mcast_hi = {x_hi, 1};
    m.transfer(wh, mc, 0, st);
    NocTransfer next{{1, 1}, {1, 2}, 64, false, false, 0, 1};
    return m.transfer(wh, next, 0, st).depart;
  };
  // Workers at x 1..4 in row 1: 2 vs 4 destinations (loopback includes the sender).
  EXPECT_EQ(second_depart(4) - second_depart(2),
            uint64_t(std::llround(4 * per_dest) - std::llround(2 * per_dest)));
}

TEST(NocContention, DramBankBandwidthLimitsOneBank) {
  const ICostModel& m = calibrated();
  const ArchSpec& wh = arch_spec(Arch::WormholeB0);
  NocLinkState st(wh);
  // 64 back-to-back 2 KB reads from bank 0 by two cores: bank-limited at ~23.2 B/cycle.
  uint64_t last = 0;
  for (int i = 0; i < 64; ++i) {
    NocTransfer r{wh.dram_bank_xy(0), {uint32_t(1 + i % 2), 1}, 2048, true, true, 0, 1};
    r.dram_bank = 0;
    last = std::max(last, m.transfer(wh, r, 0, st).done);
  }
  double bw = 64.0 * 2048 / last;
  EXPECT_GT(bw, 18.0);
  EXPECT_LT(bw, 23.3);
}

TEST(NocContention, DramEndpointFollowsTheNoc) {
  // TT-Metal's soc descriptors: Wormhole addresses each of its 12 banks (two views per channel)
  // at its own tile, the same on both NoCs (dram_preferred_worker_endpoint 0-11, 0-1, ..., 5-7);
  // Blackhole reaches a channel at a different tile per NoC (worker_endpoint {noc0, noc1}).
  const ArchSpec& wh = arch_spec(Arch::WormholeB0);
  const ArchSpec& bh = arch_spec(Arch::Blackhole);
  EXPECT_EQ(wh.dram_bank_xy(0, 0), (XY{0, 11}));
  EXPECT_EQ(wh.dram_bank_xy(1, 0), (XY{0, 1}));
  EXPECT_EQ(wh.dram_bank_xy(5, 1), (XY{5, 11}));
  EXPECT_EQ(wh.dram_bank_xy(11, 1), (XY{5, 7}));
  EXPECT_EQ(bh.dram_bank_xy(0, 0), (XY{0, 11}));
  EXPECT_EQ(bh.dram_bank_xy(0, 1), (XY{0, 1}));
  EXPECT_EQ(bh.dram_bank_xy(1, 0), (XY{0, 2}));
  EXPECT_EQ(bh.dram_bank_xy(1, 1), (XY{0, 10}));
}
