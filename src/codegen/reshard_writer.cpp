// Writer of the copy between two storages of one tensor (reshard_reader.cpp): stores the pages
// the reader puts into CB c_0 into the destination, in whatever storage
// its TensorAccessorArgs describe; page p of the source becomes page p of the destination (the
// same tiles, placed by the destination's interleaving or shard spec).
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  const uint32_t dst_addr = get_arg_val<uint32_t>(0);
  const uint32_t start = get_arg_val<uint32_t>(1);
  const uint32_t rows = get_arg_val<uint32_t>(2);  // runs of `cols` pages, `stride` apart
  const uint32_t cols = get_arg_val<uint32_t>(3);
  const uint32_t stride = get_arg_val<uint32_t>(4);
  constexpr uint32_t cb = tt::CBIndex::c_0;
  constexpr auto dst_args = TensorAccessorArgs<0>();
  const uint32_t page = get_tile_size(cb);
  const auto dst = TensorAccessor(dst_args, dst_addr, page);
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint32_t p = start + r * stride; p < start + r * stride + cols; ++p) {
      cb_wait_front(cb, 1);
      noc_async_write_page(p, dst, get_read_ptr(cb));
      noc_async_write_barrier();
      cb_pop_front(cb, 1);
    }
  }
}
