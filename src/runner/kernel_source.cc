// Front-end and driver seams of `tltt run` (compiled against whichever of them this build has).
#include "runner/kernel_source.h"

#include <fmt/format.h>

#ifdef TLTT_HAVE_FRONTEND
#include "frontend/frontend.h"
#endif

namespace tltt::runner {

std::optional<ir::Module> load_module(const driver::CompileOptions& options, SourceManager& sources,
                                      DiagnosticEngine& diag) {
#ifdef TLTT_HAVE_FRONTEND
  fe::EntryOptions entry{options.entry, options.sets};
  return fe::load(options.file, entry, sources, diag);
#else
  fmt::print(stderr, "tltt run: this build has no TileLang front end; cannot load {}\n",
             options.file);
  return std::nullopt;
#endif
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
#ifdef TLTT_HAVE_DRIVER
  auto artifacts = driver::compile_module(module, options, diag);
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
