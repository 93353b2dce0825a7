// Pass B4e `reduce-inputs` (see passes.def, docs/passes/B4e-reduce-inputs.md): the blocks the
// row reductions of norm and softmax kernels read, computed with fewer steps through CBs.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// Two rewrites, each a remark:
// - `cast`: a whole copy `t = x` of a bfloat16 block x into a float32 block t (a T.copy or B3's
//   cast step) whose value is only read by the statements that follow it in the same statement
//   list, each a tt.reduce of t (sum or max: every bfloat16 value is exact in float32, and the
//   reduction accumulates in DST's float32 either way) or a tt.sfpu step that only subtracts a
//   float32 column broadcast from t (the pairs D4d puts on the FPU in both formats), until t's
//   value is dead (dead_values.h) or a step writes t whole: those statements read x instead and
//   the copy is dropped (LayerNorm's first pass, online softmax's first loop).
// - `square`: a T.Parallel nest `u = t * t` over whole float32 blocks (left to C2's FPU
//   mul_tiles) right after the tt.sfpu step writing t, t's value dead after the nest: the nest
//   becomes the tt.sfpu step `u = square(t)`, which B4 fuses with the step before (LayerNorm's
//   second pass: (x - mean)^2 in one DST evaluation instead of a round trip through `centered`).
ir::Module reduce_inputs(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
