// Negative case "unsupported_noc_call": the NoC zero-fill mode is not simulated, so a kernel
// that uses it must fail to compile with a message naming the call.
#include "api/dataflow/noc.h"

void kernel_main() {
  Noc noc;
  noc.write_zeros_l1_barrier();
}
