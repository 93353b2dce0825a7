// Pass D6 `validate-lowered` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// D6 changes nothing; it reports protocol-less ops or tile statements left in any kernel.
ir::Module validate_lowered(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
