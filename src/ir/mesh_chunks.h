// How the devices of a mesh hold a tensor in two device programs of one function, and the
// collective the host program runs between them (docs/multi-device.md, "Several launches on a
// mesh"). Kept out of device_plan.h, which nearly every file includes.
#pragma once

#include "ir/device_plan.h"

namespace tltt::ir {

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
