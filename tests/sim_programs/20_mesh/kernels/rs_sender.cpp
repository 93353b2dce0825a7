// Reduce-scatter, one worker's sender on one device: its range of chunk j of the input (read into
// CB c_0 by tile_reader.cpp, tile t of every other device's chunk in turn) goes to device j
// (unicast over the fabric, forward or backward along the line or ring), into the receive
// buffer's slot of this device, each tile with a fused increment of this device's semaphore on
// the worker's receiving core there.
#include "tt_metal/fabric/hw/inc/edm_fabric/edm_fabric_worker_adapters.hpp"
#include "tt_metal/fabric/hw/inc/packet_header_pool.h"

using tt::tt_fabric::WorkerToFabricEdmSender;

void kernel_main() {
  size_t arg = 0;
  uint32_t recv_addr = get_arg_val<uint32_t>(arg++);
  uint32_t n_tiles = get_arg_val<uint32_t>(arg++);  // tiles per chunk
  uint32_t first = get_arg_val<uint32_t>(arg++);    // this worker's tiles of each chunk
  uint32_t count = get_arg_val<uint32_t>(arg++);
  uint32_t n_dev = get_arg_val<uint32_t>(arg++);
  uint32_t my_slot = get_arg_val<uint32_t>(arg++);
  uint32_t recv_x = get_arg_val<uint32_t>(arg++);  // the receiving core (same on every device)
  uint32_t recv_y = get_arg_val<uint32_t>(arg++);
  WorkerToFabricEdmSender conn[2];
  bool has[2];
  for (int d = 0; d < 2; ++d) {
    has[d] = get_arg_val<uint32_t>(arg++) != 0;
    if (has[d]) {
      conn[d] = WorkerToFabricEdmSender::build_from_args<ProgrammableCoreType::TENSIX>(arg);
      conn[d].open();
    }
  }
  size_t route = arg;  // per device j: direction (0 forward, 1 backward, 2 either), hops
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr auto recv_args = TensorAccessorArgs<0>();
  const uint32_t page = get_tile_size(cb);
  const auto recv = TensorAccessor(recv_args, recv_addr, page);
  const uint64_t sem_noc = get_noc_addr(recv_x, recv_y, get_semaphore(my_slot));
  volatile PACKET_HEADER_TYPE* header = PacketHeaderPool::allocate_header();
  for (uint32_t t = first; t < first + count; ++t) {
    for (uint32_t j = 0; j < n_dev; ++j) {
      if (j == my_slot) {
        continue;
      }
      uint32_t dir = get_arg_val<uint32_t>(route + 2 * j);  // 2: either way, tile by tile
      dir = dir == 2 ? t & 1 : dir;
      uint32_t hops = get_arg_val<uint32_t>(route + 2 * j + 1);
      cb_wait_front(cb, 1);
      uint32_t l1 = get_read_ptr(cb);
      header->to_chip_unicast(static_cast<uint8_t>(hops));
      header->to_noc_fused_unicast_write_atomic_inc(
          tt::tt_fabric::NocUnicastAtomicIncFusedCommandHeader{
              recv.get_noc_addr(my_slot * n_tiles + t), sem_noc, 1, true},
          page);
      conn[dir].wait_for_empty_write_slot();
      conn[dir].send_payload_without_header_non_blocking_from_address(l1, page);
      conn[dir].send_payload_flush_blocking_from_address(reinterpret_cast<uint32_t>(header),
                                                         sizeof(PACKET_HEADER_TYPE));
      cb_pop_front(cb, 1);
    }
  }
  for (int d = 0; d < 2; ++d) {
    if (has[d]) {
      conn[d].close();
    }
  }
}
