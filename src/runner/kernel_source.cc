// Front-end and driver seams of `tltt run` (compiled against whichever of them this build has).
#include "runner/kernel_source.h"

#include <fmt/format.h>

namespace tltt::runner {

std::optional<ir::PrimFunc> load_kernel(const driver::CompileOptions& options) {
  fmt::print(stderr, "tltt run: this build has no TileLang front end; cannot load {}\n",
             options.file);
  return std::nullopt;
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
