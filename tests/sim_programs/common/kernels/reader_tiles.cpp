// Shared reader: pages [start, start+count) of one interleaved tensor into CB `cb` (CT arg 0),
// a batch of up to CT arg 1 pages per read barrier.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t addr = get_arg_val<uint32_t>(0);
  uint32_t start = get_arg_val<uint32_t>(1);
  uint32_t count = get_arg_val<uint32_t>(2);
  constexpr uint32_t cb = get_compile_time_arg_val(0);
  constexpr uint32_t batch = get_compile_time_arg_val(1);
  constexpr auto args = TensorAccessorArgs<2>();
  const uint32_t page_bytes = get_tile_size(cb);
  const auto src = TensorAccessor(args, addr, page_bytes);

  uint32_t page = start;
  uint32_t end = start + count;
  while (page < end) {
    uint32_t n = end - page < batch ? end - page : batch;
    cb_reserve_back(cb, n);
    uint32_t l1 = get_write_ptr(cb);
    for (uint32_t i = 0; i < n; ++i) {
      noc_async_read_page(page + i, src, l1 + i * page_bytes);
    }
    noc_async_read_barrier();
    cb_push_back(cb, n);
    page += n;
  }
}
