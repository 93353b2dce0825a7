// Pass A3 `attach-tensor-accessors` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After A3 every tensor of the plan has its access (read, written, both or unused) from the
// dataflow, and the written ones are the kernel's outputs.
ir::Module attach_tensor_accessors(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
