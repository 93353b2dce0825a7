// Older SDK include path compute_kernel_api/reconfig_data_format.h, kept so era-A kernels compile
// unchanged.
#pragma once
#include "api/compute/reconfig_data_format.h"
