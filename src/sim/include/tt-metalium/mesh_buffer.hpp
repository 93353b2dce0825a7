// MeshBuffer (tt-metalium/mesh_buffer.hpp): a buffer replicated on every device of the mesh.
#pragma once
#include <array>
#include <cstddef>
#include <memory>
#include <optional>

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
  DeviceAddr address() const { return buffer_->address(); }
  DeviceAddr size() const { return buffer_->size(); }
  DeviceAddr page_size() const { return buffer_->page_size(); }
  MeshDevice* device() const { return device_; }
  Buffer* get_device_buffer(const MeshCoordinate& = MeshCoordinate(0, 0)) const {
    return buffer_.get();
  }
  Buffer* get_reference_buffer() const { return buffer_.get(); }
  Buffer* get_backing_buffer() const { return buffer_.get(); }
  const DeviceLocalBufferConfig& device_local_config() const { return local_; }
  bool is_allocated() const { return buffer_->is_allocated(); }
  void deallocate() { buffer_->deallocate(); }
  // Implicit use as the per-device Buffer (the simulator has one device per mesh).
  operator const Buffer&() const { return *buffer_; }

  MeshBuffer(std::shared_ptr<Buffer> buffer, MeshDevice* device, DeviceLocalBufferConfig local)
      : buffer_(std::move(buffer)), device_(device), local_(std::move(local)) {}

 private:
  std::shared_ptr<Buffer> buffer_;
  MeshDevice* device_;
  DeviceLocalBufferConfig local_;
};

}  // namespace tt::tt_metal::distributed
