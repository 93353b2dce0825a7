// Older SDK include path compute_kernel_api/untilize.h, kept so era-A kernels compile unchanged.
#pragma once
#include "api/compute/untilize.h"
