// Host helpers: bfloat16 rounding and packing, tilize_nfaces/untilize_nfaces against the
// numerics library's tile_index.
#include <gtest/gtest.h>

#include <vector>

#include "sim/numerics/numerics.h"
#include "tt-metalium/bfloat16.hpp"
#include "tt-metalium/tilize_utils.hpp"

namespace {

TEST(HostHelpers, Bfloat16) {
  EXPECT_EQ(bfloat16(1.0f).to_uint16(), 0x3F80);
  EXPECT_EQ(bfloat16(std::bit_cast<float>(0x3F818000u)).to_uint16(), 0x3F82);  // RNE
  EXPECT_EQ(bfloat16::truncate(std::bit_cast<float>(0x3F81FFFFu)).to_uint16(), 0x3F81);
  EXPECT_EQ(bfloat16(3).to_float(), 3.0f);
  EXPECT_EQ(static_cast<float>(bfloat16(0.5f) + bfloat16(0.25f)), 0.75f);
  EXPECT_TRUE(bfloat16(1.0f) < bfloat16(2.0f));
  for (uint32_t u : {0x3F808000u, 0x7F7FFFFFu, 0x00018000u, 0xC0490FDBu}) {
    float v = std::bit_cast<float>(u);
    EXPECT_EQ(bfloat16(v).to_uint16(), ttsim::num::float_to_bf16(v));  // same rounding as DST
  }
  EXPECT_EQ(pack_two_bfloat16_into_uint32({bfloat16(1.0f), bfloat16(2.0f)}), 0x40003F80u);
  auto v = create_random_vector_of_bfloat16_native(64, 4.0f, 7, -2.0f);
  ASSERT_EQ(v.size(), 32u);
  for (auto x : v) {
    EXPECT_GE(float(x), -2.0f);
    EXPECT_LE(float(x), 2.0f);
  }
  EXPECT_TRUE(v == create_random_vector_of_bfloat16_native(64, 4.0f, 7, -2.0f));  // seeded
  EXPECT_TRUE(unpack_uint32_vec_into_bfloat16_vec(pack_bfloat16_vec_into_uint32_vec(v)) == v);
  auto id = create_identity_matrix(4, 4, 4);
  EXPECT_EQ(float(id[5]), 1.0f);
  EXPECT_EQ(float(id[6]), 0.0f);
  EXPECT_TRUE(is_close(1.0f, 1.005f));
  EXPECT_FALSE(is_close(1.0f, 1.1f));
}

TEST(HostHelpers, TilizeNfaces) {
  const uint32_t m = 64, n = 96;
  std::vector<float> rm(m * n);
  for (size_t i = 0; i < rm.size(); ++i) {
    rm[i] = static_cast<float>(i);
  }
  auto t = tilize_nfaces(rm, m, n);
  // Tile (1, 2), element (5, 20).
  EXPECT_EQ(t[(1 * 3 + 2) * 1024 + ttsim::num::tile_index(5, 20)], rm[(32 + 5) * n + 64 + 20]);
  EXPECT_EQ(untilize_nfaces(t, m, n), rm);
  EXPECT_EQ(untilize_swizzled(tilize_swizzled(rm, m, n), m, n), rm);
  EXPECT_THROW(tilize_nfaces(rm, 60, n), std::invalid_argument);
}

}  // namespace
