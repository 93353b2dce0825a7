// Pass D5 `dst-management` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After D5 compute ops are explicit CB waits/pops, DST acquire/commit/wait/release, tile ops
// over DST-sized sub-blocks (with partial spill/reload) and pack_tile.
ir::Module dst_management(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
