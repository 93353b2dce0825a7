// The options `tltt run` and `tltt tune` share: which kernel to compile (file, entry, sizes,
// layouts, import path) and the simulated device it runs on.
#pragma once
#include <string>

#include "driver/driver.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace tltt::cli {

// Adds file, --entry, --set, --device, --layout and --path to `app`; returns the --device
// option, for resolve_device.
CLI::Option* add_kernel_options(CLI::App& app, driver::CompileOptions& c);

// An explicit --device wins, else TTSIM_DEVICE (as a host program run by hand would see it),
// else the compiler's default. The runner passes the chosen device on to the simulator in
// TTSIM_DEVICE, so without this the variable would always be overridden.
void resolve_device(const CLI::Option* device_opt, std::string& device);

// Adds --math-fidelity and --fp32-dest-acc (the compute options of `compile`, `run`, `tune`).
void add_compute_options(CLI::App& app, driver::CompileOptions& c);

// Adds -O (0: skip every optimization pass; 1, the default: run them) to `app`; returns it, for
// resolve_opt_level.
CLI::Option* add_opt_level(CLI::App& app, int& opt_level);

// An explicit -O wins, else TLTT_OPT_LEVEL (0 or 1), else 1: the e2e suite runs every kernel at
// -O0 with TLTT_OPT_LEVEL=0 (scripts/e2e_O0.sh). False, with a message, for any other value.
bool resolve_opt_level(const CLI::Option* opt, int& opt_level);

}  // namespace tltt::cli
