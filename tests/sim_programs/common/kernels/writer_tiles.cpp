// Shared writer: CB `cb` (CT arg 0) pages to [start, start+count) of one interleaved tensor,
// a batch of up to CT arg 1 pages per write barrier.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  uint32_t start = get_arg_val<uint32_t>(1);
  uint32_t count = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = get_compile_time_arg_val(0);
  constexpr uint32_t batch = get_compile_time_arg_val(1);
  constexpr auto args = TensorAccessorArgs<2>();
  const uint32_t page_bytes = get_tile_size(cb);
  const auto dst = TensorAccessor(args, addr, page_bytes);

  uint32_t page = start;
  uint32_t end = start + count;
  while (page < end) {
    uint32_t n = end - page < batch ? end - page : batch;
    cb_wait_front(cb, n);
    uint32_t l1 = get_read_ptr(cb);
    for (uint32_t i = 0; i < n; ++i) {
      noc_async_write_page(page + i, dst, l1 + i * page_bytes);
    }
    noc_async_write_barrier();
    cb_pop_front(cb, n);
    page += n;
  }
}
