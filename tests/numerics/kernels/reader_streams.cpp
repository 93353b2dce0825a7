// Test reader: runtime args (n_streams, then per stream: DRAM address, CB, tile count); pushes
// tile i of every stream that has one, round robin, one tile per push.
#include <stdint.h>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
  uint32_t max_count = 0;
  for (uint32_t s = 0; s < n; ++s) {
    uint32_t c = get_arg_val<uint32_t>(3 + 3 * s);
    max_count = c > max_count ? c : max_count;
  }
  for (uint32_t i = 0; i < max_count; ++i) {
    for (uint32_t s = 0; s < n; ++s) {
      uint32_t addr = get_arg_val<uint32_t>(1 + 3 * s);
      uint32_t cb = get_arg_val<uint32_t>(2 + 3 * s);
      uint32_t count = get_arg_val<uint32_t>(3 + 3 * s);
      if (i >= count) {
        continue;
      }
      const InterleavedAddrGenFast<true> gen = {
          .bank_base_address = addr,
          .page_size = static_cast<uint32_t>(get_tile_size(cb)),
          .data_format = get_dataformat(cb)};
      cb_reserve_back(cb, 1);
      noc_async_read_tile(i, gen, get_write_ptr(cb));
      noc_async_read_barrier();
      cb_push_back(cb, 1);
    }
  }
}
