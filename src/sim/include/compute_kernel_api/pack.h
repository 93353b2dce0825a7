// Older SDK include path compute_kernel_api/pack.h, kept so era-A kernels compile unchanged.
#pragma once
#include "api/compute/pack.h"
