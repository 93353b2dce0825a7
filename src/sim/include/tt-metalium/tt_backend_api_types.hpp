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

constexpr bool is_integer_format(DataFormat format) {
  return format == DataFormat::Int32 || format == DataFormat::UInt16 ||
         format == DataFormat::Int8 || format == DataFormat::UInt32 || format == DataFormat::UInt8;
}

// Throws std::invalid_argument naming the format (out of line: kernel headers stay lean).
[[noreturn]] void datum_size_error(DataFormat format);

// Bytes of one element; block-float formats have none (their exponents are shared).
constexpr uint32_t datum_size(const DataFormat& format) {
  switch (format) {
    case DataFormat::Float16:
    case DataFormat::Float16_b:
    case DataFormat::UInt16:
      return 2;
    case DataFormat::Float32:
    case DataFormat::Int32:
    case DataFormat::UInt32:
      return 4;
    case DataFormat::Int8:
    case DataFormat::Lf8:
    case DataFormat::UInt8:
      return 1;
    default:
      datum_size_error(format);
  }
}

}  // namespace tt

namespace tt::tt_metal::detail {
inline uint32_t TileSize(tt::DataFormat format) { return tt::tile_size(format); }
}  // namespace tt::tt_metal::detail
