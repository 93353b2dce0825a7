// One compiled program for every value of a kernel's T.dynamic size: the driver's check that the
// kernels do not depend on the size and the plan's `dynamic` section (docs/plan-schema.md).
#pragma once
#include <map>
#include <string>

#include "driver/driver.h"

namespace tltt::driver {

// When `lowered` (the kernel compiled at the --set value of its one T.dynamic size) compiles to
// the same kernels at the probe sizes and its size-dependent plan entries follow the runtime
// forms, replaces main.cpp in `files` by the host program that takes the size on its command
// line and tt.plan.json by the plan with its `dynamic` section, and returns true. Otherwise the
// files stay specialised to the size (a `runtime-sizes.specialised` remark says why).
bool serve_sizes_at_run_time(const ir::Module& lowered, const CompileOptions& options,
                             DiagnosticEngine& diag, std::map<std::string, std::string>& files);

}  // namespace tltt::driver
