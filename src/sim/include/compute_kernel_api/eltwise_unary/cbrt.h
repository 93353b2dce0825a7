// Older SDK include path compute_kernel_api/eltwise_unary/cbrt.h, kept so era-A kernels compile
// unchanged.
#pragma once
#include "api/compute/eltwise_unary/cbrt.h"
