// Older SDK include path compute_kernel_api/bcast.h, kept so era-A kernels compile unchanged.
#pragma once
#include "api/compute/bcast.h"
