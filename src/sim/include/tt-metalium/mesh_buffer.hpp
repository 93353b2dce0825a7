// MeshBuffer (tt-metalium/mesh_buffer.hpp): a buffer replicated on every device of the mesh.
#pragma once
#include <array>
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
  std::optional<ShardSpecBuffer> shard_parameters;
  bool bottom_up = false;
};

struct ReplicatedBufferConfig {
  DeviceAddr size = 0;
};

struct ShardedBufferConfig {
  DeviceAddr global_size = 0;
  std::array<uint32_t, 2> global_buffer_shape{};
  std::array<uint32_t, 2> shard_shape{};
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
