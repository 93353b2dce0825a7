// Pass C3 `tile-dataflow-graph` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After C3 every CB has a role and a cb_index; tt.tile_dfg and tt.cb_indices describe the graph.
ir::Module tile_dataflow_graph(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
