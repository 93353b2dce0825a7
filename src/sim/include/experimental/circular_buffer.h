// experimental/circular_buffer.h: api/dataflow/circular_buffer.h's CircularBuffer in namespace
// experimental.
#pragma once
#include "api/dataflow/circular_buffer.h"
#include "experimental/noc.h"

namespace experimental {
using ::CircularBuffer;
using ::CircularBufferView;
using ::use;
}  // namespace experimental
