// How the devices of a mesh hold a tensor in two device programs of one function, and the
// collective the host program runs between them (docs/multi-device.md, "Several launches on a
// mesh"). Kept out of device_plan.h, which nearly every file includes.
#pragma once

#include "ir/device_plan.h"

namespace tltt::ir {

// How the devices of storage `to` (a Reshard's) get their chunks of a tensor from storage `from`.
// kCopy: they hold it alike, every device copies page p of its chunk to page p. kAllGather: an
// all-gather over the fabric gives every device all chunks of `from` (none is needed when `from`
// holds it whole on every device), then each copies its chunk of `to` out of the whole tensor.
// kAllReduce: `from` holds partial sums (TensorPlan::mesh_partial), all-reduced over the fabric
// right after the program writing them; each device copies its chunk of `to` out of the sum.
enum class MeshCollective { kCopy, kAllGather, kAllReduce };

// Whether the devices of two programs' meshes hold `a` (in program `pa`) and `b` (in `pb`)
// alike: the same chunks of the same whole tensor on every device, partial sums in both or in
// neither (true without a mesh). Storages of a tensor on a mesh are the same when this and
// same_storage hold.
bool same_mesh_chunks(const DevicePlan& pa, const TensorPlan& a, const DevicePlan& pb,
                      const TensorPlan& b);

// The collective a Reshard from `from` (program `pf`) to `to` (program `pt`) needs.
MeshCollective mesh_collective(const DevicePlan& pf, const TensorPlan& from, const DevicePlan& pt,
                               const TensorPlan& to);

}  // namespace tltt::ir
