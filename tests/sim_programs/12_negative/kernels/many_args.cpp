// Negative case "too_many_runtime_args": reads the last of the 342 runtime args the host set
// (one more than the 341 the device supports).
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  volatile uint32_t last = get_arg_val<uint32_t>(341);
  (void)last;
}
