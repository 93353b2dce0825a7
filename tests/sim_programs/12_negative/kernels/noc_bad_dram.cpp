// Negative case "noc_outside_buffer": a NoC read 64 MiB past the start of a 4 KiB DRAM buffer,
// i.e. outside every allocated DRAM buffer, into a valid CB page.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, src_addr, 2048);
  constexpr uint32_t cb = tt::CBIndex::c_0;
  cb_reserve_back(cb, 1);
  noc_async_read(src.get_noc_addr(0) + (64u << 20), get_write_ptr(cb), 64);
  noc_async_read_barrier();
  cb_push_back(cb, 1);
}
