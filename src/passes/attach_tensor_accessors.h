// Pass A3 `attach-tensor-accessors` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After A3 every tensor has an abstract tt.tensor_accessor.<name> whose access pattern comes
// from the dataflow (read, written or both).
ir::Module attach_tensor_accessors(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
