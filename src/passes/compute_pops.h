// Pass C4 `compute-pops` (see passes.def): where compute pops its circular buffers.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// Before C4: the unified tile program with CB indices (C3), compute reading CB values without
// pops. After C4: `cb_pop_front(cb, tiles)` after the last compute read of every CB value, from
// the liveness of CB values (insert_compute_pops in cb_liveness.h).
ir::Module compute_pops(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
