// Older SDK include path compute_kernel_api/compute_kernel_hw_startup.h, kept so era-A kernels
// compile unchanged.
#pragma once
#include "api/compute/compute_kernel_hw_startup.h"
