// Pass C2a `cb-sharing` (see passes.def): compute intermediates whose values are never live at
// the same time share one circular buffer, so kernels with many intermediates fit the device's
// CB indices and use less L1.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// On the unified tile program (C2's protocol-less ops, before C3 gives CBs their indices):
// merges CBs that compute alone writes and reads (no matmul accumulators), have the same tile
// grid, dtype and CB configuration, and whose values do not interfere (one is never written
// while the other holds a value), by backward liveness of CB values over the program with its
// loops and branches. A merged CB keeps the first one's allocation; C4 then pops each value
// before the next one is written, as it does for any CB rewritten with a new value.
ir::Module cb_sharing(const ir::Module& m, PassContext& ctx);

// The pass's decision on one function body: its candidate CBs in groups that may share one CB
// (the first of each hosts the others; groups of one included), in source order. C3 asks it what
// sharing would save when this pass is off.
std::vector<std::vector<ir::Buffer>> cb_sharing_groups(const ir::Stmt& body);

}  // namespace tltt::passes
