// Test kernel: reads pages [start, start+count) of an interleaved buffer into CB 0, one per push.
#include <stdint.h>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src = get_arg_val<uint32_t>(0);
  uint32_t start = get_arg_val<uint32_t>(1);
  uint32_t count = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = get_compile_time_arg_val(0);
  constexpr auto args = TensorAccessorArgs<1>();
  const uint32_t page = get_tile_size(cb);
  const auto s = TensorAccessor(args, src, page);
  for (uint32_t i = start; i < start + count; ++i) {
    cb_reserve_back(cb, 1);
    noc_async_read_page(i, s, get_write_ptr(cb));
    noc_async_read_barrier();
    cb_push_back(cb, 1);
  }
}
