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

}  // namespace tt
