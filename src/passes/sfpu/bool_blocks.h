// B3's first step (bool_blocks.cc): on-chip bool blocks that take part in compute become float32
// 0/1 blocks, and casts that spell logic on conditions become logic.
#pragma once
#include "ir/ir.h"

namespace tltt::passes::sfpu {

ir::PrimFunc float_bool_blocks(const ir::PrimFunc& f);

}  // namespace tltt::passes::sfpu
