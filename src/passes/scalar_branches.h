// Pass D3a `scalar-branches` (see passes.def).
#pragma once
#include "passes/pass.h"

namespace tltt::passes {

// D3a: a branch on a tensor element (A1 stages it into a one-element CB before the `if`) reads
// the element's value in every kernel that follows the branch: the reader from the page it has
// just read into L1, compute from the CB's front tile (read_tile_value) between C4's wait and pop.
ir::Module scalar_branches(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
