// Pass A1 `infer-layout` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After A1 every tensor parameter has tt.buffer.<name> = {memory, layout, dtype, tile_shape[,
// nd_shard]}; layout annotations are consumed (removed from the body). Errors: invalid layouts,
// untiled tensors.
ir::Module infer_layout(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
