// Hand-written reference writer for the element-wise add: writes this core's output tiles from
// CB c_16 to C in DRAM.
#include <cstdint>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  const uint32_t c_addr = get_arg_val<uint32_t>(0);
  const uint32_t first_tile = get_arg_val<uint32_t>(1);
  const uint32_t num_tiles = get_arg_val<uint32_t>(2);

  constexpr uint32_t cb_c = tt::CBIndex::c_16;
  constexpr auto c_args = TensorAccessorArgs<0>();
  const auto c = TensorAccessor(c_args, c_addr, get_tile_size(cb_c));

  for (uint32_t t = first_tile; t < first_tile + num_tiles; ++t) {
    cb_wait_front(cb_c, 1);
    noc_async_write_page(t, c, get_read_ptr(cb_c));
    noc_async_write_barrier();
    cb_pop_front(cb_c, 1);
  }
}
