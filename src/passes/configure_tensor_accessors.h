// Pass D2 `configure-tensor-accessors` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After D2 reader and writer bind each tensor they move to a TensorAccessor variable
// (compile-time args in the order of the plan kernel's accessors, address from the <name>_addr
// runtime arg).
ir::Module configure_tensor_accessors(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
