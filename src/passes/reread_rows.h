// Pass B0b `reread-rows` (see passes.def): a tensor's row block that several sequential loops of
// a kernel read chunk by chunk (online softmax's two passes over X) is kept whole in L1 and read
// once.
#pragma once
#include <optional>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// The body of `launch` with its re-read row blocks kept in L1, or nullopt when there is none
// or it would not fit. A re-read row block: two or more top-level sequential loops of the
// block (same extent n) each copy the chunk `T[rows, base + k * w +: w]` of the same tensor T
// (k the loop's variable, rows and base free of it, w whole tiles) into a whole on-chip block
// of T's dtype, and nothing in the kernel writes T. Such a block gets a new on-chip buffer
// `<block>_rows` of n * w columns with one CB copy (tt.cb_depth 1): the first loop loads each
// chunk into its columns and copies it to the block from there, the later loops only copy
// (C2 lowers these to tt.read_tiles into a region of its CB and tt.read_local_tiles, as for
// A4's held row blocks). Kept only when the buffer and the double-buffered copies of every
// other on-chip buffer take at most half the device's L1 budget (the rest is left to the CBs
// later passes add). Each kept block is a remark.
std::optional<ir::Stmt> keep_reread_rows(const ir::KernelLaunch* launch, PassContext& ctx);

// B0b: keep_reread_rows on the launch of every function that is not a plain GEMM (B0's).
ir::Module reread_rows(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
