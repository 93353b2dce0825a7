// in0 (A) mover of the bench 2-D multicast GEMM (from the project's sim_programs test 07), on NoC1.
// Column-0 cores read each A block of their block row from DRAM and multicast it along the row;
// receivers handshake with "ready" increments and a VALID flag multicast.
#include "api/dataflow/dataflow_api.h"
#include "mcast_link.h"

void kernel_main() {
  const McastLink link = McastLink::from_args();
  uint32_t a_addr = get_arg_val<uint32_t>(0);
  uint32_t m0 = get_arg_val<uint32_t>(2);
  constexpr uint32_t Kt = get_compile_time_arg_val(0);
  constexpr uint32_t per_core_M = get_compile_time_arg_val(1);
  constexpr uint32_t block_w = get_compile_time_arg_val(2);
  constexpr auto a_args = TensorAccessorArgs<3>();

  constexpr uint32_t cb_a = tt::CBIndex::c_0;
  constexpr uint32_t block_tiles = per_core_M * block_w;
  const uint32_t tile = get_tile_size(cb_a);
  const auto a = TensorAccessor(a_args, a_addr, tile);

  for (uint32_t kb = 0; kb < Kt / block_w; ++kb) {
    cb_reserve_back(cb_a, block_tiles);
    uint32_t l1 = get_write_ptr(cb_a);
    if (link.is_sender) {
      uint32_t dst = l1;
      for (uint32_t r = 0; r < per_core_M; ++r) {
        for (uint32_t k = 0; k < block_w; ++k) {
          noc_async_read_page((m0 + r) * Kt + kb * block_w + k, a, dst);
          dst += tile;
        }
      }
      noc_async_read_barrier();
      link.send(l1, block_tiles * tile);
    } else {
      link.receive();
    }
    cb_push_back(cb_a, block_tiles);
  }
  noc_async_write_barrier();
  noc_async_atomic_barrier();
}
