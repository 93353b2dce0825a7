// Older SDK include path compute_kernel_api/transpose_wh.h, kept so era-A kernels compile
// unchanged.
#pragma once
#include "api/compute/transpose_wh.h"
