// Pass C2 `tile-intrinsics` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After C2 the tile statements are protocol-less tt.* calls (read_tiles, write_tiles, matmul,
// binary, copy_tiles). Errors: any statement the Tenstorrent lowering does not support.
ir::Module tile_intrinsics(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
