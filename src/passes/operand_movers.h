// Pass D9 `operand-movers` (see passes.def), an optimization pass: the reads and multicasts of
// the operands shared by a core row move from the reader to the writer's RISC.
#pragma once

#include "passes/pass.h"

namespace tltt::passes {

// After D9: when D8 multicasts operands along rows (A) and along columns (B) from one reader,
// the row operands' transfers (reserve, DRAM reads or ready signal, barrier, multicast or
// wait, push) run in the writer kernel instead, before each block's output writes, so the two
// data-movement RISCs read and multicast A and B at the same time. The writer takes the
// moved tensors' accessors (after its own), the reader's others close up. Each decision is a
// remark.
ir::Module operand_movers(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
