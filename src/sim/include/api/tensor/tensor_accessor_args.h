// TensorAccessorArgs lives with TensorAccessor in this simulator.
#pragma once
#include "api/tensor/tensor_accessor.h"
