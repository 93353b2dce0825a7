// Reader of the blocked matmul: for each K block, this core's in0 block (per_core_M x block_w
// tiles, row-major) into c_0 and in1 block (block_w x per_core_N tiles, row-major) into c_1.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t a_addr = get_arg_val<uint32_t>(0);
  uint32_t b_addr = get_arg_val<uint32_t>(1);
  uint32_t m0 = get_arg_val<uint32_t>(2);  // first tile row of this core's block
  uint32_t n0 = get_arg_val<uint32_t>(3);  // first tile column
  constexpr uint32_t Kt = get_compile_time_arg_val(0);
  constexpr uint32_t Nt = get_compile_time_arg_val(1);
  constexpr uint32_t per_core_M = get_compile_time_arg_val(2);
  constexpr uint32_t per_core_N = get_compile_time_arg_val(3);
  constexpr uint32_t block_w = get_compile_time_arg_val(4);
  constexpr auto a_args = TensorAccessorArgs<5>();
  constexpr auto b_args = TensorAccessorArgs<a_args.next_compile_time_args_offset()>();

  constexpr uint32_t cb_a = tt::CBIndex::c_0;
  constexpr uint32_t cb_b = tt::CBIndex::c_1;
  const uint32_t a_tile = get_tile_size(cb_a);
  const uint32_t b_tile = get_tile_size(cb_b);
  const auto a = TensorAccessor(a_args, a_addr, a_tile);
  const auto b = TensorAccessor(b_args, b_addr, b_tile);

  for (uint32_t kb = 0; kb < Kt / block_w; ++kb) {
    cb_reserve_back(cb_a, per_core_M * block_w);
    uint32_t l1 = get_write_ptr(cb_a);
    for (uint32_t r = 0; r < per_core_M; ++r) {
      for (uint32_t k = 0; k < block_w; ++k) {
        noc_async_read_page((m0 + r) * Kt + kb * block_w + k, a, l1);
        l1 += a_tile;
      }
    }
    cb_reserve_back(cb_b, block_w * per_core_N);
    l1 = get_write_ptr(cb_b);
    for (uint32_t k = 0; k < block_w; ++k) {
      for (uint32_t c = 0; c < per_core_N; ++c) {
        noc_async_read_page((kb * block_w + k) * Nt + n0 + c, b, l1);
        l1 += b_tile;
      }
    }
    noc_async_read_barrier();
    cb_push_back(cb_a, per_core_M * block_w);
    cb_push_back(cb_b, block_w * per_core_N);
  }
}
