// Older SDK include path compute_kernel_api/common.h, kept so era-A kernels compile unchanged.
#pragma once
#include "api/compute/common.h"
