// Test kernel: reads tile i of A into CB 0 and tile i of B into CB 1 for i in [0, n).
#include <stdint.h>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t a = get_arg_val<uint32_t>(0), b = get_arg_val<uint32_t>(1), n = get_arg_val<uint32_t>(2);
  constexpr auto aa = TensorAccessorArgs<0>();
  constexpr auto ba = TensorAccessorArgs<aa.next_compile_time_args_offset()>();
  const auto sa = TensorAccessor(aa, a, get_tile_size(0));
  const auto sb = TensorAccessor(ba, b, get_tile_size(1));
  for (uint32_t i = 0; i < n; ++i) {
    cb_reserve_back(0, 1);
    cb_reserve_back(1, 1);
    noc_async_read_tile(i, sa, get_write_ptr(0));
    noc_async_read_tile(i, sb, get_write_ptr(1));
    noc_async_read_barrier();
    cb_push_back(0, 1);
    cb_push_back(1, 1);
  }
}
