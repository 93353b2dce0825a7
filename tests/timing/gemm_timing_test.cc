// End-to-end timing on the bench 2-D multicast GEMM: block-float formats run correctly, cycles
// are deterministic and identical in timing-only mode, stats add up, the compute threads overlap.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "gemm/gemm_program.h"
#include "sim/numerics/numerics.h"
#include "ttsim/stats.hpp"

using bench::GemmConfig;
using bench::run_gemm;

namespace {
GemmConfig small(tt::DataFormat f, MathFidelity fid) {
  GemmConfig c;
  c.m = 128;
  c.n = 128;
  c.k = 256;
  c.grid_x = 2;
  c.grid_y = 2;
  c.format = f;
  c.fidelity = fid;
  return c;
}

struct EnvGuard {
  std::string name;
  EnvGuard(const char* n, const std::string& v) : name(n) { setenv(n, v.c_str(), 1); }
  ~EnvGuard() { unsetenv(name.c_str()); }
};
}  // namespace

TEST(GemmTiming, BlockFloatFormatsRunEndToEnd) {
  struct Case {
    tt::DataFormat f;
    MathFidelity fid;
    double tol;
  } cases[] = {{tt::DataFormat::Float16_b, MathFidelity::HiFi4, 0.02},
               {tt::DataFormat::Bfp8_b, MathFidelity::HiFi2, 0.03},
               {tt::DataFormat::Bfp8_b, MathFidelity::LoFi, 0.08},
               {tt::DataFormat::Bfp4_b, MathFidelity::LoFi, 0.15}};
  for (const Case& c : cases) {
    GemmConfig cfg = small(c.f, c.fid);
    cfg.check = true;
    auto r = run_gemm(cfg);
    EXPECT_LT(r.max_rel_err, c.tol)
        << bench::format_label(c.f) << " " << bench::fidelity_label(c.fid);
    EXPECT_GT(r.max_rel_err, 0.0);  // the device really computed (an exact match would be suspect)
    EXPECT_GT(r.cycles, 0u);
  }
}

TEST(GemmTiming, CyclesAreDeterministic) {
  auto a = run_gemm(small(tt::DataFormat::Float16_b, MathFidelity::HiFi2));
  auto b = run_gemm(small(tt::DataFormat::Float16_b, MathFidelity::HiFi2));
  EXPECT_EQ(a.cycles, b.cycles);
  EXPECT_EQ(a.stats.noc_transfers, b.stats.noc_transfers);
}

TEST(GemmTiming, TimingOnlyGivesTheSameCycles) {
  // Out-of-box (DRAM operands, split-NoC movers on a 4x2 grid) and tuned (sharded A with
  // loopback multicasts, C packed in place) configurations.
  GemmConfig oob = small(tt::DataFormat::Bfp8_b, MathFidelity::LoFi);
  oob.grid_x = 4;
  GemmConfig tuned = small(tt::DataFormat::Float16_b, MathFidelity::HiFi2);
  tuned.in0_sharded = tuned.out_sharded = true;
  for (GemmConfig cfg : {oob, tuned}) {
    cfg.check = true;
    auto functional = run_gemm(cfg);
    EXPECT_FALSE(functional.stats.timing_only);
    cfg.check = false;
    EnvGuard g("TTSIM_TIMING_ONLY", "1");
    auto timing = run_gemm(cfg);
    EXPECT_TRUE(timing.stats.timing_only);
    EXPECT_EQ(functional.cycles, timing.cycles);
    EXPECT_EQ(functional.stats.flops, timing.stats.flops);
  }
}

TEST(GemmTiming, HigherFidelityTakesLongerAndStatsAddUp) {
  auto lo = run_gemm(small(tt::DataFormat::Float16_b, MathFidelity::LoFi));
  auto hi = run_gemm(small(tt::DataFormat::Float16_b, MathFidelity::HiFi4));
  EXPECT_GT(hi.cycles, lo.cycles);
  const auto& s = hi.stats;
  EXPECT_EQ(s.flops, 2ull * 128 * 128 * 256);
  EXPECT_EQ(s.matrix_cycles, (128 / 32) * (128 / 32) * (256 / 32) * 64ull);
  EXPECT_EQ(s.compute_cores, 4u);
  EXPECT_NEAR(s.matrix_utilization, double(s.matrix_cycles) / (4.0 * s.device_cycles), 1e-9);
  EXPECT_GT(s.matrix_utilization, 0.0);
  EXPECT_LT(s.matrix_utilization, 1.0);
  // A and B read once each by the senders, C written once (all BF16).
  EXPECT_EQ(s.dram_read_bytes, 2ull * 128 * 256 * 2);
  EXPECT_EQ(s.dram_write_bytes, 128ull * 128 * 2);
  EXPECT_NEAR(s.device_time_us, s.device_cycles / 1000.0, 1e-9);
  ASSERT_EQ(s.cores.size(), 4u);
  for (const auto& c : s.cores) {
    ASSERT_EQ(c.riscs.size(), 5u);
    for (const auto& r : c.riscs) {
      EXPECT_LE(r.end_cycle, s.device_cycles) << r.name;
      EXPECT_LE(r.busy_cycles, r.end_cycle - r.start_cycle) << r.name;
    }
  }
  // Receivers wait on semaphores, senders on NoC barriers; compute waits on CBs.
  uint64_t sem = 0, noc = 0, cb = 0;
  for (const auto& c : s.cores) {
    for (const auto& r : c.riscs) {
      sem += r.stall_semaphore;
      noc += r.stall_noc;
      cb += r.stall_cb;
    }
  }
  EXPECT_GT(sem, 0u);
  EXPECT_GT(noc, 0u);
  EXPECT_GT(cb, 0u);
}

TEST(GemmTiming, StatsFileHoldsTheRunTotals) {
  auto path = std::filesystem::temp_directory_path() / "ttsim_timing_stats_test.json";
  std::filesystem::remove(path);
  bench::GemmResult r;
  {
    EnvGuard g("TTSIM_STATS_FILE", path.string());
    r = run_gemm(small(tt::DataFormat::Float16_b, MathFidelity::HiFi2));
  }
  std::ifstream in(path);
  ASSERT_TRUE(in.good());
  auto j = nlohmann::json::parse(in);
  // The file holds the totals of the device's runs: the one GEMM.
  EXPECT_EQ(j.at("device_cycles").get<uint64_t>(), r.stats.device_cycles);
  EXPECT_EQ(j.at("programs").get<uint64_t>(), 1u);
  for (const char* k : {"device_time_us", "flops", "flops_per_second", "dram_bytes",
                        "dram_bytes_per_second", "matrix_utilization", "cores", "device"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  ASSERT_FALSE(j.at("cores").empty());
  const auto& core0 = j.at("cores").at(0);
  EXPECT_TRUE(core0.at("riscs").contains("BRISC"));
  EXPECT_TRUE(core0.at("riscs").at("TRISC1").at("stalls").contains("cb"));
  EXPECT_EQ(r.stats.device_cycles, r.cycles);
  std::filesystem::remove(path);
}

TEST(GemmTiming, ComputeThreadsOverlap) {
  // Compute-bound: 4x4 output tiles per core, K = 32 tiles, HiFi4.
  GemmConfig cfg = small(tt::DataFormat::Float16_b, MathFidelity::HiFi4);
  cfg.m = cfg.n = 256;
  cfg.k = 1024;
  auto r = run_gemm(cfg);
  for (const auto& c : r.stats.cores) {
    uint64_t busy = 0, span = 0;
    for (const auto& x : c.riscs) {
      if (x.name.rfind("TRISC", 0) == 0) {
        busy += x.busy_cycles;
      }
      if (x.name == "TRISC1") {
        span = x.end_cycle - x.start_cycle;
      }
    }
    // Unpack, math and pack run concurrently: their busy times add up to more than the span.
    EXPECT_GT(busy, span) << c.x << "," << c.y;
  }
  EXPECT_GT(r.stats.matrix_utilization, 0.5);
}

TEST(GemmTiming, ShardedOperandsAndPackerL1AccumulationComputeCorrectly) {
  // The tuned configuration's mechanics on a small grid: A block-sharded with the K-block owner
  // multicasting (two K blocks per shard), C packed in place in L1, packer L1 accumulation
  // (shared BF16 partials; BF8_B reloads the partials once, on the last K block).
  for (auto f : {tt::DataFormat::Float16_b, tt::DataFormat::Bfp8_b}) {
    GemmConfig cfg = small(f, MathFidelity::HiFi4);
    cfg.in0_sharded = cfg.out_sharded = true;
    cfg.block_w = 2;
    cfg.check = true;
    auto r = run_gemm(cfg);
    EXPECT_LT(r.max_rel_err, 0.03) << bench::format_label(f);
    EXPECT_GT(r.max_rel_err, 0.0);
    EXPECT_EQ(r.stats.dram_write_bytes, 0u);  // C never leaves L1
    EXPECT_EQ(r.stats.dram_read_bytes, 256ull * 128 * ttsim::num::tile_size_bytes(f) / 1024);
  }
}

TEST(GemmTiming, OutBlocksAndReloadWithoutL1AccumulationComputeCorrectly) {
  GemmConfig cfg = small(tt::DataFormat::Float16_b, MathFidelity::HiFi2);
  cfg.m = cfg.n = 256;
  cfg.out_blocks_h = cfg.out_blocks_w = 2;
  cfg.check = true;
  auto acc = run_gemm(cfg);
  EXPECT_LT(acc.max_rel_err, 0.02);
  cfg.packer_l1_acc = false;
  auto reload = run_gemm(cfg);
  EXPECT_LT(reload.max_rel_err, 0.02);
  // Reloading partials through the unpacker and DST costs time that L1 accumulation saves.
  EXPECT_GT(reload.cycles, acc.cycles);
}

TEST(GemmTiming, TunedConfigurationsFollowTheBenchmarkTable) {
  auto c = bench::tuned_config(3072, tt::DataFormat::Float16_b, MathFidelity::HiFi4);
  EXPECT_TRUE(c.in0_sharded && c.out_sharded);
  EXPECT_EQ(c.block_w, 3u);  // 3072/8/32 / in0_block_w_div 4
  auto d = bench::tuned_config(4096, tt::DataFormat::Bfp8_b, MathFidelity::LoFi);
  EXPECT_FALSE(d.in0_sharded || d.out_sharded);
  EXPECT_EQ(d.out_blocks_h, 2u);
  EXPECT_EQ(d.block_w, 16u);
  auto o = bench::out_of_box_config(2048, tt::DataFormat::Bfp4_b, MathFidelity::LoFi);
  EXPECT_FALSE(o.in0_sharded || o.out_sharded);
  EXPECT_TRUE(o.packer_l1_acc);
}
