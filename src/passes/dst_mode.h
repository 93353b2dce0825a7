// The one rule for DST's accumulation mode: B3 plans its spilling with it and D4 configures the
// compute kernel with it (fp32_dest_acc_en, and the DST capacity D5 expands into).
#pragma once
#include <functional>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// DST holds fp32 values (fp32_dest_acc_en, half the tiles) when a float32 block takes part in
// compute: an operand of a tt compute op, or (before C2 lowers them) of a gemm, a reduction, a
// fill, an on-chip copy or an element-wise store or load. The answer follows the blocks' dtypes
// at the stage it is asked: C1 packs a compute result copied straight to a tensor in the
// tensor's format, so a float32 block can become a 16-bit CB between B3 and D4 (B3 then plans
// with fewer DST tiles than D4 configures, never more).
bool dst_fp32(const ir::Stmt& body);
// Whether a block of a dtype `pred` accepts takes part in compute (the blocks dst_fp32 looks at).
bool any_compute_block(const ir::Stmt& body, const std::function<bool(const ir::DataType&)>& pred);
// Whether a block of `dtype` taking part in compute puts DST in fp32 mode (B3 asks it for the
// mask tiles it adds).
bool dst_fp32(const ir::DataType& dtype);
// The mode D4 configures, and B3 and B0 plan with: the user's choice (PassContext's
// fp32_dest_acc_en) when given, else the rule above.
bool dst_fp32(const ir::Stmt& body, const PassContext& ctx);

}  // namespace tltt::passes
