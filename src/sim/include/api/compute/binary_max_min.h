// SDK header api/compute/binary_max_min.h: binary SFPU ops between DST tiles live in detail/sfpu.h.
#pragma once
#include "api/compute/common.h"
#include "api/compute/detail/sfpu.h"
