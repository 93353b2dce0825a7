// Negative case "noc_outside_l1": a NoC read from a valid DRAM page into an L1 address past the
// end of the core's L1 (runtime arg 1 = 2 MiB, above both devices' L1 size).
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  uint32_t src_addr = get_arg_val<uint32_t>(0);
  uint32_t bad_l1 = get_arg_val<uint32_t>(1);
  constexpr auto args = TensorAccessorArgs<0>();
  const auto src = TensorAccessor(args, src_addr, 2048);
  noc_async_read(src.get_noc_addr(0), bad_l1, 64);
  noc_async_read_barrier();
}
