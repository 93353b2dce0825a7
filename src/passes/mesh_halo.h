// Halo exchange on a mesh split by block offsets (mesh_offset.h): the inputs whose blocks read
// rows by block index, their neighbours' rows included (a stencil's shifted windows, the patch
// rows of a convolution's T.im2col), are not replicated: each device holds its own rows, and the
// rows its blocks read from its neighbours come over the fabric before compute.
#pragma once
#include <vector>

#include "ir/device_plan.h"
#include "ir/ir.h"
#include "passes/pass.h"

namespace tltt::passes {

// B1's part, after the devices' block ranges are assigned (plan.mesh block_offsets/counts): for
// every input of `f` in interleaved DRAM, tilized 32x32, whose every read addresses its rows
// (dimension 0 of a matrix, the (n, y) rows of an NHWC image under T.im2col) through one block
// index as `b * c + r` with r bounded, some read reaching outside its block's rows (a halo), the
// pages each device's blocks read, the pages each device owns (tile rows cut between the
// devices' needs) and its window (TensorPlan::mesh_halo). Device d is the d-th in snake order
// over the mesh (mesh_offset.h), so on a line and on a 2-D mesh alike devices d and d + 1 are
// joined by Ethernet and the exchange between them is one fabric hop. Devices that would need
// rows beyond their neighbours' shards
// are a located error with the mesh that serves it. Inputs whose reads stay inside their blocks
// stay replicated (an exchange would only add a fabric round). Remark `work-partition.halo`.
// False after located errors.
bool plan_halos(const ir::PrimFunc& f, const ir::KernelLaunch* launch,
                const std::vector<int64_t>& extents, PassContext& ctx, ir::DevicePlan& plan);

}  // namespace tltt::passes
