// SFPU numerics: each unary/binary op against the libm fp32 value, then DST rounding.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <vector>

#include "sim/numerics/numerics.h"

namespace ttsim::num {
namespace {

std::vector<float> inputs() {
  std::vector<float> t(kTileElems);
  for (int i = 0; i < kTileElems; ++i) {
    t[i] = (i - 512) / 64.0f;
  }
  return t;
}

float run(MathConfig c, SfpuOp op, float x, uint32_t param = 0) {
  std::vector<float> t(kTileElems, x);
  sfpu_unary(c, op, t.data(), param);
  return t[7];
}

TEST(Sfpu, UnaryOpsMatchLibmInFp32Dst) {
  MathConfig c;
  c.fp32_dest_acc = true;
  EXPECT_EQ(run(c, SfpuOp::Exp, 1.5f), std::exp(1.5f));
  EXPECT_EQ(run(c, SfpuOp::Exp2, 3.0f), 8.0f);
  EXPECT_EQ(run(c, SfpuOp::Log, 2.0f), std::log(2.0f));
  EXPECT_EQ(run(c, SfpuOp::Log2, 8.0f), 3.0f);
  EXPECT_EQ(run(c, SfpuOp::Sqrt, 9.0f), 3.0f);
  EXPECT_EQ(run(c, SfpuOp::Rsqrt, 4.0f), 0.5f);
  EXPECT_EQ(run(c, SfpuOp::Recip, 4.0f), 0.25f);
  EXPECT_EQ(run(c, SfpuOp::Recip, 0.0f), INFINITY);
  EXPECT_EQ(run(c, SfpuOp::Relu, -2.0f), 0.0f);
  EXPECT_EQ(run(c, SfpuOp::Relu, 2.0f), 2.0f);
  EXPECT_EQ(run(c, SfpuOp::ReluMin, 0.5f, std::bit_cast<uint32_t>(1.0f)), 0.0f);
  EXPECT_EQ(run(c, SfpuOp::ReluMin, 1.5f, std::bit_cast<uint32_t>(1.0f)), 1.5f);
  EXPECT_EQ(run(c, SfpuOp::ReluMax, 7.0f, std::bit_cast<uint32_t>(6.0f)), 6.0f);
  EXPECT_EQ(run(c, SfpuOp::ReluMax, -7.0f, std::bit_cast<uint32_t>(6.0f)), 0.0f);
  EXPECT_EQ(run(c, SfpuOp::LeakyRelu, -2.0f, std::bit_cast<uint32_t>(0.125f)), -0.25f);
  EXPECT_EQ(run(c, SfpuOp::Sigmoid, 0.0f), 0.5f);
  EXPECT_EQ(run(c, SfpuOp::Tanh, 0.5f), std::tanh(0.5f));
  EXPECT_EQ(run(c, SfpuOp::Abs, -3.0f), 3.0f);
  EXPECT_EQ(run(c, SfpuOp::Neg, 3.0f), -3.0f);
  EXPECT_EQ(run(c, SfpuOp::Square, -3.0f), 9.0f);
  EXPECT_EQ(run(c, SfpuOp::Power, 2.0f, 5), 32.0f);
  EXPECT_EQ(run(c, SfpuOp::Power, 5.0f, 0), 1.0f);
  EXPECT_EQ(run(c, SfpuOp::Fill, 5.0f, std::bit_cast<uint32_t>(-1.25f)), -1.25f);
  EXPECT_FLOAT_EQ(run(c, SfpuOp::Silu, 1.0f), 1.0f / (1.0f + std::exp(-1.0f)));
  EXPECT_FLOAT_EQ(run(c, SfpuOp::Gelu, 1.0f), 0.8413447f);
  EXPECT_TRUE(std::isnan(run(c, SfpuOp::Sqrt, -1.0f)));
  EXPECT_EQ(run(c, SfpuOp::Power, 4.0f, std::bit_cast<uint32_t>(0.5f)), 2.0f);  // float exponent
  EXPECT_EQ(run(c, SfpuOp::AddScalar, 1.0f, std::bit_cast<uint32_t>(0.5f)), 1.5f);
  EXPECT_EQ(run(c, SfpuOp::SubScalar, 1.0f, std::bit_cast<uint32_t>(0.5f)), 0.5f);
  EXPECT_EQ(run(c, SfpuOp::MulScalar, 3.0f, std::bit_cast<uint32_t>(0.5f)), 1.5f);
  EXPECT_EQ(run(c, SfpuOp::DivScalar, 3.0f, std::bit_cast<uint32_t>(0.5f)), 6.0f);
  EXPECT_EQ(run(c, SfpuOp::RsubScalar, 3.0f, std::bit_cast<uint32_t>(0.5f)), -2.5f);
  EXPECT_NE(run(c, SfpuOp::Gelu, 1.0f, 1), run(c, SfpuOp::Gelu, 1.0f, 0));  // param: tanh form
}

// The exponential of each SDK mode (sfpu_functions.def): exp2_tile and exp_tile<true, false>
// are the piecewise 2^floor(w) (1 + frac w), at or above exp by up to 6.2%, saturating outside
// [-42, 89); exp_tile<true> is Schraudolph's bf16 form, within 3.5% either way.
TEST(Sfpu, ExponentialModesFollowTheSdkKernels) {
  MathConfig c;
  c.fp32_dest_acc = true;
  EXPECT_EQ(run(c, SfpuOp::Exp2, 0.5f), 1.5f);  // 2^0 * (1 + 0.5)
  EXPECT_EQ(run(c, SfpuOp::ExpApprox, -2.0f * std::log(2.0f)), 0.25f);
  EXPECT_EQ(run(c, SfpuOp::ExpApprox, -50.0f), 0.0f);
  EXPECT_TRUE(std::isinf(run(c, SfpuOp::ExpApprox, 100.0f)));
  // One MAD: 0 * A + (B - C) = 0x4BC03F7A, whose bits shifted by 16 are 0x3F7A0000.
  EXPECT_EQ(run(c, SfpuOp::ExpFast, 0.0f), std::bit_cast<float>(0x3F7A0000u));
  double worst_fast = 0, worst_piecewise = 0;
  for (float x = -40.0f; x <= 40.0f; x += 0.0137f) {
    double e = std::exp(static_cast<double>(x));
    double fast = run(c, SfpuOp::ExpFast, x), piecewise = run(c, SfpuOp::ExpApprox, x);
    worst_fast = std::max(worst_fast, std::fabs(fast / e - 1));
    EXPECT_GE(piecewise / e, 1 - 1e-4) << x;
    worst_piecewise = std::max(worst_piecewise, piecewise / e - 1);
  }
  EXPECT_LT(worst_fast, 0.035);
  EXPECT_GT(worst_fast, 0.02);  // an approximation, not libm
  EXPECT_LT(worst_piecewise, 0.062);
  EXPECT_GT(worst_piecewise, 0.05);
  // Large negative inputs are clamped to a tiny positive value, never below zero.
  EXPECT_GT(run(c, SfpuOp::ExpFast, -1000.0f), 0.0f);
  EXPECT_LT(run(c, SfpuOp::ExpFast, -1000.0f), 1e-36f);
}

TEST(Sfpu, ApproxGeluUsesTanhForm) {
  MathConfig c;
  c.fp32_dest_acc = true;
  MathConfig a = c;
  a.approx = true;
  float exact = run(c, SfpuOp::Gelu, 1.0f), approx = run(a, SfpuOp::Gelu, 1.0f);
  EXPECT_NE(exact, approx);
  EXPECT_NEAR(approx, 0.841192f, 1e-5f);
}

TEST(Sfpu, ResultsRoundToBf16Dst) {
  MathConfig c;  // 16-bit bf16 DST by default
  auto t = inputs();
  sfpu_unary(c, SfpuOp::Exp, t.data(), 0);
  auto in = inputs();
  for (int i = 0; i < kTileElems; ++i) {
    ASSERT_EQ(t[i], bf16_to_float(float_to_bf16(std::exp(in[i])))) << i;
  }
}

TEST(Sfpu, BinaryOpsBetweenDstTiles) {
  MathConfig c;
  c.fp32_dest_acc = true;
  auto a = inputs();
  std::vector<float> b(kTileElems, 0.5f);
  auto run2 = [&](SfpuBinaryOp op) {
    auto x = a;
    sfpu_binary(c, op, x.data(), b.data());
    return x;
  };
  auto mx = run2(SfpuBinaryOp::Max), mn = run2(SfpuBinaryOp::Min), dv = run2(SfpuBinaryOp::Div),
       pw = run2(SfpuBinaryOp::Power), ad = run2(SfpuBinaryOp::Add), sb = run2(SfpuBinaryOp::Sub),
       ml = run2(SfpuBinaryOp::Mul);
  for (int i = 0; i < kTileElems; ++i) {
    EXPECT_EQ(mx[i], std::max(a[i], 0.5f));
    EXPECT_EQ(mn[i], std::min(a[i], 0.5f));
    EXPECT_EQ(dv[i], a[i] / 0.5f);
    EXPECT_EQ(ad[i], a[i] + 0.5f);
    EXPECT_EQ(sb[i], a[i] - 0.5f);
    EXPECT_EQ(ml[i], a[i] * 0.5f);
    if (a[i] >= 0) {
      EXPECT_EQ(pw[i], std::pow(a[i], 0.5f));
    }
  }
}

}  // namespace
}  // namespace ttsim::num
