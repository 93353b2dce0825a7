// Negative case "compile_error": this compute kernel does not compile (undeclared identifier and
// a missing semicolon); the simulator's message must name this file.
#include "api/compute/compute_kernel_hw_startup.h"

void kernel_main() {
  compute_kernel_hw_startup(tt::CBIndex::c_0, tt::CBIndex::c_16) this_function_does_not_exist(42);
}
