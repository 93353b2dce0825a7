// Tile layout helpers: in-tile transpose and row-major <-> tile-order (four 16x16 faces).
#include <utility>

#include "sim/numerics/numerics.h"

namespace ttsim::num {

void transpose_tile(float* tile) {
  for (int r = 0; r < kTileDim; ++r) {
    for (int c = r + 1; c < kTileDim; ++c) {
      std::swap(tile[tile_index(r, c)], tile[tile_index(c, r)]);
    }
  }
}

void tilize_tile(const float* row_major, int row_stride, float* tile) {
  for (int r = 0; r < kTileDim; ++r) {
    for (int c = 0; c < kTileDim; ++c) {
      tile[tile_index(r, c)] = row_major[r * row_stride + c];
    }
  }
}

void untilize_tile(const float* tile, float* row_major, int row_stride) {
  for (int r = 0; r < kTileDim; ++r) {
    for (int c = 0; c < kTileDim; ++c) {
      row_major[r * row_stride + c] = tile[tile_index(r, c)];
    }
  }
}

}  // namespace ttsim::num
