// The device allocator's query interface (tt-metalium/allocator.hpp): alignments, banks and
// bases of the simulated device's memories, as host programs read them to lay out buffers.
#pragma once
#include <cstdint>

#include "tt-metalium/buffer_types.hpp"

namespace tt::tt_metal {

class IDevice;
enum class HalMemType : uint8_t { L1 = 0, DRAM = 1, HOST = 2 };

class Allocator {
 public:
  explicit Allocator(const IDevice* device) : device_(device) {}
  uint32_t get_alignment(BufferType buffer_type) const;
  uint32_t get_num_banks(const BufferType& buffer_type) const;
  DeviceAddr get_bank_size(const BufferType& buffer_type) const;
  DeviceAddr get_base_allocator_addr(const HalMemType& mem_type) const;

 private:
  const IDevice* device_;
};

}  // namespace tt::tt_metal
