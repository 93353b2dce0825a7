// Ring reduce-scatter, one worker's sender: per step, the sums from CB c_16 go either to the
// next device of the worker's direction (packets of up to `packet_tiles` tiles; every `sync`
// packets and with the step's last one a fused write + semaphore increment by the tiles sent
// since the previous increment on the receiving core there, plain writes otherwise) or, at the
// chain's end on the owning device, to the output buffer.
#include "tt_metal/fabric/hw/inc/edm_fabric/edm_fabric_worker_adapters.hpp"
#include "tt_metal/fabric/hw/inc/packet_header_pool.h"

using tt::tt_fabric::WorkerToFabricEdmSender;
constexpr uint32_t kStepArgs = 12;  // per step: see collectives.h (RingStep)

void kernel_main() {
  size_t arg = 0;
  uint32_t recv_addr = get_arg_val<uint32_t>(arg++);
  uint32_t out_addr = get_arg_val<uint32_t>(arg++);
  uint32_t packet_tiles = get_arg_val<uint32_t>(arg++);
  uint32_t cb_pages = get_arg_val<uint32_t>(arg++);  // CB c_16's size in tiles
  uint32_t n_steps = get_arg_val<uint32_t>(arg++);
  bool sends = get_arg_val<uint32_t>(arg++) != 0;
  uint32_t sync = get_arg_val<uint32_t>(arg++);  // packets per semaphore increment
  WorkerToFabricEdmSender conn;
  if (sends) {
    conn = WorkerToFabricEdmSender::build_from_args<ProgrammableCoreType::TENSIX>(arg);
    conn.open();
  }
  constexpr uint32_t cb = tt::CBIndex::c_16;
  constexpr auto recv_args = TensorAccessorArgs<0>();
  constexpr auto out_args = TensorAccessorArgs<recv_args.next_compile_time_args_offset()>();
  const uint32_t tile = get_tile_size(cb);
  const auto recv = TensorAccessor(recv_args, recv_addr, tile * packet_tiles);
  const auto out = TensorAccessor(out_args, out_addr, tile);
  volatile PACKET_HEADER_TYPE* header = PacketHeaderPool::allocate_header();
  uint32_t pos = 0;  // the CB page at the read pointer: a packet must not wrap past the end
  for (uint32_t s = 0; s < n_steps; ++s) {
    uint32_t a = arg + s * kStepArgs;
    uint32_t count = get_arg_val<uint32_t>(a + 1);
    uint32_t to_out = get_arg_val<uint32_t>(a + 7), base = get_arg_val<uint32_t>(a + 8);
    if (to_out) {
      for (uint32_t t = 0; t < count; ++t) {
        cb_wait_front(cb, 1);
        noc_async_write_tile(base + t, out, get_read_ptr(cb));
        noc_async_writes_flushed();
        cb_pop_front(cb, 1);
        pos = (pos + 1) % cb_pages;
      }
      continue;
    }
    uint64_t sem_noc = get_noc_addr(get_arg_val<uint32_t>(a + 10), get_arg_val<uint32_t>(a + 11),
                                    get_semaphore(get_arg_val<uint32_t>(a + 9)));
    uint32_t pending = 0, packets = 0;  // tiles and packets since the last increment
    for (uint32_t t = 0; t < count;) {
      // Up to the end of this packet's page of the receive buffer, of the step and of the CB.
      uint32_t at = base + t;
      uint32_t m = packet_tiles - at % packet_tiles;
      m = m < count - t ? m : count - t;
      m = m < cb_pages - pos ? m : cb_pages - pos;
      cb_wait_front(cb, m);
      pending += m;
      ++packets;
      const uint64_t dst = recv.get_noc_addr(at / packet_tiles, (at % packet_tiles) * tile);
      header->to_chip_unicast(1);
      if (packets == sync || t + m == count) {
        header->to_noc_fused_unicast_write_atomic_inc(
            tt::tt_fabric::NocUnicastAtomicIncFusedCommandHeader{dst, sem_noc, pending, true},
            m * tile);
        pending = packets = 0;
      } else {
        header->to_noc_unicast_write(tt::tt_fabric::NocUnicastCommandHeader{dst}, m * tile);
      }
      conn.wait_for_empty_write_slot();
      conn.send_payload_without_header_non_blocking_from_address(get_read_ptr(cb), m * tile);
      conn.send_payload_flush_blocking_from_address(reinterpret_cast<uint32_t>(header),
                                                    sizeof(PACKET_HEADER_TYPE));
      cb_pop_front(cb, m);
      pos = (pos + m) % cb_pages;
      t += m;
    }
  }
  noc_async_write_barrier();
  if (sends) {
    conn.close();
  }
}
