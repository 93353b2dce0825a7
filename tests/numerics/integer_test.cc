// Integer SFPU numerics (src/sim/numerics/integer.cc): the integer ops between DST tiles on
// two's-complement bits, typecast_tile between float and Int32/UInt32 formats (toward zero and
// saturating one way, one round-to-nearest-even the other), and Int32 tiles through unpack/pack.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "sim/numerics/numerics.h"

namespace ttsim::num {
namespace {

uint32_t u(int32_t v) { return static_cast<uint32_t>(v); }
uint32_t fb(float f) { return std::bit_cast<uint32_t>(f); }
float ff(uint32_t b) { return std::bit_cast<float>(b); }

TEST(IntegerSfpu, ArithmeticWrapsModulo2To32) {
  EXPECT_EQ(int_binary(SfpuBinaryOp::AddInt, u(-7), u(3)), u(-4));
  EXPECT_EQ(int_binary(SfpuBinaryOp::AddInt, 0x7fffffffu, 1u), 0x80000000u);
  EXPECT_EQ(int_binary(SfpuBinaryOp::SubInt, u(-8), u(8)), u(-16));
  EXPECT_EQ(int_binary(SfpuBinaryOp::SubInt, 0x80000000u, 1u), 0x7fffffffu);
  EXPECT_EQ(int_binary(SfpuBinaryOp::MulInt, u(-8), u(7)), u(-56));
  EXPECT_EQ(int_binary(SfpuBinaryOp::MulInt, 0x10000u, 0x10000u), 0u);  // low 32 bits
}

TEST(IntegerSfpu, BitwiseAndShifts) {
  EXPECT_EQ(int_binary(SfpuBinaryOp::BitAnd, u(-6), 7u), 2u);
  EXPECT_EQ(int_binary(SfpuBinaryOp::BitOr, u(-8), 5u), u(-3));
  EXPECT_EQ(int_binary(SfpuBinaryOp::BitXor, u(-1), 0x0fu), u(-16));
  EXPECT_EQ(int_binary(SfpuBinaryOp::Shl, u(-3), 3u), u(-24));
  EXPECT_EQ(int_binary(SfpuBinaryOp::Shl, 1u, 31u), 0x80000000u);
  EXPECT_EQ(int_binary(SfpuBinaryOp::Shl, 1u, 32u), 0u);
  EXPECT_EQ(int_binary(SfpuBinaryOp::Shr, u(-7), 1u), u(-4));  // arithmetic: floor
  EXPECT_EQ(int_binary(SfpuBinaryOp::Shr, u(-7), 40u), u(-1));
  EXPECT_EQ(int_binary(SfpuBinaryOp::LogicalShr, u(-8), 28u), 0xfu);
  EXPECT_EQ(int_binary(SfpuBinaryOp::LogicalShr, u(-8), 32u), 0u);
}

TEST(IntegerSfpu, FloatToIntTruncatesAndSaturates) {
  auto to_i = [](float f) {
    return static_cast<int32_t>(typecast_bits(DataFormat::Float32, DataFormat::Int32, fb(f)));
  };
  EXPECT_EQ(to_i(2.9f), 2);
  EXPECT_EQ(to_i(-2.9f), -2);
  EXPECT_EQ(to_i(-0.5f), 0);
  EXPECT_EQ(to_i(2147483520.0f), 2147483520);  // the largest float below 2^31
  EXPECT_EQ(to_i(2147483648.0f), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(to_i(-2147483648.0f), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(to_i(-1e30f), std::numeric_limits<int32_t>::min());
  EXPECT_EQ(to_i(INFINITY), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(to_i(std::numeric_limits<float>::quiet_NaN()), std::numeric_limits<int32_t>::max());
  auto to_u = [](float f) { return typecast_bits(DataFormat::Float32, DataFormat::UInt32, fb(f)); };
  EXPECT_EQ(to_u(-3.5f), 0u);
  EXPECT_EQ(to_u(3.5f), 3u);
  EXPECT_EQ(to_u(5e9f), 0xffffffffu);
}

TEST(IntegerSfpu, IntToFloatRoundsOnceToNearestEven) {
  auto to_f = [](int32_t v, DataFormat out) {
    return ff(typecast_bits(DataFormat::Int32, out, u(v)));
  };
  EXPECT_EQ(to_f(-7, DataFormat::Float32), -7.0f);
  EXPECT_EQ(to_f(16777217, DataFormat::Float32), 16777216.0f);  // tie: to even
  EXPECT_EQ(to_f(16777219, DataFormat::Float32), 16777220.0f);  // tie: to even (up)
  EXPECT_EQ(to_f(std::numeric_limits<int32_t>::min(), DataFormat::Float32), -2147483648.0f);
  // Float16_b: 8 significant bits, one rounding (257 -> 256, 259 -> 260, 385 -> 384).
  EXPECT_EQ(to_f(257, DataFormat::Float16_b), 256.0f);
  EXPECT_EQ(to_f(259, DataFormat::Float16_b), 260.0f);
  EXPECT_EQ(to_f(-385, DataFormat::Float16_b), -384.0f);
  // One rounding, not two: 2^24 + 2^16 + 1 is just above the midpoint between 2^24 and
  // 2^24 + 2^17, so it rounds up; through fp32 first it would become the tie 2^24 + 2^16 and
  // then round (to even) down to 2^24.
  EXPECT_EQ(to_f(16842753, DataFormat::Float16_b), 16908288.0f);
  EXPECT_EQ(ff(typecast_bits(DataFormat::UInt32, DataFormat::Float32, 0xffffffffu)), 4294967296.0f);
}

TEST(IntegerSfpu, TilesKeepTheirBits) {
  MathConfig c;
  c.fp32_dest_acc = true;
  std::vector<float> a(kTileElems), b(kTileElems);
  for (int i = 0; i < kTileElems; ++i) {
    a[i] = ff(u(i - 512));
    b[i] = ff(0x7f800001u + static_cast<uint32_t>(i));  // NaN patterns as float: kept as bits
  }
  sfpu_binary(c, SfpuBinaryOp::BitXor, a.data(), b.data());
  for (int i = 0; i < kTileElems; ++i) {
    ASSERT_EQ(fb(a[i]), u(i - 512) ^ (0x7f800001u + static_cast<uint32_t>(i))) << i;
  }
  std::vector<uint8_t> l1(tile_size_bytes(DataFormat::Int32));
  ASSERT_EQ(l1.size(), 4096u);
  pack_tile(DataFormat::Int32, a.data(), l1.data());
  std::vector<float> back(kTileElems);
  unpack_tile(DataFormat::Int32, l1.data(), back.data());
  EXPECT_EQ(std::memcmp(back.data(), a.data(), l1.size()), 0);
  // typecast_tile<Float32, Int32> then <Int32, Float32> over a tile (param: in | out << 8).
  std::vector<float> t(kTileElems, -3.75f);
  sfpu_unary(c, SfpuOp::Typecast, t.data(), 0u | (8u << 8));
  EXPECT_EQ(fb(t[5]), u(-3));
  sfpu_unary(c, SfpuOp::Typecast, t.data(), 8u | (0u << 8));
  EXPECT_EQ(t[5], -3.0f);
}

}  // namespace
}  // namespace ttsim::num
