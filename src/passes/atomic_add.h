// T.atomic_add into global tensors (split-K GEMM, backward attention's dQ and the like), lowered
// deterministically: the blocks that add to one region of a tensor run in order on one core
// (part of A1 infer-layout).
#pragma once
#include <set>
#include <string>

#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// When `f`'s T.Kernel block adds whole on-chip blocks to tensor regions
// (`T.atomic_add(C[r, c], block)`, or the element form in a T.Parallel nest over the block, as
// a statement of the block body or of its serial or pipelined loops), the grid dimensions that
// some destination does not depend on (the split of split-K, the query blocks of a backward
// attention's dQ) become serial loops inside each block, around the whole block body. An add of
// the block body at a region no split index moves sums on chip: the block copies the region into
// a fragment once, each iteration adds its partial, the sum is copied back once. Any other add
// copies its region in, adds and copies it back where it stands; its tensor's name goes into
// `ordered`, whose reads wait for the core's previous write (D3, a semaphore). No two cores then
// add to one region, and each region sums its partials in a fixed order (the split index
// ascending, then the loop order, starting from the tensor's contents). A region at a value read
// from a tensor (a varlen offset let) is always added where it stands, and a grid index whose
// blocks may add to overlapping regions is split too (atomic_add_grid.h). Remark
// `infer-layout.atomic-add`; forms outside these get a located error.
ir::PrimFunc serialize_atomic_adds(const ir::PrimFunc& f, PassContext& ctx,
                                   std::set<std::string>* ordered);

}  // namespace tltt::passes
