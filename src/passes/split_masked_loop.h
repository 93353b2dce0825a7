// Pass B0c `split-masked-loop` (see passes.def): a serial loop whose body starts a block by
// masking it (causal attention's `s[i, j] = select(row >= col, 0, -inf)`) runs the iterations
// where the mask keeps every element as a plain fill of the block, the rest with the mask.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// For a serial (or pipelined) loop over `k` whose body holds, at its top level, a T.Parallel nest
// `for i, j: B[i, j] = select(cond, c, x)` over the whole 2-D block B (c a constant, cond an
// integer comparison affine in i, j and k, true for fewer elements as k grows): splits the loop
// at the first k for which cond is false for some (i, j) (its bound computed from cond's affine
// form at the corner of the block, clamped to the loop's range). The first loop fills B with c
// (T.fill, which later passes fold into the GEMM that accumulates onto B), the second keeps the
// mask. Remarks `split-masked-loop.split` / `split-masked-loop.kept`.
ir::Module split_masked_loops(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
