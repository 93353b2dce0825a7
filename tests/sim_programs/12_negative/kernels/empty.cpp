// A data-movement kernel that does nothing (the negative case's error is on the host side).
#include "api/dataflow/dataflow_api.h"

void kernel_main() {}
