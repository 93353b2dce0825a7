// SDK header api/compute/eltwise_unary/elu.h: the SFPU functions live in detail/sfpu.h.
#pragma once
#include "api/compute/common.h"
#include "api/compute/detail/sfpu.h"
#include "api/compute/reg_api.h"
