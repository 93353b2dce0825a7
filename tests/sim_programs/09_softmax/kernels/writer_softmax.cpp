// Era-A writer of the row softmax: c_16 tiles to the output in order (noc_async_write_tile).
#include <stdint.h>

#include "dataflow_api.h"

void kernel_main() {
  uint32_t dst_addr = get_arg_val<uint32_t>(0);
  uint32_t num_tiles = get_arg_val<uint32_t>(1);
  constexpr uint32_t cb_out = 16;
  const InterleavedAddrGenFast<true> dst = {
      .bank_base_address = dst_addr,
      .page_size = static_cast<uint32_t>(get_tile_size(cb_out)),
      .data_format = get_dataformat(cb_out)};
  for (uint32_t t = 0; t < num_tiles; ++t) {
    cb_wait_front(cb_out, 1);
    noc_async_write_tile(t, dst, get_read_ptr(cb_out));
    noc_async_write_barrier();
    cb_pop_front(cb_out, 1);
  }
}
