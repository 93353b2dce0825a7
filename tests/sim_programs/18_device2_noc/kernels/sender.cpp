// Sender core, in the experimental:: spellings of the SDK's examples: reads a tile from DRAM
// through its TensorAccessor into c_0, waits until the receiver has reserved room (it raises our
// `ready` semaphore), writes the tile into the receiver's c_0 and raises its `data` semaphore.
#include "experimental/circular_buffer.h"
#include "experimental/endpoints.h"
#include "experimental/noc.h"
#include "experimental/noc_semaphore.h"
#include "experimental/tensor.h"

void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0);
  const uint32_t recv_x = get_arg_val<uint32_t>(1);
  const uint32_t recv_y = get_arg_val<uint32_t>(2);
  constexpr auto src_args = TensorAccessorArgs<2>();

  experimental::Noc noc;
  experimental::CircularBuffer cb(tt::CBIndex::c_0);
  experimental::Semaphore<> ready(get_compile_time_arg_val(0));
  experimental::Semaphore<> data(get_compile_time_arg_val(1));
  experimental::UnicastEndpoint receiver;
  const uint32_t tile = cb.get_tile_size();
  const auto src = TensorAccessor(src_args, src_addr, tile);

  cb.reserve_back(1);
  noc.async_read(src, cb, tile, {.page_id = 0}, {.offset_bytes = 0});
  noc.async_read_barrier();
  cb.push_back(1);
  cb.wait_front(1);

  ready.wait(1);
  // Both cores lay out their CBs alike, so the receiver's c_0 starts where ours does.
  noc.async_write(cb, receiver, tile, {.offset_bytes = 0},
                  {.noc_x = recv_x, .noc_y = recv_y, .addr = cb.get_read_ptr()});
  noc.async_write_barrier();
  data.up(noc, recv_x, recv_y, 1);
  noc.async_atomic_barrier();
  cb.pop_front(1);
  DPRINT << "sent " << tile << " bytes" << ENDL();
}
