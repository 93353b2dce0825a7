// Older SDK include path compute_kernel_api/matmul.h, kept so era-A kernels compile unchanged.
#pragma once
#include "api/compute/matmul.h"
