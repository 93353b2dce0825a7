// The split of a kernel over a mesh by block offsets (`--mesh RxC` when the grid does not split
// into equal chunks, or its blocks read outside their own chunk): every device holds the whole
// tensors and runs its own contiguous range of block ids of the whole grid, given to it as
// per-device runtime arguments (its cores' start ids and counts).
#pragma once
#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// Gives device d (in snake order over the mesh: row 0 left to right, row 1 right to left, ...,
// so consecutive devices are neighbours; the host program's split_device) block ids [offset_d,
// offset_d + count_d) of the T.Kernel grid of `f`, the counts as equal as they can be (the first N
// % devices devices one more), and records them in mesh->block_offsets/block_counts (block_split
// all 1). The kernel is unchanged (A1 checks and remarks; B1 assigns the ranges of the final grid):
// each device sees the block indices of the whole grid and holds every tensor whole (inputs
// replicated), so blocks may read any rows (a convolution's patch rows, a stencil's neighbours) and
// use their indices freely. Every tensor the kernel writes must be addressed by every block index
// of a dimension with more than one block as `b * c + r` with the write inside one block (0 <= r, r
// + extent <= c), the same c in every access: the host program takes each element from the device
// that ran its block. A grid of fewer blocks than devices and writes that reach other blocks'
// elements are located errors. Remark `infer-layout.mesh`.
ir::PrimFunc split_by_offsets(const ir::PrimFunc& f, PassContext& ctx, ir::MeshPlan* mesh);

// B1's part, on the kernel whose grid (`extents`, after B0 may have changed the blocks) the
// cores run: the devices' block ranges (plan.mesh block_offsets, block_counts) and, per tensor
// the kernel writes, the block index and size of each dimension (TensorPlan::mesh_block_dims,
// mesh_block_sizes). False after located errors.
bool assign_blocks_by_offsets(const ir::PrimFunc& f, const ir::KernelLaunch* launch,
                              const std::vector<int64_t>& extents, PassContext& ctx,
                              ir::DevicePlan& plan);

}  // namespace tltt::passes
