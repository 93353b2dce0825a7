// `tltt tune`: run B0's best per-core GEMM blocks on the simulator (timing only) and cache the
// fastest for later compiles of the same kernel and shape (src/runner/tune.h).
#include <CLI/CLI.hpp>

#include "command.h"
#include "kernel_options.h"
#include "runner/tune.h"

namespace tltt::cli {
namespace {

Registrar tune_command(
    "tune",
    "time B0's best per-core GEMM blocks on the simulator and cache the fastest for later "
    "compiles",
    [](CLI::App& app) -> std::function<int()> {
      auto opts = std::make_shared<runner::TuneOptions>();
      auto& c = opts->run.compile;
      app.footer(
          "Each of the --top candidates B0's cost model ranks best is compiled with that block "
          "and run as `tltt run --timing-only`; the table shows the model's estimate beside the "
          "simulated time and roofline. The fastest is stored in the tuning cache "
          "($TTSIM_CACHE_DIR/tuning, beside the kernel cache, or $TLTT_TUNING_CACHE_DIR), keyed by "
          "the kernel's content at "
          "its sizes and the device; `tltt compile` and `tltt run` of the same kernel then use "
          "it (remark work-decomposition.tuned) unless given --no-tuning-cache or "
          "TLTT_TUNING_CACHE=0. See docs/performance.md.");
      CLI::Option* device_opt = add_kernel_options(app, c);
      add_compute_options(app, c);
      app.add_option("--top", opts->top, "candidates to run, from the model's best (default 4)")
          ->check(CLI::Range(1, 64));
      app.add_option("--disable-pass", c.disabled_passes,
                     "skip this optimization pass (name or id, repeatable; see --list-passes)");
      app.add_option("--timeout", opts->run.timeout_seconds,
                     "seconds allowed for each build and program run");
      return [opts, device_opt] {
        resolve_device(device_opt, opts->run.compile.device);
        return runner::tune(*opts);
      };
    });

}  // namespace
}  // namespace tltt::cli
