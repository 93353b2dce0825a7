// Test kernel: copies every page of a sharded L1 tensor (read through TensorAccessor) into an
// interleaved DRAM tensor, page by page.
#include <stdint.h>

#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src = get_arg_val<uint32_t>(0), dst = get_arg_val<uint32_t>(1);
  uint32_t pages = get_arg_val<uint32_t>(2), page_size = get_arg_val<uint32_t>(3);
  constexpr auto in_args = TensorAccessorArgs<0>();
  constexpr auto out_args = TensorAccessorArgs<in_args.next_compile_time_args_offset()>();
  static_assert(in_args.is_sharded && !in_args.is_dram && out_args.is_dram && !out_args.is_sharded);
  const auto in = TensorAccessor(in_args, src, page_size);
  const auto out = TensorAccessor(out_args, dst, page_size);
  uint32_t l1 = get_write_ptr(0);
  for (uint32_t i = 0; i < pages; ++i) {
    noc_async_read_page(i, in, l1);
    noc_async_read_barrier();
    noc_async_write_page(i, out, l1);
    noc_async_write_barrier();
  }
}
