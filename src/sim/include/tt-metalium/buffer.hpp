// Device buffers (tt-metalium/buffer.hpp): interleaved or sharded, DRAM or L1.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <utility>

#include "tt-metalium/buffer_types.hpp"
#include "tt-metalium/device.hpp"

namespace tt::tt_metal {

struct InterleavedBufferConfig {
  IDevice* device = nullptr;
  DeviceAddr size = 0;
  DeviceAddr page_size = 0;
  BufferType buffer_type = BufferType::DRAM;
  TensorMemoryLayout buffer_layout = TensorMemoryLayout::INTERLEAVED;
};
using BufferConfig = InterleavedBufferConfig;

// How a buffer is laid out over cores (the SDK's BufferShardingArgs): interleaved by default, or
// a legacy 2-D shard spec with its TensorMemoryLayout. (ND BufferDistributionSpec is not modelled.)
class BufferShardingArgs {
 public:
  BufferShardingArgs() = default;
  BufferShardingArgs(std::nullopt_t) {}
  BufferShardingArgs(ShardSpecBuffer shard_spec, TensorMemoryLayout buffer_layout)
      : shard_spec_(std::move(shard_spec)), buffer_layout_(buffer_layout) {}
  BufferShardingArgs(std::optional<ShardSpecBuffer> shard_spec, TensorMemoryLayout buffer_layout)
      : shard_spec_(std::move(shard_spec)), buffer_layout_(buffer_layout) {}
  const std::optional<ShardSpecBuffer>& shard_spec() const { return shard_spec_; }
  TensorMemoryLayout buffer_layout() const { return buffer_layout_; }

 private:
  std::optional<ShardSpecBuffer> shard_spec_;
  TensorMemoryLayout buffer_layout_ = TensorMemoryLayout::INTERLEAVED;
};

struct ShardedBufferConfig {
  IDevice* device = nullptr;
  DeviceAddr size = 0;
  DeviceAddr page_size = 0;
  BufferType buffer_type = BufferType::L1;
  TensorMemoryLayout buffer_layout = TensorMemoryLayout::HEIGHT_SHARDED;
  ShardSpecBuffer shard_parameters;
};

class Buffer {
 public:
  // Allocates (or, with `address`, places) a buffer; prefer CreateBuffer.
  Buffer(IDevice* device, DeviceAddr size, DeviceAddr page_size, BufferType type,
         TensorMemoryLayout layout, std::optional<ShardSpecBuffer> shard,
         std::optional<DeviceAddr> address = std::nullopt);
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  static std::shared_ptr<Buffer> create(IDevice* device, DeviceAddr size, DeviceAddr page_size,
                                        BufferType type,
                                        TensorMemoryLayout layout = TensorMemoryLayout::INTERLEAVED,
                                        std::optional<ShardSpecBuffer> shard = std::nullopt);

  IDevice* device() const { return device_; }
  DeviceAddr address() const { return address_; }
  DeviceAddr size() const { return size_; }
  DeviceAddr page_size() const { return page_size_; }
  uint32_t num_pages() const;
  DeviceAddr aligned_page_size() const;
  BufferType buffer_type() const { return type_; }
  TensorMemoryLayout buffer_layout() const { return layout_; }
  bool is_dram() const { return type_ == BufferType::DRAM; }
  bool is_l1() const { return type_ == BufferType::L1 || type_ == BufferType::L1_SMALL; }
  bool is_sharded() const { return layout_ != TensorMemoryLayout::INTERLEAVED; }
  const std::optional<ShardSpecBuffer>& shard_spec() const { return shard_; }
  uint32_t alignment() const { return alignment_; }
  bool is_allocated() const { return allocated_; }
  void deallocate();

  // Simulator helpers: host pointer of page `i` (+offset), the number of banks, and the simulated
  // device (an error once the device is closed: its memory is gone).
  uint8_t* page_ptr(uint32_t page) const;
  uint32_t num_banks() const { return num_banks_; }
  ttsim::Device& sim() const;

 private:
  // The handle as given (returned by device(), dangling after CloseDevice as in the SDK) and the
  // simulated device it stood for, held weakly: every later use checks it is still open.
  IDevice* device_;
  std::weak_ptr<ttsim::Device> sim_;
  uint32_t chip_ = 0;  // the device of the mesh the buffer lives on
  uint32_t alignment_ = 0;
  uint32_t num_banks_ = 0;
  DeviceAddr size_, page_size_;
  BufferType type_;
  TensorMemoryLayout layout_;
  std::optional<ShardSpecBuffer> shard_;
  DeviceAddr address_ = 0;
  bool allocated_ = false;
  bool owns_ = true;
};

std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config);
std::shared_ptr<Buffer> CreateBuffer(const InterleavedBufferConfig& config, DeviceAddr address);
std::shared_ptr<Buffer> CreateBuffer(const ShardedBufferConfig& config);
void DeallocateBuffer(Buffer& buffer);

}  // namespace tt::tt_metal
