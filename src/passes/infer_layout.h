// Pass A1 `infer-layout` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After A1 the plan lists every tensor parameter with its layout (memory, layout, tile shape,
// nd_shard, page size, vector form), the scalars and the device; layout annotations are
// consumed (removed from the body). Errors: invalid layouts,
// untiled tensors.
ir::Module infer_layout(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
