// Older SDK include path compute_kernel_api/reduce.h, kept so era-A kernels compile unchanged.
#pragma once
#include "api/compute/reduce.h"
