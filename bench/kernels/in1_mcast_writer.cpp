// in1 (B) mover and output writer of the bench 2-D multicast GEMM (from sim_programs test 07),
// on NoC0: row-0 cores read B blocks and multicast them down their column; every core then writes
// its output subblocks to C.
#include "api/dataflow/dataflow_api.h"
#include "mcast_link.h"

void kernel_main() {
  const McastLink link = McastLink::from_args();
  uint32_t b_addr = get_arg_val<uint32_t>(0);
  uint32_t n0 = get_arg_val<uint32_t>(2);
  uint32_t c_addr = get_arg_val<uint32_t>(12);
  uint32_t m0 = get_arg_val<uint32_t>(13);
  constexpr uint32_t Kt = get_compile_time_arg_val(0);
  constexpr uint32_t Nt = get_compile_time_arg_val(1);
  constexpr uint32_t per_core_M = get_compile_time_arg_val(2);
  constexpr uint32_t per_core_N = get_compile_time_arg_val(3);
  constexpr uint32_t block_w = get_compile_time_arg_val(4);
  constexpr uint32_t sub_h = get_compile_time_arg_val(5);
  constexpr uint32_t sub_w = get_compile_time_arg_val(6);
  constexpr auto b_args = TensorAccessorArgs<7>();
  constexpr auto c_args = TensorAccessorArgs<b_args.next_compile_time_args_offset()>();

  constexpr uint32_t cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  constexpr uint32_t block_tiles = block_w * per_core_N;
  const uint32_t tile = get_tile_size(cb_b);
  const auto b = TensorAccessor(b_args, b_addr, tile);
  const auto c = TensorAccessor(c_args, c_addr, get_tile_size(cb_out));

  for (uint32_t kb = 0; kb < Kt / block_w; ++kb) {
    cb_reserve_back(cb_b, block_tiles);
    uint32_t l1 = get_write_ptr(cb_b);
    if (link.is_sender) {
      uint32_t dst = l1;
      for (uint32_t k = 0; k < block_w; ++k) {
        for (uint32_t col = 0; col < per_core_N; ++col) {
          noc_async_read_page((kb * block_w + k) * Nt + n0 + col, b, dst);
          dst += tile;
        }
      }
      noc_async_read_barrier();
      link.send(l1, block_tiles * tile);
    } else {
      link.receive();
    }
    cb_push_back(cb_b, block_tiles);
  }

  const uint32_t out_tile = get_tile_size(cb_out);
  for (uint32_t sh = 0; sh < per_core_M / sub_h; ++sh) {
    for (uint32_t sw = 0; sw < per_core_N / sub_w; ++sw) {
      cb_wait_front(cb_out, sub_h * sub_w);
      uint32_t src = get_read_ptr(cb_out);
      for (uint32_t r = 0; r < sub_h; ++r) {
        for (uint32_t col = 0; col < sub_w; ++col) {
          noc_async_write_page((m0 + sh * sub_h + r) * Nt + n0 + sw * sub_w + col, c, src);
          src += out_tile;
        }
      }
      noc_async_write_barrier();
      cb_pop_front(cb_out, sub_h * sub_w);
    }
  }
  noc_async_atomic_barrier();
}
