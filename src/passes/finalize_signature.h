// Pass E1 `finalize-signature` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After E1 every kernel reads its runtime args with get_arg_val<uint32_t>(i) in the canonical
// order recorded, with each argument's kind, in the plan's kernel.
ir::Module finalize_signature(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
