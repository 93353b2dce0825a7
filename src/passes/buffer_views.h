// Reshaping views of whole tensor parameters (`T.Tensor(shape, dtype, param.data)`, TileLang's
// way to see an NHWC filter or output as a 2-D matrix): A1 folds them into the parameter.
#pragma once

#include "ir/ir.h"

namespace tltt::passes {

// `f` with every tensor parameter that is used only through reshaping views (same dtype, same
// element count, all of one shape, constant) retyped to the view's shape, the views removed.
// Row-major data is the same bytes under both shapes, so the data files do not change. Other
// views stay (A1 rejects them).
ir::PrimFunc fold_reshape_views(const ir::PrimFunc& f);

}  // namespace tltt::passes
