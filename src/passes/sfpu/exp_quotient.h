// Pass B4d `exp-quotient` (see passes.def, docs/sfpu.md): an exponential divided by a value
// that is never negative computed as one exponential of a shifted argument.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// In every tt.sfpu tree, exp(x) * recip(y) (B3's form of exp(x) / y; also exp_fast and the
// approximate exponential) becomes exp(x - log(y)) when y is proven never negative (every write
// of the blocks it reads is built from constants >= 0, exponentials, sums, products and
// reductions of such values: online softmax's running sum l). x - p - log(y), with p and y
// broadcasts of one orientation, is written x - (p + log(y)), a vector term B4b then computes
// once per loop: softmax's second pass evaluates exp(x - bcast(m + log(l))) per tile instead
// of exp(x - bcast(m)) * bcast(1 / l), one SFPU product fewer per tile. exp(a) / y and
// exp(a - log(y)) are equal for y > 0, and at y = 0 (both infinite, or both NaN when exp(x) is 0).
// One remark per rewritten tree (exp-quotient.fold), or why a quotient was kept.
ir::Module exp_quotient(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
