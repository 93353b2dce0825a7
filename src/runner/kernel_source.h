// Seams to the front end and the compile driver (other layers): load the original IR of a
// kernel file once, and compile that same module into an artifact directory, so the reference
// and the device program always come from one parse.
#pragma once
#include <optional>

#include "driver/driver.h"
#include "ir/ir.h"
#include "support/diagnostics.h"
#include "support/source_manager.h"

namespace tltt::runner {

// The module straight from the front end (before any pass), instantiated with the options'
// entry and --set values. Diagnostics go to `diag`; nullopt on error.
std::optional<ir::Module> load_module(const driver::CompileOptions& options, SourceManager& sources,
                                      DiagnosticEngine& diag);

// The kernel of a loaded module that `tltt run` checks (the first function).
const ir::PrimFunc* kernel_of(const ir::Module& module, const std::string& file);

// Runs the pass pipeline and code generation on `module` and writes the artifacts into
// options.out_dir; 0 on success (diagnostics printed otherwise).
int compile_artifacts(const ir::Module& module, const driver::CompileOptions& options,
                      DiagnosticEngine& diag);

}  // namespace tltt::runner
