// Pass D1 `split-kernel` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After D1 the module holds <f>_reader, <f>_compute and <f>_writer (the plan's kernels), each with
// only its own statements and the loops and lets enclosing them.
ir::Module split_kernel(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
