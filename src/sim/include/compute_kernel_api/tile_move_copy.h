// Older SDK include path compute_kernel_api/tile_move_copy.h, kept so era-A kernels compile
// unchanged.
#pragma once
#include "api/compute/tile_move_copy.h"
