// Halo exchange, one device's side: sends the pages of its own rows that each neighbour on the
// snake of devices (ccl::snake_route, one fabric hop away) reads into that neighbour's copy of
// the buffer (one fabric packet per page, a fused write and increment of the neighbour's
// semaphore), then waits until the pages it reads from its neighbours have arrived. Every
// device's buffer has the same address and banks (lock-step allocation) and holds the pages of
// the whole tensor from its own window's first page on, so a page's address on the neighbour is
// this device's accessor at the neighbour's local index.
#include "tt_metal/fabric/hw/inc/edm_fabric/edm_fabric_worker_adapters.hpp"
#include "tt_metal/fabric/hw/inc/packet_header_pool.h"

using tt::tt_fabric::WorkerToFabricEdmSender;

void kernel_main() {
  size_t arg = 0;
  const uint32_t addr = get_arg_val<uint32_t>(arg++);
  const uint32_t window_first = get_arg_val<uint32_t>(arg++);  // this device's local page 0
  const uint32_t expected = get_arg_val<uint32_t>(arg++);      // pages arriving
  WorkerToFabricEdmSender conn[2];
  uint32_t count[2], first[2], to_window[2];  // pages sent forward, backward
  for (int d = 0; d < 2; ++d) {
    count[d] = get_arg_val<uint32_t>(arg++);
    first[d] = get_arg_val<uint32_t>(arg++);      // global page id of the first one
    to_window[d] = get_arg_val<uint32_t>(arg++);  // the neighbour's local page 0
    if (count[d]) {
      conn[d] = WorkerToFabricEdmSender::build_from_args<ProgrammableCoreType::TENSIX>(arg);
      conn[d].open();
    }
  }
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr auto buf_args = TensorAccessorArgs<0>();
  const uint32_t page = get_tile_size(cb);
  const auto buf = TensorAccessor(buf_args, addr, page);
  const uint32_t sem = get_semaphore(0);
  const uint64_t sem_noc = get_noc_addr(sem);  // this core; the same core on the neighbour
  volatile PACKET_HEADER_TYPE* header = PacketHeaderPool::allocate_header();
  cb_reserve_back(cb, 2);
  const uint32_t l1 = get_write_ptr(cb);
  uint32_t slot = 0;  // two staging pages: read the next page while the last one is sent
  for (int d = 0; d < 2; ++d) {
    for (uint32_t i = 0; i < count[d]; ++i) {
      const uint32_t at = l1 + slot * page;
      noc_async_read_tile(first[d] + i - window_first, buf, at);
      noc_async_read_barrier();
      header->to_chip_unicast(1);
      header->to_noc_fused_unicast_write_atomic_inc(
          tt::tt_fabric::NocUnicastAtomicIncFusedCommandHeader{
              buf.get_noc_addr(first[d] + i - to_window[d]), sem_noc, 1, true},
          page);
      conn[d].wait_for_empty_write_slot();
      conn[d].send_payload_without_header_non_blocking_from_address(at, page);
      conn[d].send_payload_flush_blocking_from_address(reinterpret_cast<uint32_t>(header),
                                                       sizeof(PACKET_HEADER_TYPE));
      noc_async_writes_flushed();
      slot ^= 1;
    }
  }
  noc_semaphore_wait_min(reinterpret_cast<volatile uint32_t*>(sem), expected);
  for (int d = 0; d < 2; ++d) {
    if (count[d]) {
      conn[d].close();
    }
  }
}
