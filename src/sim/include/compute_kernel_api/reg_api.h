// Older SDK include path compute_kernel_api/reg_api.h, kept so era-A kernels compile unchanged.
#pragma once
#include "api/compute/reg_api.h"
