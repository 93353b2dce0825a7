// B0a `reuse-blocks`' analysis: which on-chip rows a grid coordinate selects and whether several
// consecutive blocks along it can run as one block (reuse_blocks.h says what is grouped).
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ir/ir.h"

namespace tltt::passes {

struct RowAnalysis {
  const ir::Variable* b = nullptr;
  int64_t rows = 0;                        // B: the rows `b` selects, `b * B +: B`
  std::set<const ir::BufferNode*> tied;    // on-chip buffers whose axis 0 is the block's rows
  std::set<const ir::Variable*> row_vars;  // T.Parallel variables over those rows
  std::string why_not;                     // empty when the blocks can be grouped
  int64_t reused_bytes = 0;                // bytes a serial loop streams that do not depend on `b`
  // Scalars computed from `b` (`let n = f(b)`) and the serial loops whose trip count depends on
  // `b` (directly or through those scalars): reuse_blocks_causal.h decides whether they allow
  // grouping.
  std::map<const ir::Variable*, ir::Expr> bound_lets;
  std::vector<const ir::For*> growing;
};

// Ties the rows through copies (tensor regions `b * B +: B`, on-chip copies), T.gemm's A and C,
// row reductions (dim 1) and T.Parallel row indices, then checks that nothing else uses `b` or
// mixes rows (partial row regions, contractions over rows, shared buffers computed from rows).
RowAnalysis analyse_rows(const ir::KernelLaunch* launch, const ir::Variable* b);

}  // namespace tltt::passes
