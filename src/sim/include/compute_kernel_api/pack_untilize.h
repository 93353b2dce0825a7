// Older SDK include path compute_kernel_api/pack_untilize.h, kept so era-A kernels compile
// unchanged.
#pragma once
#include "api/compute/pack_untilize.h"
