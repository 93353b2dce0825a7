// Multicast receiver: reserves c_0, raises the sender's `ready`, waits until `data` is 1 (the
// tile has landed), then writes the tile to page `page` of the output through its accessor.
#include "api/dataflow/circular_buffer.h"
#include "api/dataflow/noc_semaphore.h"

void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0);
  const uint32_t send_x = get_arg_val<uint32_t>(1), send_y = get_arg_val<uint32_t>(2);
  const uint32_t page = get_arg_val<uint32_t>(3);
  constexpr auto dst_args = TensorAccessorArgs<2>();

  Noc noc;
  CircularBuffer cb(tt::CBIndex::c_0);
  Semaphore<> ready(get_compile_time_arg_val(0));
  Semaphore<> data(get_compile_time_arg_val(1));
  const uint32_t tile = cb.get_tile_size();
  const auto dst = TensorAccessor(dst_args, dst_addr, tile);

  cb.reserve_back(1);
  ready.up(noc, send_x, send_y, 1);
  data.wait(1);
  cb.push_back(1);
  cb.wait_front(1);
  noc.async_write(cb, dst, tile, {}, {.page_id = page});
  noc.async_write_barrier();
  cb.pop_front(1);
}
