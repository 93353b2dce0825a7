// B4's dead-value analysis (fuse_sfpu_steps.cc): which blocks a tt.sfpu step reads hold a value
// that no later statement reads, on every path (loop back edges included), because the next
// mention of the block writes it whole (a tt.sfpu step, or a T.Parallel nest storing every
// element). Such a block may be fused into that step even when other
// statements use the same buffer for other values (LayerNorm's `xf`, reused by every pass).
#pragma once
#include <set>
#include <utility>

#include "ir/ir.h"

namespace tltt::passes {

// Pairs (step, block): the tt.sfpu call `step` (a statement of `body`; also a tt.reduce, for
// its input) reads `block`, and the value it reads is dead after it.
using DeadReads = std::set<std::pair<const ir::Call*, const ir::BufferNode*>>;
DeadReads dead_reads(const ir::Stmt& body);

}  // namespace tltt::passes
