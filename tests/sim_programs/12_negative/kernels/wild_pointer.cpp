// A data-movement kernel that stores through a pointer that is neither in its core's L1 nor in
// any buffer: the simulator must report the kernel, core and address instead of crashing.
#include "api/dataflow/dataflow_api.h"

void kernel_main() {
  volatile tt_l1_ptr uint32_t* p = reinterpret_cast<volatile tt_l1_ptr uint32_t*>(0x40000000u);
  *p = 1;
}
