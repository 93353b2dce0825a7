// Older SDK include path compute_kernel_api/binary_max_min.h, kept so era-A kernels compile
// unchanged.
#pragma once
#include "api/compute/binary_max_min.h"
