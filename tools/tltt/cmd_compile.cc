// `tltt compile`: TileLang file -> TT-Metalium artifacts (reader/compute/writer.cpp, main.cpp,
// tt.plan.json, CMakeLists.txt); `--list-passes` prints the pass registry.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "command.h"
#include "device/device.h"
#include "diag_flags.h"
#include "driver/driver.h"
#include "driver/l1_map.h"
#include "kernel_options.h"
#include "passes/pass_manager.h"

namespace tltt::cli {
namespace {

struct CompileArgs {
  driver::CompileOptions options;
  bool list_passes = false;
  bool report = false;  // --report: print the per-core L1 map
  DiagFlags diag_flags;
};

Registrar reg_compile(
    "compile", "compile a TileLang kernel to TT-Metalium artifacts",
    [](CLI::App& app) -> std::function<int()> {
      auto args = std::make_shared<CompileArgs>();
      auto& o = args->options;
      app.add_option("file", o.file, "TileLang source file");
      app.add_option("--entry", o.entry, "entry: `factory(args...)` call or function name");
      app.add_option("--set", o.sets, "NAME=VALUE factory parameter (repeatable)");
      app.add_option("--device", o.device, "target device: " + device::known_names())
          ->check(CLI::IsMember(device::all_names()));
      app.add_option("--layout", o.layouts,
                     "BUF=SPEC tensor layout, e.g. A=memory=L1,layout=sharded,axes=0x1,grid=2x2 "
                     "(see docs/layouts.md)");
      app.add_option("--mesh", o.mesh,
                     "RxC: split the kernel over a mesh of R x C devices (docs/multi-device.md)");
      app.add_option("--dump-ir", o.dump_ir_dir,
                     "write the IR after every pass to DIR/NN_<pass>.tir");
      app.add_flag("--time-passes", o.time_passes, "print a pass timing table to stderr");
      app.add_option("--print-after", o.print_after,
                     "print the IR after this pass (name or id, or `all`) to stdout");
      app.add_option("--stop-after", o.stop_after,
                     "stop after this pass; no artifacts are written");
      app.add_option("--disable-pass", o.disabled_passes,
                     "skip this optimization pass (name or id, repeatable; see --list-passes)");
      CLI::Option* opt_level = add_opt_level(app, o.opt_level);
      app.add_option("-o,--output", o.out_dir, "artifact directory");
      app.add_option("--path", o.search_path,
                     "directory searched for imported helper modules (repeatable; TLTT_PATH too)");
      app.add_flag_callback(
          "--no-tuning-cache", [args] { args->options.tuning_cache = false; },
          "ignore the per-core GEMM block `tltt tune` cached for this kernel (also "
          "TLTT_TUNING_CACHE=0)");
      app.add_flag("--list-passes", args->list_passes, "print the pass registry and exit");
      app.add_flag("--report", args->report,
                   "print the per-core L1 map: every CB's format, pages, bytes and L1 range, the "
                   "L1 buffers of sharded tensors, the total against the L1 budget per core role");
      add_compute_options(app, o);
      add_diag_flags(app, args->diag_flags);
      return [args, opt_level]() -> int {
        if (args->list_passes) {
          std::fputs(passes::list_passes_text().c_str(), stdout);
          return 0;
        }
        auto& o = args->options;
        if (!args->diag_flags.to_options(o.diagnostics) ||
            !resolve_opt_level(opt_level, o.opt_level)) {
          return 2;
        }
        for (const std::string* p : {&o.print_after, &o.stop_after}) {
          if (!p->empty() && *p != "all" && !passes::find_pass(*p)) {
            std::fprintf(stderr, "tltt: error: unknown pass '%s' (see --list-passes)\n",
                         p->c_str());
            return 2;
          }
        }
        if (o.file.empty()) {
          std::fprintf(stderr, "tltt: error: compile needs a TileLang FILE\n");
          return 2;
        }
        if (o.out_dir.empty() && o.stop_after.empty() && o.print_after.empty() && !args->report &&
            !o.diagnostics.verify && o.diagnostics.remarks.empty()) {
          std::fprintf(stderr, "tltt: error: compile needs -o DIR\n");
          return 2;
        }
        auto artifacts = driver::compile(o);
        if (!artifacts) {
          return 1;
        }
        if (!o.out_dir.empty() && !artifacts->files.empty() &&
            !driver::write_artifacts(*artifacts, o.out_dir)) {
          return 1;
        }
        if (args->report) {
          std::fputs(driver::l1_report(artifacts->plans).c_str(), stdout);
        }
        return 0;
      };
    });

}  // namespace
}  // namespace tltt::cli
