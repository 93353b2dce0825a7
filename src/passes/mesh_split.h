// Data-parallel split of a kernel over the devices of a mesh (`--mesh RxC`, the first step of
// A1): every device runs the same kernel on its own part of the T.Kernel block grid and its own
// chunks of the tensors those blocks address.
#pragma once
#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// Attribute on a tensor parameter split over the mesh: per logical dimension, the T.Kernel
// dimension whose device part selects the chunk (-1: the whole dimension); the plan's
// TensorPlan::mesh_dims.
inline constexpr const char* kMeshDimsAttr = "tt.mesh_dims";

// Splits `f`'s block grid over the `mesh.rows x mesh.cols` devices, outermost T.Kernel
// dimension first (each device gets a contiguous range of block ids), and records the split in
// mesh->block_split. A dimension `b` split into P parts must address tensors only as
// `b * c + r` (0 <= r, r + extent <= c, c * extent(b) the tensor dimension): those dimensions
// are cut into P chunks, tensors `b` does not address are replicated, and every tensor the
// kernel writes must be addressed by every split dimension. The rewritten function is the
// per-device kernel (grid extent / P, chunk shapes, kMeshDimsAttr on split tensors). A kernel
// this chunk split cannot serve (a grid that does not divide evenly, blocks reading outside their
// own block, block indices in arithmetic) is split by block offsets instead (mesh_offset.h);
// what neither can serve is a located error. Remark `infer-layout.mesh`.
ir::PrimFunc split_over_mesh(const ir::PrimFunc& f, PassContext& ctx, ir::MeshPlan* mesh);

// The raw layout annotation `raw` of tensor parameter `chunk` of the per-device kernel, for one
// device's chunk (docs/multi-device.md, "L1-sharded tensors on a mesh"). An nd_shard describes
// the whole tensor; along each sharded axis the mesh cuts (kMeshDimsAttr), the shard extent
// stays the whole tensor's and the grid becomes the chunk's extent over it, so every device
// shards its chunk over its own cores with the one-device shard shape. Other layouts are
// returned as they are. A chunk that is not a whole number of shards, a sharded tensor on a
// mesh split by block offsets or by a tensor-parallel reduction, and a halo across devices are
// located errors (nullopt).
std::optional<ir::Attrs> chunk_shard_layout(const ir::Buffer& chunk, const ir::Attrs& raw,
                                            const Location& loc, PassContext& ctx,
                                            const ir::MeshPlan& mesh);

}  // namespace tltt::passes
