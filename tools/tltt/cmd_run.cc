// `tltt run`: compile a kernel, run it on the simulated device against seeded inputs and check
// it against the CPU reference interpreter; the last output line is PASS/FAIL with metrics.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>

#include "command.h"
#include "diag_flags.h"
#include "kernel_options.h"
#include "runner/runner.h"

namespace tltt::cli {
namespace {

Registrar run_command(
    "run", "compile, run on the simulator and check against the CPU reference",
    [](CLI::App& app) -> std::function<int()> {
      auto opts = std::make_shared<runner::RunOptions>();
      auto& c = opts->compile;
      CLI::Option* device_opt = add_kernel_options(app, c);
      add_compute_options(app, c);
      app.add_option("--mesh", c.mesh,
                     "RxC: run on a simulated mesh of R x C devices and report the speed-up "
                     "over one device (docs/multi-device.md)");
      app.add_option("--seed", opts->seed, "seed of the random inputs");
      auto scales = std::make_shared<std::vector<std::string>>();
      app.add_option("--input-scale", *scales,
                     "NAME=FACTOR: multiply the random floats of input tensor NAME (uniform in "
                     "[-1, 1)) by FACTOR, e.g. to keep a recurrence within its output dtype's "
                     "range (repeatable)");
      auto inputs = std::make_shared<std::vector<std::string>>();
      app.add_option("--input", *inputs,
                     "NAME=SPEC: input tensor NAME takes these values instead of random ones, on "
                     "the device and in the reference: FILE.npy, a raw data file, "
                     "values:V0,V1,..., range:START[,STEP], randint:LO..HI[/M], "
                     "cumsum:L0,L1,... or cumsum:LO..HI[/M] (offsets such as cu_seqlens; "
                     "repeatable)");
      app.add_option("--dump-ir", c.dump_ir_dir,
                     "write the IR after every pass into this directory");
      app.add_flag("--time-passes", c.time_passes, "print pass timings");
      app.add_option("--print-after", c.print_after,
                     "print the IR after this pass (name, id or all)");
      app.add_option("--disable-pass", c.disabled_passes,
                     "skip this optimization pass (name or id, repeatable; see --list-passes)");
      CLI::Option* opt_level = add_opt_level(app, c.opt_level);
      app.add_flag_callback(
          "--no-tuning-cache", [opts] { opts->compile.tuning_cache = false; },
          "ignore the per-core GEMM block `tltt tune` cached for this kernel (also "
          "TLTT_TUNING_CACHE=0)");
      app.add_flag("--keep", opts->keep, "keep the work directory on PASS");
      app.add_option("--trace", opts->trace_file,
                     "write a Chrome trace of the simulated run (opens in Perfetto)");
      app.add_option("--report", opts->report_dir,
                     "write a utilization table, an SVG of the core grid and the per-core L1 map "
                     "(l1_map.txt, also printed) into this directory");
      app.add_option("--timeout", opts->timeout_seconds,
                     "seconds allowed for each build and program run");
      app.add_flag("--timing-only,--perf", opts->timing_only,
                   "simulate timing only: no arithmetic, no reference, no check; prints device "
                   "time, utilization against the roofline and stalls");
      app.add_option_function<std::string>(
             "--check", [opts](const std::string& v) { opts->check_sample = v == "sample"; },
             "full (default) or sample: check the outputs of a seeded random subset of blocks")
          ->check(CLI::IsMember({"full", "sample"}));
      app.add_option("--sample-blocks", opts->sample_blocks,
                     "blocks the reference interprets with --check=sample (default 8)")
          ->check(CLI::PositiveNumber);
      // Hidden: run hand-written or previously compiled artifacts.
      app.add_option("--artifacts", opts->artifacts_dir)->group("")->check(CLI::ExistingDirectory);
      auto flags = std::make_shared<DiagFlags>();
      add_diag_flags(app, *flags);
      return [opts, flags, device_opt, opt_level, scales, inputs] {
        if (!flags->to_options(opts->compile.diagnostics) ||
            !resolve_opt_level(opt_level, opts->compile.opt_level)) {
          return 2;
        }
        for (const std::string& spec : *scales) {
          size_t eq = spec.find('=');
          char* end = nullptr;
          double factor = eq == std::string::npos ? 0 : std::strtod(spec.c_str() + eq + 1, &end);
          if (eq == std::string::npos || eq == 0 || !end || *end != '\0' ||
              end == spec.c_str() + eq + 1) {
            fmt::print(stderr, "error: --input-scale '{}': expected NAME=FACTOR\n", spec);
            return 2;
          }
          opts->input_scales[spec.substr(0, eq)] = factor;
        }
        for (const std::string& spec : *inputs) {
          size_t eq = spec.find('=');
          if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
            fmt::print(stderr, "error: --input '{}': expected NAME=SPEC\n", spec);
            return 2;
          }
          opts->inputs[spec.substr(0, eq)] = spec.substr(eq + 1);
        }
        resolve_device(device_opt, opts->compile.device);
        return runner::run(*opts);
      };
    });

}  // namespace
}  // namespace tltt::cli
