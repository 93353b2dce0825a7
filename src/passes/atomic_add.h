// T.atomic_add into global tensors (split-K GEMM and the like), lowered deterministically: the
// blocks that add to one region of a tensor run in order on one core (part of A1 infer-layout).
#pragma once
#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// When `f`'s T.Kernel block adds a whole on-chip block to a tensor region
// (`T.atomic_add(C[r, c], block)`, or the element form in a T.Parallel nest over the block), the
// grid dimensions that the destination does not depend on (the split of split-K) become a serial
// loop inside each block, around the whole block body: the block copies the tensor region into a
// fragment once, each iteration adds its partial to it in place of the atomic add, and the sum is
// copied back once. No two cores then add to one region, the sum is formed in a fixed order
// (the split index ascending, starting from the tensor's contents) and the tensor is an in-place
// update for A3. Remark `infer-layout.atomic-add`; forms outside this one get a located error.
ir::PrimFunc serialize_atomic_adds(const ir::PrimFunc& f, PassContext& ctx);

}  // namespace tltt::passes
