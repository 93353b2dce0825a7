// Host BFP helpers (tt-metalium/bfloat8.hpp, bfloat4.hpp) agree with the packer's numerics and
// honour row_major_input / row_major_output.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "sim/numerics/numerics.h"
#include "tt-metalium/bfloat4.hpp"
#include "tt-metalium/bfloat8.hpp"

namespace {

namespace num = ttsim::num;

TEST(HostHelpers, Bfp8AndBfp4TilePacking) {
  std::vector<float> rm(2048);  // two tiles, row-major within each tile
  for (size_t i = 0; i < rm.size(); ++i) {
    rm[i] = static_cast<float>(static_cast<int>(i % 61) - 30) / 8.0f;
  }
  auto packed = pack_fp32_vec_as_bfp8_tiles(rm, true, false);
  ASSERT_EQ(packed.size(), 2u * 1088 / 4);
  std::vector<float> tile(1024);
  num::tilize_tile(rm.data() + 1024, 32, tile.data());
  std::vector<uint8_t> want(1088);
  num::pack_tile(tt::DataFormat::Bfp8_b, tile.data(), want.data());
  EXPECT_EQ(std::memcmp(reinterpret_cast<uint8_t*>(packed.data()) + 1088, want.data(), 1088), 0);
  auto back = unpack_bfp8_tiles_into_float_vec(packed, true, false);
  for (size_t i = 0; i < rm.size(); ++i) {
    ASSERT_EQ(back[i], rm[i]) << i;  // these values fit Bfp8_b exactly
  }
  auto p4 = pack_fp32_vec_as_bfp4_tiles(rm, false, false);
  ASSERT_EQ(p4.size(), 2u * 576 / 4);
  auto b4 = unpack_bfp4_tiles_into_float_vec(p4, false, false);
  EXPECT_EQ(b4.size(), rm.size());
  EXPECT_THROW(pack_fp32_vec_as_bfp8_tiles(rm, true, true), std::invalid_argument);
  EXPECT_THROW(pack_fp32_vec_as_bfp8_tiles(std::vector<float>(5), true, false),
               std::invalid_argument);
}

}  // namespace
