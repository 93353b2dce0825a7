// Front-end and driver seams of `tltt run` (compiled against whichever of them this build has).
#include "runner/kernel_source.h"

#include <fmt/format.h>

#ifdef TLTT_HAVE_FRONTEND
#include "frontend/frontend.h"
#include "support/source_manager.h"
#endif

namespace tltt::runner {

std::optional<ir::PrimFunc> load_kernel(const driver::CompileOptions& options) {
#ifdef TLTT_HAVE_FRONTEND
  // The sources must outlive the diagnostics that quote them, not the IR.
  SourceManager sources;
  DiagnosticEngine diag(&sources);
  fe::EntryOptions entry{options.entry, options.sets};
  std::optional<ir::Module> module = fe::load(options.file, entry, sources, diag);
  if (!module) {
    return std::nullopt;
  }
  if (module->functions.empty()) {
    fmt::print(stderr, "{}: error: the file instantiates no kernel (give --entry)\n", options.file);
    return std::nullopt;
  }
  if (module->functions.size() > 1) {
    fmt::print(stderr, "{}: note: {} kernels; checking the first, '{}'\n", options.file,
               module->functions.size(), module->functions[0].name);
  }
  return module->functions[0];
#else
  fmt::print(stderr, "tltt run: this build has no TileLang front end; cannot load {}\n",
             options.file);
  return std::nullopt;
#endif
}

int compile_artifacts(const driver::CompileOptions& options) {
#ifdef TLTT_HAVE_DRIVER
  auto artifacts = driver::compile(options);
  if (!artifacts) {
    return 1;
  }
  if (!driver::write_artifacts(*artifacts, options.out_dir)) {
    fmt::print(stderr, "tltt run: cannot write the artifacts into {}\n", options.out_dir);
    return 1;
  }
  return 0;
#else
  fmt::print(stderr, "tltt run: this build has no compiler pipeline; use --artifacts DIR\n");
  return 1;
#endif
}

}  // namespace tltt::runner
