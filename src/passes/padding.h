// B1's padding half (see work_partition.cc): tensors whose tiled dimensions are not whole tiles,
// or that the last (partial) blocks of the T.Kernel grid reach past, are padded on the device
// (zeros, as TileLang's predicated reads give); on-chip blocks that are not whole tiles are
// padded too, with the padding masked before reductions.
#pragma once
#include <map>
#include <optional>
#include <vector>

#include "ir/device_plan.h"
#include "ir/ir.h"
#include "passes/pass.h"
#include "passes/work_partition_shard.h"

namespace tltt::passes::padding {

// Sets the device shape of every tensor parameter in `plan` to its logical shape rounded up to
// whole tiles and to the furthest element any block of `launch` (grid `extents`) accesses, and
// returns `f` with those tensor parameters at their device shapes. Accesses past the end of a
// leading (untiled) dimension or of an L1-sharded tensor get a located error (nullopt).
std::optional<ir::PrimFunc> pad_tensors(const ir::PrimFunc& f, const ir::KernelLaunch* launch,
                                        const std::vector<int64_t>& extents, ir::DevicePlan& plan,
                                        PassContext& ctx);

// Pads on-chip blocks whose declared extents are not whole tiles (a [32, 1000] row block) to
// whole tiles when every tensor region they are copied with ends at the tensor's end (or starts
// at the same tile boundary in every block and reaches past the end: 16 heads of a 5-head
// tensor, the region then starting at that constant; or whose rows move with the block: reads
// take the whole tiles from the origin, writes store only the region's rows; or that are read
// from a window of their extent along either axis that moves with a loop or the block, then read
// as the whole tiles from the window's origin, a gather off the tile grid), widens their
// T.Parallel loops, and puts before every reduction over a padded axis a T.Parallel nest that
// sets the extra elements to the identity of the reduction (0, -inf for max, +inf for min; B3
// lowers it to a bound mask), and before a gemm whose K axis is padded one that sets the K
// padding of both operands to 0. Blocks that cannot be padded keep their extents (C1 then
// reports them).
ir::PrimFunc pad_blocks(const ir::PrimFunc& f, const ir::KernelLaunch* launch,
                        const std::vector<int64_t>& extents, PassContext& ctx);

// Shared by padding.cc and padding_blocks.cc: `v` rounded up to whole tiles, and a walk of the
// launch body with the block variables' ranges.
int64_t round_up_to_tile(int64_t v);
// The value of `e` when it is the same for every value of the loop and block variables it
// depends on through `lets` (`h1 - h0` with h0 = hb * 16, h1 = h0 + 16): with the lets inlined,
// each variable at its lowest and at its highest value in `ranges` (the others at their lowest)
// gives one and the same value; nullopt otherwise.
std::optional<int64_t> fixed_value(const ir::Expr& e,
                                   const std::map<const ir::Variable*, ir::Expr>& lets,
                                   const VarRanges& ranges);
void track_launch(partition::RangeTracker& t, const ir::KernelLaunch* launch,
                  const std::vector<int64_t>& extents);

}  // namespace tltt::passes::padding
