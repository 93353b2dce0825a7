// Front-end and driver seams of `tltt run`: loading the kernel file and compiling its artifacts.
#include "runner/kernel_source.h"

#include <fmt/format.h>

#include "frontend/frontend.h"

namespace tltt::runner {

std::optional<ir::Module> load_module(const driver::CompileOptions& options, SourceManager& sources,
                                      DiagnosticEngine& diag) {
  return fe::load(options.file, driver::entry_options(options), sources, diag);
}

const ir::PrimFunc* kernel_of(const ir::Module& module, const std::string& file) {
  if (module.functions.empty()) {
    fmt::print(stderr, "{}: error: the file instantiates no kernel (give --entry)\n", file);
    return nullptr;
  }
  if (module.functions.size() > 1) {
    fmt::print(stderr, "{}: note: {} kernels; checking the first, '{}'\n", file,
               module.functions.size(), module.functions[0].name);
  }
  return &module.functions[0];
}

int compile_artifacts(const ir::Module& module, const driver::CompileOptions& options,
                      DiagnosticEngine& diag) {
  auto artifacts = driver::compile_module(module, options, diag);
  if (!artifacts) {
    return 1;
  }
  if (!driver::write_artifacts(*artifacts, options.out_dir)) {
    fmt::print(stderr, "tltt run: cannot write the artifacts into {}\n", options.out_dir);
    return 1;
  }
  return 0;
}

}  // namespace tltt::runner
