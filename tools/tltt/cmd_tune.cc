// `tltt tune`: run B0's best per-core GEMM blocks on the simulator (timing only) and cache the
// fastest for later compiles of the same kernel and shape (src/runner/tune.h).
#include <CLI/CLI.hpp>
#include <cstdlib>

#include "command.h"
#include "device/device.h"
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
      app.add_option("file", c.file, "TileLang kernel file (.py)")
          ->required()
          ->check(CLI::ExistingFile);
      app.add_option("--entry", c.entry, "factory call like 'matmul(256, 256, 256)' or a name");
      app.add_option("--set", c.sets, "NAME=VALUE for a factory parameter");
      CLI::Option* device_opt =
          app.add_option("--device", c.device,
                         "simulated device (default: $TTSIM_DEVICE, else wormhole_b0): " +
                             device::known_names())
              ->check(CLI::IsMember(device::all_names()));
      app.add_option("--top", opts->top, "candidates to run, from the model's best (default 4)")
          ->check(CLI::Range(1, 64));
      app.add_option("--layout", c.layouts, "BUF=SPEC layout annotation");
      app.add_option("--disable-pass", c.disabled_passes,
                     "skip this optimization pass (name or id, repeatable; see --list-passes)");
      app.add_option("--path", c.search_path,
                     "directory searched for imported helper modules (repeatable; TLTT_PATH too)");
      app.add_option("--timeout", opts->run.timeout_seconds,
                     "seconds allowed for each build and program run");
      return [opts, device_opt] {
        // As `tltt run`: an explicit --device, else TTSIM_DEVICE, else the default.
        if (device_opt->count() == 0) {
          if (const char* env = std::getenv("TTSIM_DEVICE"); env && *env) {
            opts->run.compile.device = env;
          }
        }
        return runner::tune(*opts);
      };
    });

}  // namespace
}  // namespace tltt::cli
