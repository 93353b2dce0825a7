// Pass B0a `reuse-blocks` (see passes.def): several consecutive T.Kernel blocks of a kernel whose
// serial loop streams the same tensor regions for every value of one grid coordinate (attention's
// K and V, the same for every query block of a head) become one block, so one core reads each
// streamed region once for all of them instead of once per block.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// For a grid coordinate `b` whose blocks own rows [b * B, b * B + B) of on-chip buffers' axis 0
// (tied to it through copies, T.gemm's M axis, row reductions and T.Parallel rows) while a serial
// loop in the block copies tensor regions that do not depend on `b`: groups G consecutive values
// of `b` into one block (`b` becomes `b * G`, the row axis and its loops grow from B to G * B).
// G is the largest power of two that keeps every core busy, divides the grid extent, keeps the
// block's buffers within half the L1 budget and adds at most 10% to the busiest core's work. A loop
// whose trip count grows with `b` (causal attention's key loop) runs to the group's last block only
// when its body masks each row's scores past that row's own bound to -inf (checked for every extra
// iteration of every row), so the extra iterations add nothing. Remarks `reuse-blocks.grouped` /
// `reuse-blocks.kept`.
ir::Module reuse_blocks(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
