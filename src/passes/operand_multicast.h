// Pass D8 `operand-multicast` (see passes.def), an optimization pass: operands that a row or a
// column of cores all read are read from DRAM once per row (column) and multicast.
#pragma once
#include <string>

#include "passes/pass.h"

namespace tltt::passes {

// After D8: when the T.Kernel grid is 2-D and fits the device grid with one block per core,
// the partition is the rectangle of cores (x, y) computing block y * width + x, and every
// reader CB whose tile ids depend on the block's y (x) coordinate alone, plus the loops
// inside the block, is listed in the plan's multicast operands: the core in column (row) 0
// reads it and multicasts it to the rest of its row (column) with the semaphore handshake of
// the reader's mcast_ready / mcast_send / mcast_receive helpers. Each decision is a remark.
ir::Module operand_multicast(const ir::Module& m, PassContext& ctx);

// The name of the tt.runtime_arg that carries argument `kind` (a kMcast* kind) of the
// multicast of `tensor`; E1 maps it back to the typed argument through the plan.
std::string multicast_arg_name(const std::string& tensor, ir::RuntimeArgKind kind);

}  // namespace tltt::passes
