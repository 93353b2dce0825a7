// B3's staging of rows and columns of on-chip blocks picked at a run-time index (row_picks.cc).
#pragma once

#include "ir/ir.h"

namespace tltt::passes::sfpu {

// `v[j] = f(b[k, j])` in a 1-D T.Parallel nest over a vector and `T.copy(b[k, :], v)`, with b a
// 2-D on-chip block and k a value known only at run time (a serial loop's index), read row k
// (column k for `b[j, k]`, `T.copy(b[:, k], v)`) through a vector computed before: b masked to
// -inf outside row k by a position mask, then reduced by max over the rows.
ir::PrimFunc stage_row_picks(const ir::PrimFunc& f);

}  // namespace tltt::passes::sfpu
