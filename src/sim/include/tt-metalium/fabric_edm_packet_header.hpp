// Fabric packet headers (tt-metalium/fabric_edm_packet_header.hpp): where a packet goes (how many
// chips along the route: unicast to one, multicast to a run of them) and what it does there (a
// NoC write, a scatter write over up to 4 addresses, a semaphore increment, or a write and an
// increment fused). Kernels fill a header in L1 and hand its
// address to WorkerToFabricEdmSender; the layout is the simulator's (ttsim_packet_header).
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "ttsim/abi.h"

namespace tt::tt_fabric {

struct NocUnicastCommandHeader {
  uint64_t noc_address;
};

// A write cut into 2 to 4 chunks at separate NoC addresses (pages of an interleaved buffer): the
// sizes of all chunks but the last, which takes the rest of the payload.
#define NOC_SCATTER_WRITE_MAX_CHUNKS 4
struct NocUnicastScatterCommandHeader {
  uint64_t noc_address[NOC_SCATTER_WRITE_MAX_CHUNKS] = {};
  uint16_t chunk_size[NOC_SCATTER_WRITE_MAX_CHUNKS - 1] = {};
  uint8_t chunk_count = 0;
  NocUnicastScatterCommandHeader(std::initializer_list<uint64_t> addresses,
                                 std::initializer_list<uint16_t> chunk_sizes = {}) {
    for (uint64_t a : addresses) {
      if (chunk_count < NOC_SCATTER_WRITE_MAX_CHUNKS) {
        noc_address[chunk_count++] = a;
      }
    }
    uint32_t i = 0;
    for (uint16_t c : chunk_sizes) {
      if (i < NOC_SCATTER_WRITE_MAX_CHUNKS - 1) {
        chunk_size[i++] = c;
      }
    }
  }
};

struct NocUnicastAtomicIncCommandHeader {
  NocUnicastAtomicIncCommandHeader(uint64_t noc_address, uint32_t val, bool flush = true)
      : noc_address(noc_address), val(val), flush(flush) {}
  uint64_t noc_address;
  uint32_t val;
  bool flush;
};

struct NocUnicastAtomicIncFusedCommandHeader {
  NocUnicastAtomicIncFusedCommandHeader(uint64_t noc_address, uint64_t semaphore_noc_address,
                                        uint32_t val, bool flush = true)
      : noc_address(noc_address),
        semaphore_noc_address(semaphore_noc_address),
        val(val),
        flush(flush) {}
  uint64_t noc_address;
  uint64_t semaphore_noc_address;
  uint32_t val;
  bool flush;
};

// Multicast along the route: the chips start_distance_in_hops .. + range_hops - 1 away receive.
struct MulticastRoutingCommandHeader {
  uint8_t start_distance_in_hops;
  uint8_t range_hops;
};

struct PacketHeader : ttsim_packet_header {
  volatile PacketHeader& to_chip_unicast(uint8_t distance_in_hops) volatile {
    chip_send_type = TTSIM_CHIP_UNICAST;
    start_hops = distance_in_hops;
    range_hops = 1;
    return *this;
  }
  volatile PacketHeader& to_chip_multicast(const MulticastRoutingCommandHeader& m) volatile {
    chip_send_type = TTSIM_CHIP_MULTICAST;
    start_hops = m.start_distance_in_hops;
    range_hops = m.range_hops;
    return *this;
  }
  volatile PacketHeader& to_noc_unicast_write(const NocUnicastCommandHeader& h,
                                              size_t payload_size_bytes) volatile {
    noc_send_type = TTSIM_NOC_WRITE;
    noc_address = h.noc_address;
    payload_bytes = static_cast<uint32_t>(payload_size_bytes);
    return *this;
  }
  volatile PacketHeader& to_noc_unicast_scatter_write(const NocUnicastScatterCommandHeader& h,
                                                      size_t payload_size_bytes) volatile {
    noc_send_type = TTSIM_NOC_SCATTER_WRITE;
    chunk_count = h.chunk_count;
    noc_address = h.noc_address[0];
    for (uint32_t i = 0; i + 1 < NOC_SCATTER_WRITE_MAX_CHUNKS; ++i) {
      scatter_address[i] = h.noc_address[i + 1];
      chunk_size[i] = h.chunk_size[i];
    }
    payload_bytes = static_cast<uint32_t>(payload_size_bytes);
    return *this;
  }
  volatile PacketHeader& to_noc_unicast_atomic_inc(
      const NocUnicastAtomicIncCommandHeader& h) volatile {
    noc_send_type = TTSIM_NOC_ATOMIC_INC;
    semaphore_noc_address = h.noc_address;
    increment = h.val;
    flush = h.flush;
    payload_bytes = 0;
    return *this;
  }
  volatile PacketHeader& to_noc_fused_unicast_write_atomic_inc(
      const NocUnicastAtomicIncFusedCommandHeader& h, size_t payload_size_bytes) volatile {
    noc_send_type = TTSIM_NOC_FUSED_WRITE_ATOMIC_INC;
    noc_address = h.noc_address;
    semaphore_noc_address = h.semaphore_noc_address;
    increment = h.val;
    flush = h.flush;
    payload_bytes = static_cast<uint32_t>(payload_size_bytes);
    return *this;
  }
  size_t get_payload_size_excluding_header() const volatile { return payload_bytes; }
};

// The 1-D fabric's header type; the same layout in the simulator.
using LowLatencyPacketHeader = PacketHeader;

}  // namespace tt::tt_fabric

#ifndef PACKET_HEADER_TYPE
#define PACKET_HEADER_TYPE tt::tt_fabric::PacketHeader
#endif
