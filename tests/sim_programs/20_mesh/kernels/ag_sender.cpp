// All-gather, one device's sender: takes its shard tile by tile from CB c_0 (filled by
// tile_reader.cpp), writes it into its own slot of the output and multicasts it over the fabric
// in both directions of the line or ring (a fused write + semaphore increment per tile on every
// receiver), then waits until every other device's tiles have arrived.
#include "tt_metal/fabric/hw/inc/edm_fabric/edm_fabric_worker_adapters.hpp"
#include "tt_metal/fabric/hw/inc/packet_header_pool.h"

using tt::tt_fabric::WorkerToFabricEdmSender;

void kernel_main() {
  size_t arg = 0;
  uint32_t out_addr = get_arg_val<uint32_t>(arg++);
  uint32_t n_tiles = get_arg_val<uint32_t>(arg++);  // tiles per device
  uint32_t my_slot = get_arg_val<uint32_t>(arg++);
  uint32_t expected = get_arg_val<uint32_t>(arg++);  // tiles arriving from the other devices
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
  for (uint32_t t = 0; t < n_tiles; ++t) {
    cb_wait_front(cb, 1);
    uint32_t l1 = get_read_ptr(cb);
    uint32_t slot_page = my_slot * n_tiles + t;
    noc_async_write_tile(slot_page, out, l1);
    for (int d = 0; d < 2; ++d) {
      if (!range[d]) {
        continue;
      }
      header[d]->to_chip_multicast(
          tt::tt_fabric::MulticastRoutingCommandHeader{1, static_cast<uint8_t>(range[d])});
      header[d]->to_noc_fused_unicast_write_atomic_inc(
          tt::tt_fabric::NocUnicastAtomicIncFusedCommandHeader{out.get_noc_addr(slot_page), sem_noc,
                                                               1, true},
          page);
      conn[d].wait_for_empty_write_slot();
      conn[d].send_payload_without_header_non_blocking_from_address(l1, page);
      conn[d].send_payload_flush_blocking_from_address(reinterpret_cast<uint32_t>(header[d]),
                                                       sizeof(PACKET_HEADER_TYPE));
    }
    noc_async_writes_flushed();
    cb_pop_front(cb, 1);
  }
  noc_async_write_barrier();
  noc_semaphore_wait_min(reinterpret_cast<volatile uint32_t*>(sem), expected);
  for (int d = 0; d < 2; ++d) {
    if (range[d]) {
      conn[d].close();
    }
  }
}
