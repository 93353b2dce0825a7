// Multicast sender: reads a tile from DRAM into c_0, waits until every receiver has reserved its
// c_0 (each raises our `ready` semaphore), multicasts the tile into the receivers' c_0 (sender
// excluded, Noc::McastMode spelling) and then multicasts `data` = 1 to release them.
#include "experimental/circular_buffer.h"
#include "experimental/noc.h"
#include "experimental/noc_semaphore.h"
#include "experimental/tensor.h"

void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0);
  const uint32_t x0 = get_arg_val<uint32_t>(1), y0 = get_arg_val<uint32_t>(2);
  const uint32_t x1 = get_arg_val<uint32_t>(3), y1 = get_arg_val<uint32_t>(4);
  const uint32_t n_receivers = get_arg_val<uint32_t>(5);
  constexpr auto src_args = TensorAccessorArgs<2>();

  experimental::Noc noc;
  experimental::CircularBuffer cb(tt::CBIndex::c_0);
  experimental::Semaphore<> ready(get_compile_time_arg_val(0));
  experimental::Semaphore<> data(get_compile_time_arg_val(1));
  const uint32_t tile = cb.get_tile_size();
  const auto src = TensorAccessor(src_args, src_addr, tile);

  cb.reserve_back(1);
  noc.async_read(src, cb, tile, {.page_id = 0}, {});
  noc.async_read_barrier();
  cb.push_back(1);
  cb.wait_front(1);

  ready.wait(n_receivers);
  // The source is our c_0 at its read pointer. The CB holds one page, so after the push our write
  // pointer (the multicast destination address) is back at the CB's start: the
  // address where every receiver (same CB layout, nothing pushed yet) has reserved its page.
  noc.async_write_multicast<experimental::Noc::McastMode::EXCLUDE_SRC>(
      cb, cb, tile, n_receivers, {},
      {.noc_x_start = x0, .noc_y_start = y0, .noc_x_end = x1, .noc_y_end = y1});
  noc.async_write_barrier();
  data.set(1);
  data.set_multicast(noc, x0, y0, x1, y1, n_receivers);
  noc.async_write_barrier();
  cb.pop_front(1);
}
