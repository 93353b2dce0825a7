// Pass B0e `multicast-streams` (see passes.def): the cores that stream the same tensor regions at
// the same time (attention's query blocks of one head, which all read the head's K and V) are laid
// out along a core row, so that D8 reads each region once per row and multicasts it.
#pragma once
#include <string>
#include <vector>

#include "passes/pass.h"

namespace tltt::passes {

// Why B1's multicast tiling of the constant block grid `extents` would not use as many cores as
// its contiguous ranges (empty: it would; a 2-D grid, further coordinates of extent 1, more
// blocks than cores, at least two cores along a row). B0a asks it for its candidate groups.
std::string multicast_tiling_why_not(const std::vector<int64_t>& extents,
                                     const DeviceModel& device);

// For a kernel other than a plain GEMM whose 2-D T.Kernel grid (extra coordinates of extent 1
// allowed) is larger than the core grid and whose serial loop copies tensor regions that do not
// depend on the first grid coordinate `bx` (B0a's analysis: attention's K and V) with a trip count
// that does not depend on it either: asks B1 for the multicast tiling (keys::kMulticastTiling),
// so that at every step the cores of a row run blocks of the same second coordinate and D8
// multicasts the streamed regions along the row. Only when the tiling's core rectangle uses as
// many cores as B1's contiguous ranges would. Remarks `multicast-streams.tiling` /
// `multicast-streams.kept`.
ir::Module multicast_streams(const ir::Module& m, PassContext& ctx);

}  // namespace tltt::passes
