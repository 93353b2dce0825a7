// B0a `reuse-blocks` with trip counts that grow with the grouped coordinate (causal attention's
// key loop ends at the diagonal of its query block): when grouping stays exact.
#pragma once
#include <string>
#include <vector>

#include "ir/ir.h"
#include "passes/reuse_blocks_analysis.h"

namespace tltt::passes {

// Records the scalars computed from `a.b` (`let n = f(b)`) in a.bound_lets; any use of them but
// a loop's trip count sets a.why_not.
void find_bound_scalars(const ir::Stmt& body, RowAnalysis& a);

// A group of `group` blocks runs each growing loop (a.growing) to the trip count of its last
// block. That is exact when, for every block b of the grid `extent` and every extra iteration
// of it (from its own trip count to its group's), the loop body starts by masking every score
// of b's rows to -inf: a T.Parallel store `S[i, j] = select(cond, x, -inf)` over the whole of a
// block S tied to the rows, before anything else in the body touches S, S accumulated only by
// T.gemm without clearing; `cond` is checked false over all of b's rows and S's columns for each
// such iteration. The scores of the extra iterations are then -inf for those rows, which an
// online softmax turns into no change (their exponentials are 0, the running maximum stays).
// Returns why not, or an empty string.
std::string check_growing_loops(const RowAnalysis& a, int64_t extent, int64_t group);

// The work of each block b in [0, extent) in iterations of the growing loops (1 each when none
// grows): what reuse_blocks' balance model weighs.
std::vector<int64_t> block_work(const RowAnalysis& a, int64_t extent);

}  // namespace tltt::passes
