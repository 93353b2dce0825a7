// Unit tests of the acceptance programs' checking kit (bf16 rounding, tile layout, references,
// format-derived tolerances); they run whether or not the simulator is built.
#include "common/sim_check.h"

#include <gtest/gtest.h>

namespace {

using namespace simcheck;

TEST(SimCheck, Bf16RoundsToNearestEven) {
  EXPECT_EQ(to_bf16(1.0f), 0x3f80);
  EXPECT_EQ(to_bf16(-2.0f), 0xc000);
  // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even (1.0).
  EXPECT_EQ(to_bf16(1.0f + 0x1.0p-8f), 0x3f80);
  // 1 + 3*2^-8 is halfway between 1+2^-7 and 1+2^-6: ties to even (1 + 2^-6).
  EXPECT_EQ(to_bf16(1.0f + 3 * 0x1.0p-8f), 0x3f82);
  EXPECT_EQ(to_bf16(1.0f + 0x1.0p-8f + 0x1.0p-12f), 0x3f81);
  EXPECT_EQ(from_bf16(0x4049), 3.140625f);
  EXPECT_TRUE(std::isnan(from_bf16(to_bf16(std::nanf("")))));
}

TEST(SimCheck, WordsPackLowHalfFirst) {
  std::vector<uint16_t> v = {0x1111, 0x2222, 0x3333};
  auto w = pack_words(v);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], 0x22221111u);
  EXPECT_EQ(unpack_words(w, 3), v);
}

TEST(SimCheck, TileLayoutIsFacesRowMajor) {
  EXPECT_EQ(tile_elem(0, 0), 0);
  EXPECT_EQ(tile_elem(0, 16), 256);
  EXPECT_EQ(tile_elem(16, 0), 512);
  EXPECT_EQ(tile_elem(31, 31), 1023);
  EXPECT_EQ(tile_elem(1, 2), 18);
  std::vector<int> rm(64 * 96);
  for (size_t i = 0; i < rm.size(); ++i) {
    rm[i] = static_cast<int>(i);
  }
  auto t = to_tiles(rm, 64, 96);
  // Row 32, column 40 lies in tile (1, 1) = tile 4, at (0, 8) inside it.
  EXPECT_EQ(t[4 * 1024 + 8], 32 * 96 + 40);
  EXPECT_EQ(from_tiles(t, 64, 96), rm);
}

TEST(SimCheck, RngIsSeededAndBf16Exact) {
  Rng a(7), b(7), c(8);
  auto va = a.bf16_vector(100, -1, 1), vb = b.bf16_vector(100, -1, 1),
       vc = c.bf16_vector(100, -1, 1);
  EXPECT_EQ(va, vb);
  EXPECT_NE(va, vc);
  for (float x : va) {
    EXPECT_EQ(round_bf16(x), x);
    EXPECT_GE(x, -1.0f);
    EXPECT_LE(x, 1.0f);
  }
}

TEST(SimCheck, Bfp8bRoundTripsExactValues) {
  Rng rng(3);
  auto v = bfp8b_values(rng, 2, -3, 2);
  auto bytes = pack_bfp8b(v);
  ASSERT_EQ(bytes.size(), 2 * kBfp8TileBytes);
  EXPECT_EQ(unpack_bfp8b(bytes), v);
  // 1.5 in a group led by 1.0: exponent 127, magnitude 96 (1.5 * 64).
  std::vector<float> one(1024, 0.0f);
  one[0] = 1.0f;
  one[1] = -1.5f;
  auto b = pack_bfp8b(one);
  EXPECT_EQ(b[0], 127);
  EXPECT_EQ(b[64], 64);
  EXPECT_EQ(b[65], 0x80 | 96);
  one[2] = 1.0f + 0x1.0p-10f;  // needs more than 7 magnitude bits
  EXPECT_TRUE(pack_bfp8b(one).empty());
}

TEST(SimCheck, MatmulReferenceAndMetrics) {
  std::vector<float> a = {1, 2, 3, 4}, b = {1, -1, 1, 1};  // 2x2 each
  auto r = matmul_ref(a, b, 2, 2, 2);
  EXPECT_EQ(r.c, (std::vector<double>{3, 1, 7, 1}));
  EXPECT_EQ(r.l1, (std::vector<double>{3, 3, 7, 7}));
  EXPECT_DOUBLE_EQ(r.l2[0], std::sqrt(5.0));
  EXPECT_DOUBLE_EQ(pcc({1, 2, 3}, {2.f, 4.f, 6.f}), 1.0);
  EXPECT_DOUBLE_EQ(max_abs_err({1, 2}, {1.5f, 2.f}), 0.5);
}

TEST(SimCheck, MatmulToleranceTightensWithFidelityAndFp32Dest) {
  Rng rng(1);
  auto a = rng.bf16_vector(32 * 128, -1, 1), b = rng.bf16_vector(128 * 32, -1, 1);
  auto r = matmul_ref(a, b, 32, 128, 32);
  double prev = 1e30;
  for (Fidelity f : {Fidelity::LoFi, Fidelity::HiFi2, Fidelity::HiFi3, Fidelity::HiFi4}) {
    MatmulTolerance t{.fidelity = f, .fp32_dest = true};
    double now = t.at(r, 5, 128);
    EXPECT_LT(now, prev) << fidelity_name(f);
    prev = now;
  }
  MatmulTolerance fp32{.fidelity = Fidelity::HiFi4, .fp32_dest = true};
  MatmulTolerance bf16{.fidelity = Fidelity::HiFi4, .fp32_dest = false};
  EXPECT_LT(fp32.at(r, 5, 128), bf16.at(r, 5, 128));
  // The mean LoFi bias (products truncated by up to 2^-4, on average half) must fail the HiFi4
  // bound, or the fidelity check would be blind.
  EXPECT_GT(0x1.0p-5 * std::fabs(r.c[5]), fp32.at(r, 5, 128));
}

TEST(SimCheck, ReportFlagsOutOfTolerance) {
  Report rep("unit");
  std::vector<double> ref = {1.0, 2.0};
  rep.check_close("ok", ref, {1.0f, 2.0f}, [](size_t) { return 1e-6; });
  EXPECT_EQ(rep.exit_code(), 0);
  rep.check_close("bad", ref, {1.0f, 2.5f}, [](size_t) { return 1e-6; });
  EXPECT_EQ(rep.exit_code(), 1);
  Report rep2("unit2");
  rep2.check_equal("bits", std::vector<uint16_t>{1, 2}, std::vector<uint16_t>{1, 3});
  EXPECT_EQ(rep2.exit_code(), 1);
}

TEST(SimCheck, GuardedMainTurnsThrowsIntoExitCode) {
  EXPECT_EQ(guarded_main("unit", [] { return 0; }), 0);
  EXPECT_EQ(guarded_main("unit", []() -> int { throw std::runtime_error("boom"); }), 2);
}

}  // namespace
