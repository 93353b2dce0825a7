// Pass A2 `propagate-layout` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After A2 tt.cb_descriptors holds one stream descriptor per tensor (page size, data format,
// default depth, sharding) and tt.cb_summary their totals.
ir::Module propagate_layout(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
