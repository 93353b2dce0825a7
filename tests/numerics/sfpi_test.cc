// SFPI lane numerics (src/sim/numerics/sfpi.cc): SFPMAD's flushing and zero signs per
// architecture, and SFPSTORE's truncating conversions into a 16-bit DST.
#include <gtest/gtest.h>

#include <bit>
#include <cfloat>
#include <cmath>

#include "sim/numerics/numerics.h"

namespace ttsim::num {
namespace {

uint32_t b(float f) { return std::bit_cast<uint32_t>(f); }
float f(uint32_t u) { return std::bit_cast<float>(u); }

constexpr bool kWormhole = false;
constexpr bool kBlackhole = true;

TEST(Sfpi, MadRoundsOnceToNearestEven) {
  // (1 + 2^-23) * 1 + 2^-24 lies halfway between two floats: ties go to the even 1 + 2^-22.
  const float e = std::ldexp(1.0f, -24);
  EXPECT_EQ(f(sfpu_mad(kWormhole, b(1.0f + 2 * e), b(1.0f), b(e))), 1.0f + 4 * e);
  EXPECT_EQ(f(sfpu_mad(kWormhole, b(3.0f), b(0.5f), b(0.25f))), 1.75f);
  EXPECT_EQ(f(sfpu_mad(kBlackhole, b(-2.0f), b(1.5f), b(1.0f))), -2.0f);
}

TEST(Sfpi, MadFlushesDenormalsAndWormholeZerosArePositive) {
  const uint32_t denormal = 0x00000010u;
  // A denormal input is read as zero: 1 * denormal + 0 = 0.
  EXPECT_EQ(sfpu_mad(kWormhole, b(1.0f), denormal, b(0.0f)), 0u);
  // A denormal result (FLT_MIN * 0.5) flushes: +0 on Wormhole, -0 kept on Blackhole.
  EXPECT_EQ(sfpu_mad(kWormhole, b(-FLT_MIN), b(0.5f), b(0.0f)), 0u);
  EXPECT_EQ(sfpu_mad(kBlackhole, b(-FLT_MIN), b(0.5f), b(-0.0f)), 0x80000000u);
  // -1 * 0 + -0 is -0 under IEEE; Wormhole writes +0.
  EXPECT_EQ(sfpu_mad(kWormhole, b(-1.0f), b(0.0f), b(-0.0f)), 0u);
  EXPECT_EQ(sfpu_mad(kBlackhole, b(-1.0f), b(0.0f), b(-0.0f)), 0x80000000u);
  // A product that overflows on its own is infinite even when the addend would bring it back.
  EXPECT_TRUE(std::isinf(f(sfpu_mad(kWormhole, b(FLT_MAX), b(2.0f), b(-FLT_MAX)))));
}

TEST(Sfpi, StoreTruncatesInto16BitDst) {
  MathConfig bf16;
  EXPECT_EQ(sfpu_store(bf16, b(1.0f + std::ldexp(1.0f, -8) * 1.9f)), 1.0f);  // not rounded up
  EXPECT_EQ(sfpu_store(bf16, b(-1.99999f)), -1.9921875f);
  EXPECT_EQ(b(sfpu_store(bf16, 0x80000005u)), 0x80000000u);  // denormal -> signed zero
  MathConfig fp16;
  fp16.dst16_format = DataFormat::Float16;
  EXPECT_EQ(sfpu_store(fp16, b(1.0f + std::ldexp(1.0f, -11) * 1.9f)), 1.0f);
  EXPECT_EQ(sfpu_store(fp16, b(1e-6f)), 0.0f);      // below fp16's normal range
  EXPECT_EQ(sfpu_store(fp16, b(1e6f)), 131008.0f);  // saturates at exponent 31
  MathConfig fp32;
  fp32.fp32_dest_acc = true;
  EXPECT_EQ(b(sfpu_store(fp32, 0x3f800001u)), 0x3f800001u);
}

}  // namespace
}  // namespace ttsim::num
