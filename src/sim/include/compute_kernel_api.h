// Older SDK include path compute_kernel_api.h, kept so era-A kernels compile unchanged.
#pragma once
#include "api/compute/compute_kernel_api.h"
