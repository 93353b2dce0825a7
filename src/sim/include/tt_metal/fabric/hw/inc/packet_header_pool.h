// PacketHeaderPool (tt_metal/fabric/hw/inc/packet_header_pool.h): packet header slots in the
// core's L1, handed out in order; BRISC and NCRISC kernels of one core draw from separate halves.
#pragma once
#include <cstdint>

#include "tt-metalium/fabric_edm_packet_header.hpp"

class PacketHeaderPool {
 public:
  static volatile PACKET_HEADER_TYPE* allocate_header(uint8_t num_headers = 1) {
    uint32_t count = 0;
    uint32_t base = ttsim_packet_header_pool(&count);
    uint32_t half = count / 2;
#if defined(COMPILE_FOR_NCRISC)
    base += half * kSlotBytes;
#endif
    if (next_ + num_headers > half) {
      ttsim_kernel_error("PacketHeaderPool::allocate_header",
                         "the core's packet header slots are used up");
    }
    uint32_t addr = base + next_ * kSlotBytes;
    next_ += num_headers;
    return reinterpret_cast<volatile PACKET_HEADER_TYPE*>(static_cast<uintptr_t>(addr));
  }
  static void reset() { next_ = 0; }

 private:
  static constexpr uint32_t kSlotBytes = 64;  // L1Layout::kPacketHeaderSize
  static_assert(sizeof(PACKET_HEADER_TYPE) <= kSlotBytes);
  static inline uint32_t next_ = 0;
};
