// Buffer placement enums and shard specifications (tt-metalium/buffer_types.hpp, buffer.hpp).
#pragma once
#include <array>
#include <cstdint>

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
