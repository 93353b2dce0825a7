// The kernel and device options `tltt run` and `tltt tune` share (see kernel_options.h).
#include "kernel_options.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "device/device.h"

namespace tltt::cli {

CLI::Option* add_kernel_options(CLI::App& app, driver::CompileOptions& c) {
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
  app.add_option("--layout", c.layouts, "BUF=SPEC layout annotation");
  app.add_option("--path", c.search_path,
                 "directory searched for imported helper modules (repeatable; TLTT_PATH too)");
  return device_opt;
}

void add_compute_options(CLI::App& app, driver::CompileOptions& c) {
  app.add_option("--math-fidelity", c.math_fidelity,
                 "matrix-engine fidelity: LoFi, HiFi2, HiFi3 or HiFi4 (default: the kernel's "
                 "pass_configs, else HiFi4)")
      ->check(CLI::IsMember({"LoFi", "HiFi2", "HiFi3", "HiFi4"}));
  app.add_option("--fp32-dest-acc", c.fp32_dest_acc,
                 "on or off: accumulate in DST's 32-bit mode (default: the kernel's pass_configs, "
                 "else on when a float32 or integer block takes part in compute)")
      ->check(CLI::IsMember({"on", "off"}));
  app.add_option("--fast-math", c.fast_math,
                 "on or off: let exp/exp2 use the SFPU's approximate exponential (default: the "
                 "kernel's pass_configs[\"tl.enable_fast_math\"], else off)")
      ->check(CLI::IsMember({"on", "off"}));
}

CLI::Option* add_opt_level(CLI::App& app, int& opt_level) {
  return app
      .add_option("-O", opt_level,
                  "0: skip every optimization pass; 1 (default): run them (default: "
                  "$TLTT_OPT_LEVEL, else 1)")
      ->check(CLI::Range(0, 1));
}

bool resolve_opt_level(const CLI::Option* opt, int& opt_level) {
  const char* env = std::getenv("TLTT_OPT_LEVEL");
  if (opt->count() != 0 || env == nullptr || *env == '\0') {
    return true;
  }
  if (std::strcmp(env, "0") != 0 && std::strcmp(env, "1") != 0) {
    std::fprintf(stderr, "tltt: error: TLTT_OPT_LEVEL='%s': expected 0 or 1\n", env);
    return false;
  }
  opt_level = *env - '0';
  return true;
}

void resolve_device(const CLI::Option* device_opt, std::string& device) {
  if (device_opt->count() == 0) {
    if (const char* env = std::getenv("TTSIM_DEVICE"); env && *env) {
      device = env;
    }
  }
}

}  // namespace tltt::cli
