// Buffer placement enums and shard specifications (tt-metalium/buffer_types.hpp, buffer.hpp).
#pragma once
#include <fmt/format.h>
#include <array>

#include <cstdint>
#include <string_view>

#include "tt-metalium/core_coord.hpp"

namespace tt::tt_metal {

using DeviceAddr = uint64_t;

enum class BufferType { DRAM, L1, SYSTEM_MEMORY, L1_SMALL, TRACE };
enum class TensorMemoryLayout {
  INTERLEAVED = 0,
  HEIGHT_SHARDED = 2,
  WIDTH_SHARDED = 3,
  BLOCK_SHARDED = 4
};
enum class ShardOrientation { ROW_MAJOR, COL_MAJOR };

struct ShardSpec {
  CoreRangeSet grid;
  std::array<uint32_t, 2> shape{};  // elements (height, width) of one shard
  ShardOrientation orientation = ShardOrientation::ROW_MAJOR;

  ShardSpec() = default;
  ShardSpec(const CoreRangeSet& g, const std::array<uint32_t, 2>& s,
            ShardOrientation o = ShardOrientation::ROW_MAJOR)
      : grid(g), shape(s), orientation(o) {}
  uint32_t num_cores() const { return static_cast<uint32_t>(grid.num_cores()); }
};

struct ShardSpecBuffer {
  ShardSpec tensor_shard_spec;
  std::array<uint32_t, 2> page_shape{};               // elements of one page
  std::array<uint32_t, 2> tensor2d_shape_in_pages{};  // whole tensor, in pages

  ShardSpecBuffer() = default;
  ShardSpecBuffer(const ShardSpec& spec, const std::array<uint32_t, 2>& page,
                  const std::array<uint32_t, 2>& tensor_pages)
      : tensor_shard_spec(spec), page_shape(page), tensor2d_shape_in_pages(tensor_pages) {}
  ShardSpecBuffer(const CoreRangeSet& grid, const std::array<uint32_t, 2>& shape,
                  ShardOrientation o, const std::array<uint32_t, 2>& page,
                  const std::array<uint32_t, 2>& tensor_pages)
      : tensor_shard_spec(grid, shape, o),
        page_shape(page),
        tensor2d_shape_in_pages(tensor_pages) {}
  std::array<uint32_t, 2> shape_in_pages() const {
    return {tensor_shard_spec.shape[0] / page_shape[0], tensor_shard_spec.shape[1] / page_shape[1]};
  }
  uint32_t num_pages() const { return shape_in_pages()[0] * shape_in_pages()[1]; }
};

}  // namespace tt::tt_metal

template <>
struct fmt::formatter<tt::tt_metal::TensorMemoryLayout> : fmt::formatter<std::string_view> {
  template <typename Ctx>
  auto format(tt::tt_metal::TensorMemoryLayout l, Ctx& ctx) const {
    using L = tt::tt_metal::TensorMemoryLayout;
    std::string_view n = l == L::INTERLEAVED      ? "INTERLEAVED"
                         : l == L::HEIGHT_SHARDED ? "HEIGHT_SHARDED"
                         : l == L::WIDTH_SHARDED  ? "WIDTH_SHARDED"
                                                  : "BLOCK_SHARDED";
    return fmt::formatter<std::string_view>::format(n, ctx);
  }
};
template <>
struct fmt::formatter<tt::tt_metal::BufferType> : fmt::formatter<std::string_view> {
  template <typename Ctx>
  auto format(tt::tt_metal::BufferType t, Ctx& ctx) const {
    using B = tt::tt_metal::BufferType;
    std::string_view n = t == B::DRAM       ? "DRAM"
                         : t == B::L1       ? "L1"
                         : t == B::L1_SMALL ? "L1_SMALL"
                         : t == B::TRACE    ? "TRACE"
                                            : "SYSTEM_MEMORY";
    return fmt::formatter<std::string_view>::format(n, ctx);
  }
};
