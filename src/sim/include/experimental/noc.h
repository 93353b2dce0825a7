// experimental/noc.h: the Device 2.0 Noc in namespace experimental, as the SDK's programming
// examples spell it (experimental::Noc, Noc::McastMode, ...); the objects are api/dataflow/noc.h's.
#pragma once
#include "api/dataflow/noc.h"

namespace experimental {
using ::Noc;
using ::noc_traits_t;
using ::NocOptions;
using ::NocOptVals;
}  // namespace experimental
