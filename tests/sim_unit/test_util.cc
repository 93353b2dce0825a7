// Kernel paths of the simulator unit tests (test_util.h). The only file compiled with the
// kernels' directory, so the other tests' objects do not depend on where the checkout is.
#include "test_util.h"

std::string kernel(const std::string& name) { return std::string(SIM_UNIT_KERNELS) + "/" + name; }
