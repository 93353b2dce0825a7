// The walk B4, B4a and B4b share to rewrite the expression tree of every tt.sfpu step.
#pragma once
#include <functional>
#include <optional>

#include "ir/ir.h"

namespace tltt::passes {

// `body` with the tree of each tt.sfpu step replaced by fn(step, tree) when fn returns one; a
// step fn leaves alone (nullopt) is kept as it is. fn emits its own remark for a rewritten step.
using SfpuTreeRewrite = std::function<std::optional<ir::Expr>(const ir::Call*, const ir::Expr&)>;
ir::Stmt rewrite_sfpu_trees(const ir::Stmt& body, const SfpuTreeRewrite& fn);

}  // namespace tltt::passes
