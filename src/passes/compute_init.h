// Pass D4 `compute-init` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After D4 the compute kernel starts with compute_kernel_hw_startup and op inits; the compute
// configuration (fidelity, fp32 DST accumulation, DST capacity) is in the plan.
ir::Module compute_init(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
