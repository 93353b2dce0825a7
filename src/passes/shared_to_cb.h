// Pass C1 `shared-to-cb` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After C1 every on-chip buffer in tile dataflow is a CB (scope cb, attrs format/page_size/
// num_pages); direct element-wise loops over tensors are staged through new CBs.
ir::Module shared_to_cb(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
