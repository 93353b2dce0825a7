// SDK header api/compute/eltwise_unary/sfpu_split_includes.h: pulls in every SFPU op.
#pragma once
#include "api/compute/detail/sfpu.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
