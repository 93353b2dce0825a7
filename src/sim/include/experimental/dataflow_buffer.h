// experimental/dataflow_buffer.h: api/dataflow/dataflow_buffer.h's DataflowBuffer in namespace
// experimental (its spelling before it moved to api/dataflow).
#pragma once
#include "api/dataflow/dataflow_buffer.h"

namespace experimental {
using ::DataflowBuffer;
}  // namespace experimental
