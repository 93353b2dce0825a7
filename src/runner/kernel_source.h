// Seams to the front end and the compile driver, which live on other branches: load the
// original IR of a kernel file, and compile it into an artifact directory.
#pragma once
#include <optional>

#include "driver/driver.h"
#include "ir/ir.h"

namespace tltt::runner {

// The kernel's PrimFunc straight from the front end (before any pass), instantiated with the
// options' entry and --set values. Diagnostics are printed; nullopt on error.
std::optional<ir::PrimFunc> load_kernel(const driver::CompileOptions& options);

// driver::compile + driver::write_artifacts into options.out_dir; 0 on success.
int compile_artifacts(const driver::CompileOptions& options);

}  // namespace tltt::runner
