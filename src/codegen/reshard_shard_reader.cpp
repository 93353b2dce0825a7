// The copy between two storages of one tensor (a Reshard of the device plan) into an L1-sharded
// destination, run on the destination's shard cores: each core reads the pages of its own shard
// (`rows` runs of `cols` pages from page `start`, `stride` pages apart) from the source, in
// whatever storage its TensorAccessorArgs describe, straight into its shard in its own L1 (at
// `dst_addr`, the shard's pages row-major), every read in flight at once and one barrier at the
// end, as TTNN's reshard does. No CB and no writer: nothing leaves the core.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  const uint32_t src_addr = get_arg_val<uint32_t>(0);
  const uint32_t start = get_arg_val<uint32_t>(1);
  const uint32_t rows = get_arg_val<uint32_t>(2);
  const uint32_t cols = get_arg_val<uint32_t>(3);
  const uint32_t stride = get_arg_val<uint32_t>(4);
  const uint32_t dst_addr = get_arg_val<uint32_t>(5);
  const uint32_t page = get_arg_val<uint32_t>(6);
  constexpr auto src_args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(src_args, src_addr, page);
  uint32_t l1 = dst_addr;
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint32_t p = start + r * stride; p < start + r * stride + cols; ++p) {
      noc_async_read_page(p, src, l1);
      l1 += page;
    }
  }
  noc_async_read_barrier();
}
