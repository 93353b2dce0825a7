// The two rewrites C1 (shared-to-cb) runs before it makes CBs, in shared_to_cb_prepare.cc.
#pragma once
#include <functional>

#include "ir/ir.h"

namespace tltt::passes {

// T.copy between two tensors goes through a new on-chip block (two when it changes the dtype).
// `for i, j in T.Parallel: T[...] = f(U[...], ...)` over tensors: each tensor operand gets a new
// on-chip block copied in, the result a new block copied out; a nest that only moves a tensor
// block into a whole on-chip block, or back, becomes that T.copy. With `only`, just the
// T.Parallel nests it accepts (B3 stages the element-level stencils it then lowers first,
// shifted_reads.h).
using NestFilter = std::function<bool(const ir::For*)>;
ir::PrimFunc stage_direct_eltwise(const ir::PrimFunc& f, const NestFilter& only = {});

// A block loaded from a tensor that compute then writes gets a compute-owned twin `<name>_c`:
// every load is followed by an on-chip copy into the twin and all other uses move to it.
ir::PrimFunc twin_loaded_blocks(const ir::PrimFunc& f);

}  // namespace tltt::passes
