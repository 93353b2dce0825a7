// Definitions shared by the simulator's kernel headers (dataflow and compute): macros, the
// kernel's NoC index, tile sizes by data format, per-kernel NoC state, CB format queries.
#pragma once
#include <stdint.h>

#include "tt-metalium/tt_backend_api_types.hpp"
#include "ttsim/abi.h"

#ifndef FORCE_INLINE
#define FORCE_INLINE inline __attribute__((always_inline))
#endif
#ifndef tt_l1_ptr
#define tt_l1_ptr
#endif
#ifndef tt_reg_ptr
#define tt_reg_ptr
#endif
#ifndef NOC_INDEX
#define NOC_INDEX 0
#endif
#define DeviceZoneScopedN(name)
#define DeviceZoneScopedND(name, ...)
#define DeviceTimestampedData(name, data)
#define WAYPOINT(x)
#define ASSERT(...)

using tt::DataFormat;

constexpr uint8_t noc_index = NOC_INDEX;
constexpr uint32_t NUM_NOCS = 2;
#include "hostdevcommon/common_values.hpp"

#if defined(ARCH_BLACKHOLE)
constexpr uint32_t L1_ALIGNMENT = 16;
constexpr uint32_t DRAM_ALIGNMENT = 64;
#else
constexpr uint32_t L1_ALIGNMENT = 16;
constexpr uint32_t DRAM_ALIGNMENT = 32;
#endif

namespace ttsim_kc {

#if defined(ARCH_BLACKHOLE)
constexpr uint32_t kMaxBurst = 16384;
#else
constexpr uint32_t kMaxBurst = 8192;
#endif

constexpr uint32_t align_up(uint32_t v, uint32_t a) { return (v + a - 1) / a * a; }

constexpr uint32_t tile_size_of(DataFormat f, uint32_t hw = 1024) {
  switch (f) {
    case DataFormat::Float32:
    case DataFormat::Int32:
    case DataFormat::UInt32:
    case DataFormat::Tf32:
      return hw * 4;
    case DataFormat::Float16:
    case DataFormat::Float16_b:
    case DataFormat::UInt16:
      return hw * 2;
    case DataFormat::Bfp8:
    case DataFormat::Bfp8_b:
      return hw + hw / 16;
    case DataFormat::Bfp4:
    case DataFormat::Bfp4_b:
      return hw / 2 + hw / 16;
    case DataFormat::Bfp2:
    case DataFormat::Bfp2_b:
      return hw / 4 + hw / 16;
    case DataFormat::UInt8:
    case DataFormat::Int8:
    case DataFormat::Lf8:
      return hw;
    default:
      return 0;
  }
}

// Per-kernel NoC state (each core loads its own copy of the kernel, so these are per core).
inline int read_trid[2] = {-1, -1};
inline uint64_t read_state[2] = {0, 0};
inline uint32_t read_state_size[2] = {0, 0};
inline uint64_t write_state[2] = {0, 0};
inline uint32_t write_state_size[2] = {0, 0};

template <typename T>
FORCE_INLINE uint32_t l1_addr(volatile T* p) {
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(p));
}

template <typename G>
concept PageAddrGen = requires(const G& g) { g.get_noc_addr(0u, 0u, (uint8_t)0); };

template <typename G>
FORCE_INLINE uint32_t page_size_of(const G& g) {
  return g.get_page_size();
}

struct Coord {
  bool y;
  uint32_t operator[](uint32_t noc) const {
    return y ? ttsim_my_y(static_cast<int>(noc)) : ttsim_my_x(static_cast<int>(noc));
  }
};

}  // namespace ttsim_kc

// This core's physical NoC coordinates, indexed by NoC (as the SDK's my_x[] / my_y[]).
inline constexpr ttsim_kc::Coord my_x{false};
inline constexpr ttsim_kc::Coord my_y{true};
// This core's logical coordinates (relative ones equal absolute ones: no sub-device offsets).
inline uint8_t get_absolute_logical_x() { return static_cast<uint8_t>(ttsim_logical_x()); }
inline uint8_t get_absolute_logical_y() { return static_cast<uint8_t>(ttsim_logical_y()); }
inline uint8_t get_relative_logical_x() { return get_absolute_logical_x(); }
inline uint8_t get_relative_logical_y() { return get_absolute_logical_y(); }

// CB data formats: the JIT defines TTSIM_CB_FORMATS (one tt::DataFormat value per CB index,
// 255 when unused) from the program's CB configuration, so tile sizes are constant expressions.
#ifdef TTSIM_CB_FORMATS
namespace ttsim_kc {
inline constexpr uint8_t cb_formats[] = {TTSIM_CB_FORMATS};
}
constexpr int32_t get_tile_size(int32_t cb) {
  return static_cast<int32_t>(
      ttsim_kc::tile_size_of(static_cast<DataFormat>(ttsim_kc::cb_formats[cb])));
}
constexpr DataFormat get_dataformat(int32_t cb) {
  return static_cast<DataFormat>(ttsim_kc::cb_formats[cb]);
}
#else
inline int32_t get_tile_size(int32_t cb) {
  return static_cast<int32_t>(
      ttsim_kc::tile_size_of(static_cast<DataFormat>(ttsim_cb_data_format(cb))));
}
inline DataFormat get_dataformat(int32_t cb) {
  return static_cast<DataFormat>(ttsim_cb_data_format(cb));
}
#endif
constexpr uint32_t get_tile_hw(int32_t cb) { return 1024; }
constexpr uint32_t get_tile_num_faces(int32_t cb) { return 4; }
