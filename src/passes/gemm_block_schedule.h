// Pass D4a `gemm-block-schedule` (see passes.def): which GEMMs D5 may compute with matmul_block
// sub-blocks and packer L1 accumulation.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// Sets tt.matmul's block_ops and l1_acc attributes (tt_ops.def) where they apply; D5 chooses the
// sub-blocks and uses them. Without this pass D5 uses matmul_tiles and spills and reloads the
// partials of a block that does not fit DST at every K step.
ir::Module gemm_block_schedule(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
