// Pass D3 `cb-noc-protocol` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After D3 reader/writer tile moves are explicit CB reserve/push (wait/pop) and NoC tile
// transfers with tile ids computed from region coordinates.
ir::Module cb_noc_protocol(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
