// experimental/tensor.h: a TensorAccessor is a Noc endpoint; its noc_traits_t lives with the Noc
// in api/dataflow/noc.h, so this header only makes it reachable under the SDK's path.
#pragma once
#include "api/tensor/tensor_accessor.h"
#include "experimental/noc.h"
