// Pass B0 `work-decomposition` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// Re-blocks a plain GEMM kernel (copies, one T.gemm, fills, a K loop) for the Tensix grid: the
// per-core output block and K step are chosen by the cost model of gemm_cost.h, the user's
// block sizes being the hint; other kernels are left unchanged (with a remark saying why).
ir::Module work_decomposition(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
