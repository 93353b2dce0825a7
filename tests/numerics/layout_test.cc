// Tile layout: face order of tile_index, transpose, tilize/untilize round trips.
#include <gtest/gtest.h>

#include <vector>

#include "sim/numerics/numerics.h"

namespace ttsim::num {
namespace {

TEST(Layout, TileIndexFaces) {
  EXPECT_EQ(tile_index(0, 0), 0);
  EXPECT_EQ(tile_index(0, 15), 15);
  EXPECT_EQ(tile_index(1, 0), 16);
  EXPECT_EQ(tile_index(0, 16), 256);  // face 1
  EXPECT_EQ(tile_index(16, 0), 512);  // face 2
  EXPECT_EQ(tile_index(31, 31), 1023);
}

TEST(Layout, TilizeUntilizeAndTranspose) {
  const int width = 64;  // two tiles wide
  std::vector<float> rm(32 * width);
  for (int i = 0; i < 32 * width; ++i) {
    rm[i] = static_cast<float>(i);
  }
  std::vector<float> tile(kTileElems);
  tilize_tile(rm.data() + 32, width, tile.data());  // second tile of the row block
  EXPECT_EQ(tile[tile_index(2, 3)], rm[2 * width + 32 + 3]);
  transpose_tile(tile.data());
  EXPECT_EQ(tile[tile_index(3, 2)], rm[2 * width + 32 + 3]);
  EXPECT_EQ(tile[tile_index(17, 30)], rm[30 * width + 32 + 17]);
  transpose_tile(tile.data());
  std::vector<float> back(32 * width, -1.0f);
  untilize_tile(tile.data(), back.data() + 32, width);
  for (int r = 0; r < 32; ++r) {
    for (int c = 0; c < 64; ++c) {
      EXPECT_EQ(back[r * width + c], c >= 32 ? rm[r * width + c] : -1.0f);
    }
  }
}

}  // namespace
}  // namespace ttsim::num
