// Test kernel: copies num_pages pages DRAM -> L1 scratch -> DRAM, one page at a time.
#include <stdint.h>

#include "dataflow_api.h"

void kernel_main() {
  uint32_t src = get_arg_val<uint32_t>(0);
  uint32_t dst = get_arg_val<uint32_t>(1);
  uint32_t num_pages = get_arg_val<uint32_t>(2);
  uint32_t page_size = get_arg_val<uint32_t>(3);
  uint32_t scratch = get_arg_val<uint32_t>(4);
  const InterleavedAddrGen<true> in{.bank_base_address = src, .page_size = page_size};
  const InterleavedAddrGen<true> out{.bank_base_address = dst, .page_size = page_size};
  for (uint32_t i = 0; i < num_pages; ++i) {
    noc_async_read(get_noc_addr(i, in), scratch, page_size);
    noc_async_read_barrier();
    noc_async_write(scratch, get_noc_addr(i, out), page_size);
    noc_async_write_barrier();
  }
}
