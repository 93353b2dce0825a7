// Writer of the blocked matmul: output subblocks arrive in (sh, sw) order, each sub_h x sub_w
// tiles row-major; writes them to their place in C.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t c_addr = get_arg_val<uint32_t>(0);
  uint32_t m0 = get_arg_val<uint32_t>(1);
  uint32_t n0 = get_arg_val<uint32_t>(2);
  constexpr uint32_t Nt = get_compile_time_arg_val(0);
  constexpr uint32_t per_core_M = get_compile_time_arg_val(1);
  constexpr uint32_t per_core_N = get_compile_time_arg_val(2);
  constexpr uint32_t sub_h = get_compile_time_arg_val(3);
  constexpr uint32_t sub_w = get_compile_time_arg_val(4);
  constexpr auto c_args = TensorAccessorArgs<5>();
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  const uint32_t tile = get_tile_size(cb_out);
  const auto c = TensorAccessor(c_args, c_addr, tile);

  for (uint32_t sh = 0; sh < per_core_M / sub_h; ++sh) {
    for (uint32_t sw = 0; sw < per_core_N / sub_w; ++sw) {
      cb_wait_front(cb_out, sub_h * sub_w);
      uint32_t l1 = get_read_ptr(cb_out);
      for (uint32_t r = 0; r < sub_h; ++r) {
        for (uint32_t col = 0; col < sub_w; ++col) {
          uint32_t row_t = m0 + sh * sub_h + r;
          uint32_t col_t = n0 + sw * sub_w + col;
          noc_async_write_page(row_t * Nt + col_t, c, l1);
          l1 += tile;
        }
      }
      noc_async_write_barrier();
      cb_pop_front(cb_out, sub_h * sub_w);
    }
  }
}
