// B0's GEMM cost model (passes/gemm_cost.h) on its own: the terms of one estimate, L1 pruning,
// and the ranking that replaces small user blocks by per-core blocks that use the grid.
#include "passes/gemm_cost.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "device/device.h"

namespace tltt::testing {
namespace {

using passes::gemm_cost::Machine;
using passes::gemm_cost::Problem;

Machine wormhole() {
  const device::Description* d = device::find("wormhole_b0");
  return Machine::from(*d, d->num_workers(), d->l1_cb_budget(), 4);
}

Problem gemm(int64_t size, int64_t bm, int64_t bn, int64_t bk) {
  Problem p;
  p.m = p.n = p.k = size;
  p.block_m = bm;
  p.block_n = bn;
  p.block_k = bk;
  return p;
}

TEST(GemmCost, MachineComesFromTheDeviceDescription) {
  Machine m = wormhole();
  EXPECT_EQ(m.cores, 64);
  EXPECT_DOUBLE_EQ(m.matmul_tile_cycles, 4 * (16 + 1.2) + 2);  // HiFi4
  EXPECT_NEAR(m.dram_bytes_per_cycle, 12 * 23.2, 1e-9);
}

TEST(GemmCost, DramTermCountsEveryReReadPanel) {
  Machine m = wormhole();
  auto c = passes::gemm_cost::estimate(gemm(2048, 256, 256, 64), m, 256, 256, 64);
  // A is read once per block column, B once per block row, C written once (bf16).
  double bytes = 2.0 * (2048.0 * 2048 * 8 * 2) + 2.0 * 2048 * 2048;
  EXPECT_NEAR(c.dram, bytes / m.dram_bytes_per_cycle, 1e-6);
  EXPECT_EQ(c.blocks, 64);
  EXPECT_EQ(c.rounds, 1);
  // The first K step's reads come before any compute, and every core's last block is written
  // after it (all 64 blocks at the banks' peak) but for what the last K step's compute hides
  // (one-row sub-blocks written row by row): both add to the slowest core's time.
  EXPECT_DOUBLE_EQ(c.fill, c.core_read / 32);
  const double writes = 64.0 * 64 * 2048 / m.dram_bytes_per_cycle;
  EXPECT_NEAR(c.drain, writes - c.compute / 32, 1e-6);
  auto one_step = passes::gemm_cost::estimate(gemm(2048, 256, 256, 2048), m, 256, 256, 2048);
  EXPECT_NEAR(one_step.drain, writes / 8, 1e-6);  // the last tile row's writes stay
  EXPECT_DOUBLE_EQ(
      c.cycles, std::max({c.compute + c.fill + c.drain, c.core_read + c.fill + c.drain, c.dram}));
}

TEST(GemmCost, MulticastReadsEachOperandOnceWhenTheBlockGridFitsTheCores) {
  Machine m = wormhole();
  m.multicast = true;
  auto c = passes::gemm_cost::estimate(gemm(2048, 256, 256, 64), m, 256, 256, 64);
  EXPECT_TRUE(c.multicast);
  double bytes = 2.0 * (2048.0 * 2048 * 2) + 2.0 * 2048 * 2048;
  EXPECT_NEAR(c.dram, bytes / m.dram_bytes_per_cycle, 1e-6);
  EXPECT_EQ(c.bound(), "compute");
  // A 16x16 block grid does not fit the 8x8 cores one block per core: the cores tile it, 4
  // blocks each, and A and B are read once per tile column (row), twice each.
  auto small = passes::gemm_cost::estimate(gemm(2048, 128, 128, 64), m, 128, 128, 64);
  EXPECT_TRUE(small.multicast);
  EXPECT_EQ(std::make_tuple(small.tile_w, small.tile_h, small.cores, small.rounds),
            std::make_tuple(int64_t{8}, int64_t{8}, int64_t{64}, int64_t{4}));
  EXPECT_NEAR(small.dram,
              (2.0 * (2048.0 * 2048 * 2 * 2) + 2.0 * 2048 * 2048) / m.dram_bytes_per_cycle, 1e-6);
  // With DRAM no longer binding and partials spilled and reloaded every K step, the longest K
  // step that fits L1 wins (fewer spills, more of the output writes hidden by the last step).
  auto best = passes::gemm_cost::rank(gemm(2048, 128, 128, 32), m).front();
  EXPECT_EQ(std::make_tuple(best.bm, best.bn, best.bk), std::make_tuple(256, 256, 256));
}

TEST(GemmCost, L1AccumulationPrefersShortKStepsUntilThePackerBinds) {
  Machine m = wormhole();
  m.multicast = true;
  m.l1_acc = true;
  // The packer adds 64 fp32 partial tiles to L1 per K step alongside the math: at one K tile
  // per step it is slower than the math; longer steps delay the start (the first step's reads).
  auto k32 = passes::gemm_cost::estimate(gemm(2048, 256, 256, 32), m, 256, 256, 32);
  auto k64 = passes::gemm_cost::estimate(gemm(2048, 256, 256, 64), m, 256, 256, 64);
  double math = 64.0 * 64 * m.matmul_tile_cycles;
  double pack32 = 63.0 * 64 * (m.pack_tile_overhead + 4096 / m.pack_bytes_per_cycle) +
                  64.0 * 2048 / m.pack_bytes_per_cycle;
  EXPECT_GT(pack32, math);
  EXPECT_DOUBLE_EQ(k32.compute, pack32);
  EXPECT_DOUBLE_EQ(k64.compute, math + 64.0 * 4096 / m.unpack_bytes_per_cycle);
  // Without D9 one RISC moves A and B in turn: two blocks per core on the multicast tiling
  // (half the final drain of one 256x256 block per core, for one more block fill) win, with the
  // longer step that hides more of the last block's writes. (The simulator measures this 128
  // step 4% slower than a 64 one: the model's per-step chain is short of its operand waits.)
  auto best = passes::gemm_cost::rank(gemm(2048, 128, 128, 32), m).front();
  EXPECT_EQ(std::make_tuple(best.bm, best.bn, best.bk), std::make_tuple(128, 256, 128));
  EXPECT_EQ(best.tile_w, 8);
  // With D9 one block per core moves A on the writer RISC and B on the reader in parallel: each
  // step's chain is the longer operand's, and the longest K step that fits L1 hides the most of
  // the drain (measured at 2048^3: 319.7 / 312.8 / 311.2 us at K steps of 64 / 128 / 256).
  m.movers = true;
  auto d9_k64 = passes::gemm_cost::estimate(gemm(2048, 256, 256, 64), m, 256, 256, 64);
  EXPECT_TRUE(d9_k64.movers);
  EXPECT_DOUBLE_EQ(d9_k64.fill,
                   2 * (m.dram_latency + 8.0 * 2 * 2048 / m.core_read_bytes_per_cycle));
  auto d9_k128 = passes::gemm_cost::estimate(gemm(2048, 256, 256, 128), m, 256, 256, 128);
  best = passes::gemm_cost::rank(gemm(2048, 128, 128, 32), m).front();
  EXPECT_EQ(std::make_tuple(best.bm, best.bn, best.bk), std::make_tuple(256, 256, 256));
  EXPECT_LT(best.cycles, d9_k128.cycles);
  EXPECT_LT(d9_k128.cycles, d9_k64.cycles);
  EXPECT_FALSE(passes::gemm_cost::estimate(gemm(4096, 256, 256, 64), m, 256, 256, 64).movers);
}

TEST(GemmCost, MulticastTilingWhenNoBlockGridFitsTheCores) {
  EXPECT_EQ(passes::gemm_cost::tiling_side(16, 8), 8);
  EXPECT_EQ(passes::gemm_cost::tiling_side(16, 10), 8);
  EXPECT_EQ(passes::gemm_cost::tiling_side(13, 8), 1);
  EXPECT_EQ(passes::gemm_cost::tiling_side(12, 11), 6);
  Machine m = wormhole();
  m.multicast = true;
  m.l1_acc = true;
  // 4096^3: no block that fits L1 gives an 8x8 block grid; 256x256 blocks on the 8x8 tiling
  // (4 per core) read A and B twice each and stay compute-bound.
  auto best = passes::gemm_cost::rank(gemm(4096, 128, 128, 32), m).front();
  EXPECT_EQ(std::make_tuple(best.bm, best.bn, best.bk), std::make_tuple(256, 256, 64));
  EXPECT_EQ(std::make_tuple(best.tile_w, best.tile_h, best.rounds),
            std::make_tuple(int64_t{8}, int64_t{8}, int64_t{4}));
  EXPECT_EQ(best.bound(), "compute");
  // Without multicast the tiling is never chosen.
  m.multicast = false;
  EXPECT_FALSE(passes::gemm_cost::rank(gemm(4096, 128, 128, 32), m).front().tiled());
}

TEST(GemmCost, GridFitBlocksPadTheLastBlocksToUseEveryCore) {
  // Blackhole's 11x10 grid: the 64 tiles of a 2048 side split into no 10 or 11 equal blocks.
  // 7-tile rows (M, along the grid's 10 rows) and 6-tile columns (N, along its 11 columns) give
  // a 10x11 block grid, one block per core; the last block row and column reach into padding
  // (2240 x 2112 computed). The slowest core computes a whole 7x6-tile block.
  const device::Description* d = device::find("blackhole");
  Machine m = Machine::from(*d, d->num_workers(), d->l1_cb_budget(), 4);
  m.multicast = true;
  m.l1_acc = true;
  m.grid_x = 11;
  m.grid_y = 10;
  auto fit = passes::gemm_cost::estimate(gemm(2048, 224, 192, 64), m, 224, 192, 64);
  EXPECT_TRUE(fit.padded);
  EXPECT_TRUE(fit.multicast);
  EXPECT_EQ(std::make_tuple(fit.blocks, fit.cores, fit.rounds),
            std::make_tuple(int64_t{110}, int64_t{110}, int64_t{1}));
  EXPECT_GE(fit.compute, 7.0 * 6 * 64 * m.matmul_tile_cycles);
  // DRAM counts the padded operands and output: A 2240 rows, B and C 2112 columns.
  EXPECT_NEAR(fit.dram,
              (2.0 * (2240.0 * 2048 + 2048.0 * 2112) + 2.0 * 2240 * 2112) / m.dram_bytes_per_cycle,
              1e-6);
  for (int64_t b : {64, 128}) {
    auto best = passes::gemm_cost::rank(gemm(2048, b, b, 32), m).front();
    EXPECT_EQ(std::make_tuple(best.bm, best.bn, best.cores), std::make_tuple(224, 192, 110));
    EXPECT_TRUE(best.padded);
  }
  // With D9 the K step ranks as the simulator measures it (150.7 / 152.5 / 157.7 / 160.9 us at
  // 256 / 512 / 128 / 64): longer steps hide the output writes under the last step's compute
  // until the first step's fill outweighs it.
  m.movers = true;
  auto best = passes::gemm_cost::rank(gemm(2048, 128, 128, 32), m).front();
  EXPECT_EQ(std::make_tuple(best.bm, best.bn, best.bk), std::make_tuple(224, 192, 256));
  auto cycles = [&](int64_t bk) {
    return passes::gemm_cost::estimate(gemm(2048, 224, 192, bk), m, 224, 192, bk).cycles;
  };
  EXPECT_LT(cycles(256), cycles(512));
  EXPECT_LT(cycles(128), cycles(64));
  // Blocks that divide the problem are never padded; 8 tiles divide 2048 on Wormhole's 8x8.
  Machine wh = wormhole();
  wh.multicast = true;
  for (const auto& c : passes::gemm_cost::rank(gemm(2048, 128, 128, 32), wh)) {
    EXPECT_FALSE(c.padded);
  }
}

TEST(GemmCost, SmallBlocksAreCoarsenedToUseTheGridOnce) {
  Machine m = wormhole();
  for (int64_t b : {64, 128}) {
    auto ranked = passes::gemm_cost::rank(gemm(2048, b, b, 32), m);
    ASSERT_FALSE(ranked.empty());
    EXPECT_EQ(ranked[0].bm, 256);
    EXPECT_EQ(ranked[0].bn, 256);
    EXPECT_EQ(ranked[0].cores, 64);
  }
}

TEST(GemmCost, CandidatesThatOverflowL1ArePruned) {
  Machine m = wormhole();
  for (const auto& c : passes::gemm_cost::rank(gemm(4096, 256, 256, 64), m)) {
    EXPECT_LE(c.l1_bytes, m.l1_budget);
  }
  m.l1_budget = 1;
  EXPECT_TRUE(passes::gemm_cost::rank(gemm(4096, 256, 256, 64), m).empty());
}

TEST(GemmCost, RankingIsDeterministic) {
  Machine m = wormhole();
  auto a = passes::gemm_cost::rank(gemm(1024, 64, 64, 32), m);
  auto b = passes::gemm_cost::rank(gemm(1024, 64, 64, 32), m);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].bm, b[i].bm);
    EXPECT_EQ(a[i].bn, b[i].bn);
    EXPECT_EQ(a[i].bk, b[i].bk);
  }
}

}  // namespace
}  // namespace tltt::testing
