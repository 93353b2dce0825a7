// Writer of the single-core matmul (Device 2.0 objects): c_16 tiles to C's TensorAccessor in
// row-major tile order.
#include <stdint.h>

#include "api/dataflow/circular_buffer.h"
#include "api/dataflow/noc.h"
#include "api/tensor/tensor_accessor.h"

void kernel_main() {
  const uint32_t c_addr = get_arg_val<uint32_t>(0);
  const uint32_t num_tiles = get_arg_val<uint32_t>(1);
  constexpr auto c_args = TensorAccessorArgs<0>();
  CircularBuffer cb_out(16);
  const auto c = TensorAccessor(c_args, c_addr, cb_out.get_tile_size());
  Noc noc;
  for (uint32_t t = 0; t < num_tiles; ++t) {
    cb_out.wait_front(1);
    noc.async_write(cb_out, c, cb_out.get_tile_size(), {}, {.page_id = t});
    noc.async_write_barrier();
    cb_out.pop_front(1);
  }
}
