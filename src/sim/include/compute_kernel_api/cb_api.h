// Older SDK include path compute_kernel_api/cb_api.h, kept so era-A kernels compile unchanged.
#pragma once
#include "api/compute/cb_api.h"
