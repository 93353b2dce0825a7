// Pass D7 `overlap-data-movement` (see passes.def), an optimization pass: the reader and writer
// overlap their NoC transactions with each other and with compute.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After D7: the plan puts the reader on NoC 0 and the writer on NoC 1, and consecutive D3
// transfer groups of one kernel (reserve/read/barrier/push, or wait/write/barrier/pop) over
// distinct CBs that hold two groups each share one barrier: all their transactions are issued
// before it, then every CB is pushed (popped). Each decision is a remark.
ir::Module overlap_data_movement(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
