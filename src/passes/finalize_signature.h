// Pass E1 `finalize-signature` (see passes.def).
#pragma once
#include <string>

#include "passes/pass.h"

namespace tltt::passes {

// After E1 every kernel reads its runtime args with get_arg_val<uint32_t>(i) in the canonical
// order recorded, with each argument's kind, in the plan's kernel.
ir::Module finalize_signature(const ir::Module& m, PassContext& ctx);

// The name of kernel scalar `param`'s `tt.runtime_arg` (B2, B4): the parameter's name behind a
// prefix that no argument the compiler makes carries (block range `start_id`/`count`, tensor
// address `<tensor>_addr`, multicast and semaphore arguments), so that a scalar called `count`
// keeps a slot of its own instead of sharing the block count's.
std::string scalar_arg_name(const std::string& param);

}  // namespace tltt::passes
