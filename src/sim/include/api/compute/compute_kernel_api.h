// Umbrella of the compute kernel API: everything a compute kernel may call, including the SFPU
// functions the SDK defines directly in this file (sigmoid, silu, log, tanh, abs, square, ...).
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/detail/sfpu.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"
