// Pass B1 `work-partition` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After B1 the plan holds the partition (mode, core grid, core ranges, per-core
// [start_id, count) work, block stride) and L1-sharded tensors their host shard spec. Errors:
// no/several T.Kernel, non-constant grid, blocks running past a tensor (partial blocks).
ir::Module work_partition(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
