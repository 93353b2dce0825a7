// Bit-exactness of the tile formats: bf16 and BFP against hand-computed bit patterns, fp16
// against g++'s _Float16 conversions.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "sim/numerics/numerics.h"

namespace ttsim::num {
namespace {

float f(uint32_t u) { return std::bit_cast<float>(u); }
uint32_t u(float v) { return std::bit_cast<uint32_t>(v); }

TEST(Formats, TileSizes) {
  EXPECT_EQ(tile_size_bytes(DataFormat::Float32), 4096u);
  EXPECT_EQ(tile_size_bytes(DataFormat::Float16_b), 2048u);
  EXPECT_EQ(tile_size_bytes(DataFormat::Float16), 2048u);
  EXPECT_EQ(tile_size_bytes(DataFormat::Bfp8_b), 1088u);
  EXPECT_EQ(tile_size_bytes(DataFormat::Bfp4_b), 576u);
  EXPECT_EQ(tile_size_bytes(DataFormat::Int8), 0u);
  EXPECT_STREQ(format_name(DataFormat::Bfp8_b), "Bfp8_b");
}

TEST(Formats, Bf16RoundsToNearestEven) {
  EXPECT_EQ(float_to_bf16(1.0f), 0x3F80);
  EXPECT_EQ(float_to_bf16(f(0x3F808000)), 0x3F80);  // tie, even stays
  EXPECT_EQ(float_to_bf16(f(0x3F818000)), 0x3F82);  // tie, odd rounds up
  EXPECT_EQ(float_to_bf16(f(0x3F808001)), 0x3F81);  // above half
  EXPECT_EQ(float_to_bf16(f(0x3F807FFF)), 0x3F80);  // below half
  EXPECT_EQ(float_to_bf16(f(0xBF818000)), 0xBF82);  // sign-magnitude: same for negatives
  EXPECT_EQ(float_to_bf16(f(0x7F7FFFFF)), 0x7F80);  // FLT_MAX rounds to +Inf
  EXPECT_EQ(float_to_bf16(-std::numeric_limits<float>::infinity()), 0xFF80);
  EXPECT_EQ(float_to_bf16(f(0x7F800001)), 0x7FC0);  // signalling NaN stays NaN (quieted)
  EXPECT_EQ(float_to_bf16(f(0xFFC12345)), 0xFFC1);
  EXPECT_EQ(float_to_bf16(f(0x00008000)), 0x0000);  // denormal tie to even
  EXPECT_EQ(float_to_bf16(f(0x00018000)), 0x0002);
  EXPECT_EQ(float_to_bf16(-0.0f), 0x8000);
  EXPECT_EQ(u(bf16_to_float(0x4049)), 0x40490000u);
}

// fp16 against the compiler's IEEE half conversion over a dense sweep of float bit patterns.
TEST(Formats, Fp16MatchesFloat16Oracle) {
  auto check = [](uint32_t bits) {
    float v = f(bits);
    _Float16 h = static_cast<_Float16>(v);
    uint16_t want;
    std::memcpy(&want, &h, 2);
    uint16_t got = float_to_fp16(v);
    if (std::isnan(v)) {
      ASSERT_TRUE(std::isnan(fp16_to_float(got))) << std::hex << bits;
      ASSERT_EQ(got & 0x8000, want & 0x8000);
    } else {
      ASSERT_EQ(got, want) << "float bits 0x" << std::hex << bits;
    }
  };
  for (uint64_t b = 0; b <= 0xFFFFFFFFull; b += 0x1F3) {  // ~8.6M patterns, all exponents
    check(static_cast<uint32_t>(b));
  }
  // Every rounding boundary near the fp16 grid: around each half value and halfway points.
  for (uint32_t h = 0; h < 0x7C00; ++h) {
    _Float16 hv;
    uint16_t hb = static_cast<uint16_t>(h);
    std::memcpy(&hv, &hb, 2);
    uint32_t c = u(static_cast<float>(hv));
    for (int d = -3; d <= 3; ++d) {
      check(c + d);
      check((c + d) | 0x80000000u);
      check(c + 0x1000 + d);  // halfway to the next half (13 dropped bits)
    }
  }
}

TEST(Formats, Fp16ToFloatMatchesOracleForAllPatterns) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    uint16_t hb = static_cast<uint16_t>(h);
    _Float16 hv;
    std::memcpy(&hv, &hb, 2);
    float want = static_cast<float>(hv);
    float got = fp16_to_float(hb);
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got));
    } else {
      ASSERT_EQ(u(got), u(want)) << std::hex << h;
      ASSERT_EQ(float_to_fp16(got), hb);  // exact round trip
    }
  }
}

std::vector<float> ramp_tile(float scale) {
  std::vector<float> t(kTileElems);
  for (int i = 0; i < kTileElems; ++i) {
    t[i] = scale * static_cast<float>((i * 37) % 201 - 100) / 7.0f;
  }
  return t;
}

TEST(Formats, Float16bTileLayoutIsLittleEndianTileOrder) {
  std::vector<float> t(kTileElems, 0.0f);
  t[tile_index(0, 16)] = 1.0f;  // first element of face 1
  std::vector<uint8_t> bytes(2048);
  pack_tile(DataFormat::Float16_b, t.data(), bytes.data());
  EXPECT_EQ(bytes[2 * 256], 0x80);
  EXPECT_EQ(bytes[2 * 256 + 1], 0x3F);
  std::vector<float> back(kTileElems);
  unpack_tile(DataFormat::Float16_b, bytes.data(), back.data());
  EXPECT_EQ(back, t);
}

TEST(Formats, TileRoundTripsAreExactForRepresentableValues) {
  auto t = ramp_tile(1.0f);
  for (DataFormat fmt : {DataFormat::Float32, DataFormat::Float16_b, DataFormat::Float16}) {
    std::vector<float> rounded(kTileElems);
    for (int i = 0; i < kTileElems; ++i) {
      rounded[i] = round_to_format(fmt, t[i]);
    }
    std::vector<uint8_t> bytes(tile_size_bytes(fmt));
    pack_tile(fmt, t.data(), bytes.data());
    std::vector<float> back(kTileElems);
    unpack_tile(fmt, bytes.data(), back.data());
    EXPECT_EQ(back, rounded) << format_name(fmt);
  }
}

TEST(Formats, Bfp8HandComputedRow) {
  std::vector<float> t(kTileElems, 0.0f);
  // Face row 0 (elements 0..15 in tile order): largest exponent is 3.0's (128).
  t[0] = 1.0f;
  t[1] = 0.5f;
  t[2] = -0.25f;
  t[3] = 3.0f;
  t[4] = 1.015625f;               // 1 + 2^-6: 32.5 after alignment -> tie -> 32
  t[5] = 1.0234375f;              // 1 + 3*2^-7: 32.75 -> 33
  t[6] = -std::ldexp(1.0f, -10);  // below the block's resolution: +0
  t[7] = f(0x00400000);           // fp32 denormal: flushed
  // Face row 1: a lone value whose rounding overflows 7 bits saturates.
  t[16] = f(0x3FFFFFFF);  // 1.99999988
  std::vector<uint8_t> b(1088);
  pack_tile(DataFormat::Bfp8_b, t.data(), b.data());
  EXPECT_EQ(b[0], 128);
  EXPECT_EQ(b[1], 127);
  EXPECT_EQ(b[2], 0);  // all-zero row
  const uint8_t* d = b.data() + 64;
  EXPECT_EQ(d[0], 32);
  EXPECT_EQ(d[1], 16);
  EXPECT_EQ(d[2], 0x88);
  EXPECT_EQ(d[3], 96);
  EXPECT_EQ(d[4], 32);
  EXPECT_EQ(d[5], 33);
  EXPECT_EQ(d[6], 0);
  EXPECT_EQ(d[7], 0);
  EXPECT_EQ(d[16], 127);
  std::vector<float> back(kTileElems);
  unpack_tile(DataFormat::Bfp8_b, b.data(), back.data());
  EXPECT_EQ(back[0], 1.0f);
  EXPECT_EQ(back[2], -0.25f);
  EXPECT_EQ(back[3], 3.0f);
  EXPECT_EQ(back[5], 1.03125f);
  EXPECT_EQ(back[16], 1.984375f);
  EXPECT_EQ(u(back[6]), 0u);
}

TEST(Formats, Bfp8SpecialValues) {
  std::vector<float> t(kTileElems, 0.0f);
  t[0] = std::numeric_limits<float>::infinity();
  t[1] = 5.0f;  // finite values in an Inf row flush to zero (shared exponent 255)
  t[16] = -std::numeric_limits<float>::quiet_NaN();
  std::vector<uint8_t> b(1088);
  pack_tile(DataFormat::Bfp8_b, t.data(), b.data());
  EXPECT_EQ(b[0], 255);
  EXPECT_EQ(b[64 + 0], 64);
  EXPECT_EQ(b[64 + 1], 0);
  EXPECT_EQ(b[64 + 16], 0xFF);
  std::vector<float> back(kTileElems);
  unpack_tile(DataFormat::Bfp8_b, b.data(), back.data());
  EXPECT_EQ(back[0], std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(back[16]));
  // sign=1, mag=0 decodes as -Inf (documented encoding).
  b[64 + 1] = 0x80;
  unpack_tile(DataFormat::Bfp8_b, b.data(), back.data());
  EXPECT_EQ(back[1], -std::numeric_limits<float>::infinity());
}

TEST(Formats, Bfp4HandComputedRow) {
  std::vector<float> t(kTileElems, 0.0f);
  t[0] = 3.0f;   // shared exponent 128: 1.1b -> mag 6
  t[1] = 1.0f;   // mag 2
  t[2] = -0.5f;  // mag 1, sign
  t[3] = 1.25f;  // 2.5 -> tie -> 2
  t[4] = 1.75f;  // 3.5 -> tie -> 4
  std::vector<uint8_t> b(576);
  pack_tile(DataFormat::Bfp4_b, t.data(), b.data());
  EXPECT_EQ(b[0], 128);
  const uint8_t* d = b.data() + 64;
  EXPECT_EQ(d[0], 0x26);  // datum 0 in the low nibble
  EXPECT_EQ(d[1], 0x29);  // datum 2 = 1001b (sign|1), datum 3 = 2
  EXPECT_EQ(d[2], 0x04);
  std::vector<float> back(kTileElems);
  unpack_tile(DataFormat::Bfp4_b, b.data(), back.data());
  EXPECT_EQ(back[0], 3.0f);
  EXPECT_EQ(back[2], -0.5f);
  EXPECT_EQ(back[3], 1.0f);
  EXPECT_EQ(back[4], 2.0f);
}

TEST(Formats, BfpPackIsIdempotentAfterUnpack) {
  for (DataFormat fmt : {DataFormat::Bfp8_b, DataFormat::Bfp4_b}) {
    auto t = ramp_tile(3.5f);
    std::vector<uint8_t> b1(tile_size_bytes(fmt)), b2(tile_size_bytes(fmt));
    pack_tile(fmt, t.data(), b1.data());
    std::vector<float> back(kTileElems);
    unpack_tile(fmt, b1.data(), back.data());
    pack_tile(fmt, back.data(), b2.data());
    EXPECT_EQ(b1, b2) << format_name(fmt);
    // Error bound: half a unit of the row's last magnitude bit.
    int mbits = fmt == DataFormat::Bfp8_b ? 7 : 3;
    for (int i = 0; i < kTileElems; ++i) {
      float row_max = 0;
      for (int j = i / 16 * 16; j < i / 16 * 16 + 16; ++j) {
        row_max = std::max(row_max, std::fabs(t[j]));
      }
      int e;
      std::frexp(row_max, &e);
      EXPECT_LE(std::fabs(back[i] - t[i]), std::ldexp(1.0f, e - mbits)) << i;
    }
  }
}

TEST(Formats, UnsupportedFormatThrows) {
  std::vector<float> t(kTileElems);
  std::vector<uint8_t> b(4096);
  EXPECT_THROW(pack_tile(DataFormat::Int8, t.data(), b.data()), std::invalid_argument);
  EXPECT_THROW(unpack_tile(DataFormat::Bfp2_b, b.data(), t.data()), std::invalid_argument);
}

}  // namespace
}  // namespace ttsim::num
