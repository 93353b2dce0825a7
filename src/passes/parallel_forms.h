// C2's located error for a T.Parallel nest that no lowering took: which construct of the nest
// (a serial loop in it, a tensor element read as a run-time scalar, a tensor load that is not a
// block copy, an `if` that is not a position mask) stops it.
#pragma once
#include <optional>
#include <set>
#include <string>

#include "ir/ir.h"

namespace tltt::passes {

struct ParallelForm {
  Location loc;      // where the construct is (the nest when it has no position of its own)
  std::string what;  // "<construct> in this T.Parallel nest ..." (without "is not supported")
};

// The first construct of the nest `outer` (its T.Parallel loops and their body) that the
// lowering has no form for, or nullopt when the nest is only of an unsupported overall shape.
std::optional<ParallelForm> unsupported_parallel_form(const ir::For* outer);

// The `if` statements of `body` that are statements of a T.Parallel nest's innermost body and
// store only elements of on-chip blocks in their branches (`if m[i] == -inf: s[i] = 0 else:
// s[i] = ...`): B3 turns each into one select per stored element, so their conditions may read
// on-chip data (A1 rejects other `if`s on on-chip elements).
std::set<const ir::IfThenElse*> element_branches(const ir::Stmt& body);

}  // namespace tltt::passes
