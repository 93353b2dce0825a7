// Test kernel: writes n tiles from CB 16 to an interleaved DRAM buffer.
#include <stdint.h>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t dst = get_arg_val<uint32_t>(0), n = get_arg_val<uint32_t>(1);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto s = TensorAccessor(args, dst, get_tile_size(16));
  for (uint32_t i = 0; i < n; ++i) {
    cb_wait_front(16, 1);
    noc_async_write_tile(i, s, get_read_ptr(16));
    noc_async_write_barrier();
    cb_pop_front(16, 1);
  }
}
