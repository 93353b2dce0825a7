// SDK header api/compute/eltwise_unary/typecast.h: typecast_tile lives in detail/sfpu.h.
#pragma once
#include "api/compute/common.h"
#include "api/compute/detail/sfpu.h"
