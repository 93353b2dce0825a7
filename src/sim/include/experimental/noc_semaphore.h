// experimental/noc_semaphore.h: api/dataflow/noc_semaphore.h's Semaphore in namespace
// experimental.
#pragma once
#include "api/dataflow/noc_semaphore.h"
#include "experimental/noc.h"

namespace experimental {
using ::sem_scope_of;
using ::SemAccess;
using ::Semaphore;
using ::SemaphoreBindingToken;
using ::SemScope;
}  // namespace experimental
