// Writer of the row reductions: Ht row-max tiles from c_16, then Ht row-sum tiles from c_17.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t max_addr = get_arg_val<uint32_t>(0);
  uint32_t sum_addr = get_arg_val<uint32_t>(1);
  uint32_t Ht = get_arg_val<uint32_t>(2);
  constexpr auto max_args = TensorAccessorArgs<0>();
  constexpr auto sum_args = TensorAccessorArgs<max_args.next_compile_time_args_offset()>();
  constexpr uint32_t cb_max = tt::CBIndex::c_16;
  constexpr uint32_t cb_sum = tt::CBIndex::c_17;
  const auto max_out = TensorAccessor(max_args, max_addr, get_tile_size(cb_max));
  const auto sum_out = TensorAccessor(sum_args, sum_addr, get_tile_size(cb_sum));

  for (uint32_t t = 0; t < Ht; ++t) {
    cb_wait_front(cb_max, 1);
    noc_async_write_page(t, max_out, get_read_ptr(cb_max));
    noc_async_write_barrier();
    cb_pop_front(cb_max, 1);
  }
  for (uint32_t t = 0; t < Ht; ++t) {
    cb_wait_front(cb_sum, 1);
    noc_async_write_page(t, sum_out, get_read_ptr(cb_sum));
    noc_async_write_barrier();
    cb_pop_front(cb_sum, 1);
  }
}
