// Several `with T.Kernel(...)` launches in one prim_func (split-KV decoding: partials, then a
// combine kernel; a backward pass's post-processing launches), and scratch tensors
// (`T.alloc_global`) shared between them: the function is cut into one function per launch,
// each lowered by the pass pipeline on its own into one device program, and the host program
// allocates the scratch tensors and runs the programs in order (docs/atomics.md, "Scratch
// tensors and several launches").
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ir/device_plan.h"
#include "ir/ir.h"
#include "support/diagnostics.h"

namespace tltt::driver {

struct LaunchSplit {
  // One function per launch, in program order: the launch (inside the function's `let`s), its
  // parameters the original ones it uses followed by the scratch tensors it uses.
  std::vector<ir::PrimFunc> launches;
  // The scratch tensors (device memory the host program allocates, never read from or written
  // to the caller's data).
  std::vector<ir::Buffer> scratch;
};

// The launches of `f` when it has more than one, or scratch tensors allocated around its
// launch; nullopt when it is a single plain launch (or a shape the pass pipeline reports
// itself: a launch inside a loop or a condition). Remarks `launches.split` say what was cut.
std::optional<LaunchSplit> split_launches(const ir::PrimFunc& f, DiagnosticEngine& diag);

// On a mesh (`--mesh RxC`), whether the host program can give every device what each launch
// needs: every launch split into equal chunks (not by block offsets); a tensor two launches hold
// differently a matrix of whole tiles in interleaved storage (all-gathered over the fabric
// between them, ir/mesh_chunks.h); partial sums of a tensor-parallel launch read only by later
// launches, in the tensor's own dtype (all-reduced after it). Located errors at the launches say
// what is not served otherwise.
bool check_mesh_launches(const LaunchSplit& split, const std::vector<const ir::DevicePlan*>& plans,
                         DiagnosticEngine& diag);

// The plan of the whole host program from the launches' lowered plans (`plans[i]` of
// `split.launches[i]`): every tensor once (the parameters in `f`'s order, then the scratch
// tensors), with the access of all launches together (read by one and written by another: both);
// the scalars of all launches; the partition of the launch on the most cores; the least precise
// compute configuration (the run's tolerance). A tensor two launches store in other memory or
// another sharding gets the copies between its storages (`reshards`, remarks launches.reshard);
// other tiles (shape on the device, format, dimension order) are an error at the launches.
std::optional<ir::DevicePlan> merge_launch_plans(const ir::PrimFunc& f, const LaunchSplit& split,
                                                 const std::vector<const ir::DevicePlan*>& plans,
                                                 DiagnosticEngine& diag);

}  // namespace tltt::driver
