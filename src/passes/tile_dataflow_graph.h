// Pass C3 `tile-dataflow-graph` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After C3 every CB has a cb_index and the plan lists the CBs with role, producers, consumers.
ir::Module tile_dataflow_graph(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
