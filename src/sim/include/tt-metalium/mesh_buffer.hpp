// MeshBuffer (tt-metalium/mesh_buffer.hpp): one buffer per device of a mesh at one address,
// either replicated (every device holds the whole buffer) or sharded (device i holds shard i of
// a 2-D global buffer).
#pragma once
#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <vector>

#include "tt-metalium/buffer.hpp"
#include "tt-metalium/mesh_coord.hpp"

namespace tt::tt_metal::distributed {

class MeshDevice;

struct DeviceLocalBufferConfig {
  DeviceAddr page_size = 0;
  BufferType buffer_type = BufferType::DRAM;
  TensorMemoryLayout buffer_layout = TensorMemoryLayout::INTERLEAVED;
  std::optional<ShardSpecBuffer> shard_parameters;  // older spelling of sharding_args
  BufferShardingArgs sharding_args;
  std::optional<bool> bottom_up;

  // The layout and shard spec in effect, from whichever spelling the program used.
  TensorMemoryLayout layout() const {
    return sharding_args.shard_spec() ? sharding_args.buffer_layout() : buffer_layout;
  }
  const std::optional<ShardSpecBuffer>& shard() const {
    return sharding_args.shard_spec() ? sharding_args.shard_spec() : shard_parameters;
  }
};

struct ReplicatedBufferConfig {
  DeviceAddr size = 0;
};

// A 2-D shape (height, width) in elements (tt-metalium/shape2d.hpp).
class Shape2D {
 public:
  constexpr Shape2D() = default;
  constexpr Shape2D(std::size_t height, std::size_t width) : h_(height), w_(width) {}
  constexpr Shape2D(const std::array<uint32_t, 2>& a) : h_(a[0]), w_(a[1]) {}
  constexpr std::size_t height() const { return h_; }
  constexpr std::size_t width() const { return w_; }
  constexpr std::size_t operator[](std::size_t i) const { return i == 0 ? h_ : w_; }
  constexpr bool operator==(const Shape2D&) const = default;

 private:
  std::size_t h_ = 0, w_ = 0;
};

struct ShardedBufferConfig {
  DeviceAddr global_size = 0;
  Shape2D global_buffer_shape;
  Shape2D shard_shape;
  ShardOrientation shard_orientation = ShardOrientation::ROW_MAJOR;
};

class MeshBuffer {
 public:
  static std::shared_ptr<MeshBuffer> create(const ReplicatedBufferConfig& config,
                                            const DeviceLocalBufferConfig& local,
                                            MeshDevice* device,
                                            std::optional<DeviceAddr> address = std::nullopt);
  static std::shared_ptr<MeshBuffer> create(const ShardedBufferConfig& config,
                                            const DeviceLocalBufferConfig& local,
                                            MeshDevice* device,
                                            std::optional<DeviceAddr> address = std::nullopt);
  DeviceAddr address() const { return buffers_[0]->address(); }
  DeviceAddr size() const;  // the global size (replicated: each device's)
  DeviceAddr device_local_size() const { return buffers_[0]->size(); }
  DeviceAddr page_size() const { return buffers_[0]->page_size(); }
  MeshDevice* device() const { return device_; }
  Buffer* get_device_buffer(const MeshCoordinate& coord = MeshCoordinate(0, 0)) const;
  Buffer* get_reference_buffer() const { return buffers_[0].get(); }
  Buffer* get_backing_buffer() const { return buffers_[0].get(); }
  const DeviceLocalBufferConfig& device_local_config() const { return local_; }
  bool is_allocated() const { return buffers_[0]->is_allocated(); }
  void deallocate() {
    for (auto& b : buffers_) {
      b->deallocate();
    }
  }
  // Implicit use as the per-device Buffer: every device's has the same address and banks.
  operator const Buffer&() const { return *buffers_[0]; }

  // Simulator helpers: the per-device buffers (row-major), whether the buffer is sharded, and
  // the copy between a host image of the global buffer and the shards (src to devices, or
  // devices to dst).
  const std::vector<std::shared_ptr<Buffer>>& device_buffers() const { return buffers_; }
  bool is_sharded() const { return sharded_.has_value(); }
  void copy_shards(const uint8_t* src, uint8_t* dst, size_t bytes) const;

  MeshBuffer(std::vector<std::shared_ptr<Buffer>> buffers, MeshDevice* device,
             DeviceLocalBufferConfig local, std::optional<ShardedBufferConfig> sharded);

 private:
  std::vector<std::shared_ptr<Buffer>> buffers_;
  MeshDevice* device_;
  MeshShape mesh_shape_;  // kept: the buffer may outlive its mesh (get_device_buffer after close)
  DeviceLocalBufferConfig local_;
  std::optional<ShardedBufferConfig> sharded_;
};

}  // namespace tt::tt_metal::distributed
