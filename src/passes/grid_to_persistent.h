// Pass B2 `grid-to-persistent` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After B2 no KernelLaunch remains: the body is a persistent loop over
// [start_id, start_id + count) with the block coordinates recovered from the block id.
ir::Module grid_to_persistent(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
