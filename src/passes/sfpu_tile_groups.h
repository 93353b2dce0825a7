// Pass D4b `sfpu-tile-groups` (see passes.def): how many output tiles of a fused element-wise
// tree D5 evaluates in one DST acquire.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// Sets tt.sfpu's tile_group attribute (tt_ops.def) where more than one tile fits; without this
// pass D5 evaluates every tree one output tile per acquire, each op after its own init.
ir::Module sfpu_tile_groups(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
