// Older SDK include path compute_kernel_api/tilize.h, kept so era-A kernels compile unchanged.
#pragma once
#include "api/compute/tilize.h"
