// Pass A2 `propagate-layout` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After A2 every interleaved L1 tensor of the plan is known to fit in the L1 banks of the
// device's worker cores (the module is unchanged).
ir::Module propagate_layout(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
