// Tile data formats as the TT-Metalium SDK names them (values match the SDK's enum), shared by
// host programs, kernels and the simulator's numerics.
#pragma once
#include <cstdint>

namespace tt {

enum class DataFormat : uint8_t {
  Float32 = 0,
  Float16 = 1,
  Bfp8 = 2,
  Bfp4 = 3,
  Tf32 = 4,
  Float16_b = 5,
  Bfp8_b = 6,
  Bfp4_b = 7,
  Int32 = 8,
  UInt16 = 9,
  Lf8 = 10,
  Bfp2 = 11,
  Int8 = 14,
  Bfp2_b = 15,
  UInt32 = 24,
  UInt8 = 30,
  Invalid = 255,
};

// Bytes of one 32x32 tile in a format (block-float formats include their exponent section).
uint32_t tile_size(DataFormat format);

}  // namespace tt

namespace tt::tt_metal::detail {
inline uint32_t TileSize(tt::DataFormat format) { return tt::tile_size(format); }
}  // namespace tt::tt_metal::detail
