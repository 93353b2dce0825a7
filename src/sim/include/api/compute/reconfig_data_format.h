// SDK header api/compute/reconfig_data_format.h: the reconfig calls live in pack.h.
#pragma once
#include "api/compute/pack.h"
