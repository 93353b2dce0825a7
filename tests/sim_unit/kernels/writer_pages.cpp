// Test kernel: writes pages [start, start+count) from CB 0 to an interleaved buffer; adds the
// core's x coordinate to every 32-bit word when ADD_CORE_X is defined (checks per-core code).
#include <stdint.h>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t dst = get_arg_val<uint32_t>(0);
  uint32_t start = get_arg_val<uint32_t>(1);
  uint32_t count = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = get_named_compile_time_arg_val("cb");
  constexpr auto args = TensorAccessorArgs<0>();
  const auto s = TensorAccessor(args, dst, get_tile_size(cb));
  for (uint32_t i = start; i < start + count; ++i) {
    cb_wait_front(cb, 1);
    uint32_t l1 = get_read_ptr(cb);
#ifdef ADD_VALUE
    volatile tt_l1_ptr uint32_t* p = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(l1);
    for (uint32_t w = 0; w < get_tile_size(cb) / 4; ++w) {
      p[w] = p[w] + ADD_VALUE;
    }
#endif
    noc_async_write_page(i, s, l1);
    noc_async_write_barrier();
    cb_pop_front(cb, 1);
  }
}
