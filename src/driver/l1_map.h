// The per-core L1 map of a compiled program (`tltt compile --report`, `tltt run --report DIR`):
// every CB with its L1 range, the L1 buffers of sharded and L1 tensors, and the total against
// the device's L1 budget, per distinct role of the cores. Read from the device plan alone.
#pragma once
#include <string>
#include <vector>

#include "ir/device_plan.h"

namespace tltt::driver {

// The L1 map of one device program. Addresses follow the host program's allocation, as the
// simulator (and TT-Metalium) performs it: the CBs in plan order upwards from the end of the
// description's reserved region, each at the L1 alignment; L1 buffers downwards from the top of
// L1, at the same address on every core (lock-step over the L1 banks).
std::string l1_map(const ir::DevicePlan& plan);

// The L1 maps of the device programs of a compile, in launch order (each prefixed with
// `launch<i>: ` when there are several).
std::string l1_report(const std::vector<ir::DevicePlan>& plans);

}  // namespace tltt::driver
