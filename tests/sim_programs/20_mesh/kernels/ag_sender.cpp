// All-gather, one device's sender: takes its shard from CB c_0 (filled by tile_reader.cpp), writes
// it into its own slot of the output and multicasts it over the fabric in both directions of the
// line or ring, then waits until every other device's tiles have arrived. A packet carries up to
// `packet_tiles` tiles (a scatter write to their pages; one tile: a plain write); every `sync`
// packets, and after the last, an increment packet adds the tiles written since the previous one
// to the receivers' semaphore (the router flushes the writes before it).
#include "tt_metal/fabric/hw/inc/edm_fabric/edm_fabric_worker_adapters.hpp"
#include "tt_metal/fabric/hw/inc/packet_header_pool.h"

using tt::tt_fabric::WorkerToFabricEdmSender;

void kernel_main() {
  size_t arg = 0;
  uint32_t out_addr = get_arg_val<uint32_t>(arg++);
  uint32_t n_tiles = get_arg_val<uint32_t>(arg++);  // tiles per device
  uint32_t my_slot = get_arg_val<uint32_t>(arg++);
  uint32_t expected = get_arg_val<uint32_t>(arg++);      // tiles arriving from the other devices
  uint32_t packet_tiles = get_arg_val<uint32_t>(arg++);  // at most 4 (scatter write chunks)
  uint32_t sync = get_arg_val<uint32_t>(arg++);          // packets per semaphore increment
  uint32_t cb_pages = get_arg_val<uint32_t>(arg++);      // CB c_0's size in tiles
  WorkerToFabricEdmSender conn[2];
  uint32_t range[2] = {0, 0};
  for (int d = 0; d < 2; ++d) {
    range[d] = get_arg_val<uint32_t>(arg++);
    if (range[d]) {
      conn[d] = WorkerToFabricEdmSender::build_from_args<ProgrammableCoreType::TENSIX>(arg);
      conn[d].open();
    }
  }
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr auto out_args = TensorAccessorArgs<0>();
  const uint32_t page = get_tile_size(cb);
  const auto out = TensorAccessor(out_args, out_addr, page);
  const uint32_t sem = get_semaphore(0);
  const uint64_t sem_noc = get_noc_addr(sem);  // this core; the same core on every receiver
  volatile PACKET_HEADER_TYPE* header[2] = {PacketHeaderPool::allocate_header(),
                                            PacketHeaderPool::allocate_header()};
  volatile PACKET_HEADER_TYPE* inc_header = PacketHeaderPool::allocate_header();
  uint32_t pending = 0, packets = 0;  // tiles and packets since the last increment
  uint32_t pos = 0;                   // the CB page at the read pointer: a packet must not wrap
  for (uint32_t t = 0; t < n_tiles;) {
    uint32_t m = packet_tiles < n_tiles - t ? packet_tiles : n_tiles - t;
    m = m < cb_pages - pos ? m : cb_pages - pos;
    cb_wait_front(cb, m);
    uint32_t l1 = get_read_ptr(cb);
    uint32_t first = my_slot * n_tiles + t;
    for (uint32_t i = 0; i < m; ++i) {
      noc_async_write_tile(first + i, out, l1 + i * page);
    }
    pending += m;
    ++packets;
    t += m;
    const bool inc = packets == sync || t == n_tiles;
    for (int d = 0; d < 2; ++d) {
      if (!range[d]) {
        continue;
      }
      header[d]->to_chip_multicast(
          tt::tt_fabric::MulticastRoutingCommandHeader{1, static_cast<uint8_t>(range[d])});
      if (m == 1) {
        header[d]->to_noc_unicast_write(
            tt::tt_fabric::NocUnicastCommandHeader{out.get_noc_addr(first)}, page);
      } else {
        using Scatter = tt::tt_fabric::NocUnicastScatterCommandHeader;
        const uint16_t p16 = static_cast<uint16_t>(page);
        const uint64_t a0 = out.get_noc_addr(first), a1 = out.get_noc_addr(first + 1);
        const Scatter sc =
            m == 2   ? Scatter{{a0, a1}, {p16}}
            : m == 3 ? Scatter{{a0, a1, out.get_noc_addr(first + 2)}, {p16, p16}}
                     : Scatter{{a0, a1, out.get_noc_addr(first + 2), out.get_noc_addr(first + 3)},
                               {p16, p16, p16}};
        header[d]->to_noc_unicast_scatter_write(sc, m * page);
      }
      conn[d].wait_for_empty_write_slot();
      conn[d].send_payload_without_header_non_blocking_from_address(l1, m * page);
      conn[d].send_payload_flush_blocking_from_address(reinterpret_cast<uint32_t>(header[d]),
                                                       sizeof(PACKET_HEADER_TYPE));
      if (inc) {
        inc_header->to_chip_multicast(
            tt::tt_fabric::MulticastRoutingCommandHeader{1, static_cast<uint8_t>(range[d])});
        inc_header->to_noc_unicast_atomic_inc(
            tt::tt_fabric::NocUnicastAtomicIncCommandHeader{sem_noc, pending, true});
        conn[d].wait_for_empty_write_slot();
        conn[d].send_payload_flush_blocking_from_address(reinterpret_cast<uint32_t>(inc_header),
                                                         sizeof(PACKET_HEADER_TYPE));
      }
    }
    noc_async_writes_flushed();
    cb_pop_front(cb, m);
    pos = (pos + m) % cb_pages;
    if (inc) {
      pending = 0;
      packets = 0;
    }
  }
  noc_async_write_barrier();
  noc_semaphore_wait_min(reinterpret_cast<volatile uint32_t*>(sem), expected);
  for (int d = 0; d < 2; ++d) {
    if (range[d]) {
      conn[d].close();
    }
  }
}
