// Receiver core, in the api/dataflow spellings: reserves c_0, tells the sender (its `ready`
// semaphore), waits for the tile (`data`), then writes it to DRAM through a TensorAccessor with a
// transaction id and waits on that id.
#include "api/dataflow/circular_buffer.h"
#include "api/dataflow/noc.h"
#include "api/dataflow/noc_semaphore.h"

void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0);
  const uint32_t send_x = get_arg_val<uint32_t>(1);
  const uint32_t send_y = get_arg_val<uint32_t>(2);
  constexpr auto dst_args = TensorAccessorArgs<2>();

  Noc noc;
  CircularBuffer cb(tt::CBIndex::c_0);
  Semaphore<> ready(get_compile_time_arg_val(0));
  Semaphore<> data(get_compile_time_arg_val(1));
  const uint32_t tile = cb.get_tile_size();
  const auto dst = TensorAccessor(dst_args, dst_addr, tile);

  cb.reserve_back(1);
  ready.up(noc, send_x, send_y, 1);
  data.down(1);
  cb.push_back(1);
  cb.wait_front(1);
  noc.async_write<NocOptions::TXN_ID>(cb, dst, tile, {}, {.page_id = 0}, {.trid = 3});
  noc.async_write_barrier<NocOptions::TXN_ID>({.trid = 3});
  cb.pop_front(1);
  DPRINT << "received, data semaphore back to " << data.value() << ENDL();
}
