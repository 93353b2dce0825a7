// experimental/endpoints.h: api/dataflow/endpoints.h's endpoints in namespace experimental.
#pragma once
#include "api/dataflow/endpoints.h"
#include "experimental/noc.h"

namespace experimental {
using ::AllocatorBank;
using ::AllocatorBankType;
using ::MulticastEndpoint;
using ::UnicastEndpoint;
}  // namespace experimental
