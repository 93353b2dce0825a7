// buffers_in (defined in pass_util.cc beside vars_in): the buffers a statement mentions, for the
// passes that ask which blocks a loop body reads or writes (B3, B4, B4b).
#pragma once
#include <functional>
#include <set>

#include "ir/ir.h"

namespace tltt::passes {

// The buffers `s` mentions: regions of tile statements (copies, GEMMs, fills, reductions,
// atomic adds, operands of calls), loads, stores, views and their sources. `on_call`, when given,
// sees each statement-level call first; returning true means it has accounted for the call's
// buffers itself and its operands are not walked.
std::set<const ir::BufferNode*> buffers_in(
    const ir::Stmt& s, const std::function<bool(const ir::Call*)>& on_call = {});

}  // namespace tltt::passes
