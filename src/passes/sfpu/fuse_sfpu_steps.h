// Pass B4 `fuse-sfpu-steps` (see passes.def, docs/sfpu.md): consecutive tt.sfpu steps linked by
// an intermediate block nothing else reads become one DST evaluation.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// Before B4: B3's tt.sfpu steps, one per element-wise store (and its spills), and the DST budget
// B3 used in tt.sfpu_dst_capacity. After B4: `t = f(...)` followed by `out = g(.., t, ..)`, where
// nothing else touches t, reads t as a whole block over the same tile grid and the fused tree
// still fits DST, is one step `out = g(.., f(...), ..)` (repeated until nothing changes); the
// budget attribute is gone. A fusion ruled out by DST is a remark. Then, in every tree, a sum
// or difference of two products with one constant, x * k - y * k, becomes (x - y) * k, and
// exp2(x * log2(e)) becomes exp(x) (a remark).
ir::Module fuse_sfpu_steps(const ir::Module& m, PassContext& ctx);

// The constant k of a tile product `x * k` (or `k * x`), x in *x; nullptr when e is not one.
const ir::FloatImm* constant_factor(const ir::Expr& e, ir::Expr* x);

// The common-factor rewrite above over every tt.sfpu tree of `body` (factor_scalar.cc).
ir::Stmt factor_common_scalars(const ir::Stmt& body, PassContext& ctx);

}  // namespace tltt::passes
