// Pass F `verify-tt-ir` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// verify-tt-ir changes nothing; it checks CB limits, L1 usage and the attributes each kernel
// role needs.
ir::Module verify_tt_ir(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
