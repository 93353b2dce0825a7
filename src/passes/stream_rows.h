// Pass A4 `stream-rows` (see passes.def): row blocks wider than one core's L1 are streamed in
// chunks of the row.
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// After A4 no row kernel keeps a whole row on chip when that would not fit L1: when the CBs of
// a block's row-wide buffers (those whose last extent is the row's width, reduced along it)
// would exceed the device's L1 budget, the block's statements are regrouped into serial loops
// over chunks of whole tiles of the row, one loop per pass over the row (a reduction, or the
// writes of the result); each loop re-reads its chunk of the input tensors and recomputes the
// element-wise statements its chunk needs. Reductions accumulate over the chunks (the identity
// filled first, the padding past the row's end masked). A row kernel that cannot be streamed
// gets a located error.
ir::Module stream_rows(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
