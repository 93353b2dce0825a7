// SDK header api/compute/binary_bitwise_sfpu.h: the integer SFPU ops live in detail/sfpu.h.
#pragma once
#include "api/compute/common.h"
#include "api/compute/detail/sfpu.h"
