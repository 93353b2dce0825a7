// in0 (A) mover of the bench 2-D multicast GEMM (from the project's sim_programs test 07), on NoC1.
// Column-0 cores read each A block of their block row from DRAM and multicast it along the row;
// receivers handshake with "ready" increments and a VALID flag multicast.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t a_addr = get_arg_val<uint32_t>(0);
  uint32_t is_sender = get_arg_val<uint32_t>(1);
  uint32_t m0 = get_arg_val<uint32_t>(2);
  uint32_t mcast_x0 = get_arg_val<uint32_t>(3);
  uint32_t mcast_y0 = get_arg_val<uint32_t>(4);
  uint32_t mcast_x1 = get_arg_val<uint32_t>(5);
  uint32_t mcast_y1 = get_arg_val<uint32_t>(6);
  uint32_t num_dests = get_arg_val<uint32_t>(7);
  uint32_t sender_x = get_arg_val<uint32_t>(8);
  uint32_t sender_y = get_arg_val<uint32_t>(9);
  uint32_t sender_sem_addr = get_semaphore(get_arg_val<uint32_t>(10));
  uint32_t receiver_sem_addr = get_semaphore(get_arg_val<uint32_t>(11));
  constexpr uint32_t Kt = get_compile_time_arg_val(0);
  constexpr uint32_t per_core_M = get_compile_time_arg_val(1);
  constexpr uint32_t block_w = get_compile_time_arg_val(2);
  constexpr auto a_args = TensorAccessorArgs<3>();
  constexpr uint32_t kValid = 1, kInvalid = 0;

  constexpr uint32_t cb_a = tt::CBIndex::c_0;
  constexpr uint32_t block_tiles = per_core_M * block_w;
  const uint32_t tile = get_tile_size(cb_a);
  const auto a = TensorAccessor(a_args, a_addr, tile);
  volatile uint32_t* sender_sem = reinterpret_cast<volatile uint32_t*>(sender_sem_addr);
  volatile uint32_t* receiver_sem = reinterpret_cast<volatile uint32_t*>(receiver_sem_addr);

  if (is_sender) {
    noc_semaphore_set(receiver_sem, kValid);  // the word multicast to receivers as their flag
  }
  for (uint32_t kb = 0; kb < Kt / block_w; ++kb) {
    cb_reserve_back(cb_a, block_tiles);
    uint32_t l1 = get_write_ptr(cb_a);
    if (is_sender) {
      uint32_t dst = l1;
      for (uint32_t r = 0; r < per_core_M; ++r) {
        for (uint32_t k = 0; k < block_w; ++k) {
          noc_async_read_page((m0 + r) * Kt + kb * block_w + k, a, dst);
          dst += tile;
        }
      }
      noc_async_read_barrier();
      noc_semaphore_wait(sender_sem, num_dests);
      noc_semaphore_set(sender_sem, 0);
      uint64_t data_mcast = get_noc_multicast_addr(mcast_x0, mcast_y0, mcast_x1, mcast_y1, l1);
      noc_async_write_multicast(l1, data_mcast, block_tiles * tile, num_dests);
      noc_async_writes_flushed();
      uint64_t flag_mcast =
          get_noc_multicast_addr(mcast_x0, mcast_y0, mcast_x1, mcast_y1, receiver_sem_addr);
      noc_semaphore_set_multicast(receiver_sem_addr, flag_mcast, num_dests);
    } else {
      noc_semaphore_set(receiver_sem, kInvalid);
      noc_semaphore_inc(get_noc_addr(sender_x, sender_y, sender_sem_addr), 1);
      noc_semaphore_wait(receiver_sem, kValid);
    }
    cb_push_back(cb_a, block_tiles);
  }
  noc_async_write_barrier();
  noc_async_atomic_barrier();
}
