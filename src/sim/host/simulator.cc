// ttsim::Simulator (tool API), the process's tool settings, the device-owned run records and
// RunCapture (ttsim/stats.hpp), and the terminate handler that turns an uncaught SimulatorError
// into "error: ..." and exit status 1.
#include "ttsim/simulator.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>

#include "sim/core/device.h"
#include "sim/core/jit.h"
#include "sim/core/settings.h"
#include "sim/host/settings.h"
#include "sim/timing/run_log.h"
#include "tt-metalium/device.hpp"
#include "ttsim/error.hpp"
#include "ttsim/stats.hpp"

namespace ttsim {

GlobalSettings& settings() {
  static GlobalSettings s;
  return s;
}

Arch selected_arch() {
  if (settings().arch_set) {
    return settings().arch;
  }
  Arch a = Arch::WormholeB0;
  if (std::string env = Settings::from_env().device; !env.empty()) {
    if (!parse_arch(env, &a)) {
      throw tt::tt_metal::SimulatorError("TTSIM_DEVICE='" + env +
                                         "' is not a simulated device (wormhole_b0, blackhole)");
    }
  }
  return a;
}

std::pair<uint32_t, uint32_t> system_mesh() {
  std::string m = Settings::from_env().mesh;
  if (m.empty()) {
    return {1, 1};
  }
  unsigned r = 0, c = 0;
  char x = 0, extra = 0;
  if (std::sscanf(m.c_str(), "%u%c%u%c", &r, &x, &c, &extra) != 3 || (x != 'x' && x != 'X') ||
      r == 0 || c == 0 || r * c > kMaxMeshDevices) {
    throw tt::tt_metal::SimulatorError(
        "TTSIM_MESH='" + m + "' is not a mesh shape RxC of at most " +
        std::to_string(kMaxMeshDevices) + " devices (e.g. 1x2, 2x4)");
  }
  return {r, c};
}

void Simulator::set_device(const std::string& name) {
  Arch a;
  if (!parse_arch(name, &a)) {
    throw std::invalid_argument("unknown simulated device '" + name +
                                "' (expected wormhole_b0 or blackhole)");
  }
  settings().arch = a;
  settings().arch_set = true;
}
std::string Simulator::device() { return arch_spec(selected_arch()).name(); }
void Simulator::set_seed(uint64_t seed) { settings().seed = seed; }
uint64_t Simulator::seed() { return settings().seed; }
void Simulator::set_cycle_report(bool on) { settings().cycle_report = on; }
bool Simulator::cycle_report() { return settings().cycle_report; }
void Simulator::set_quantum(uint64_t cycles) { settings().quantum = cycles; }
uint64_t Simulator::quantum() { return settings().quantum; }
uint64_t Simulator::last_program_cycles(const tt::tt_metal::IDevice& device) {
  return last_run_stats(device).device_cycles;
}
uint64_t Simulator::total_cycles(const tt::tt_metal::IDevice& device) {
  return device_run_stats(device).device_cycles;
}
uint64_t Simulator::programs_run(const tt::tt_metal::IDevice& device) {
  return device_run_stats(device).programs;
}
uint64_t Simulator::kernels_compiled() { return jit_compile_count(); }
const RunStats& last_run_stats(const tt::tt_metal::IDevice& device) {
  return device.sim().log().last;
}
const RunStats& device_run_stats(const tt::tt_metal::IDevice& device) {
  return device.sim().log().total;
}
void reset_run_stats(const tt::tt_metal::IDevice& device) { device.sim().log() = timing::RunLog{}; }

namespace {
// The innermost capture alive on this thread (each one links to the one it is nested in).
thread_local RunCapture* t_capture = nullptr;
}  // namespace

RunCapture::RunCapture() : outer_(t_capture) { t_capture = this; }
RunCapture::~RunCapture() { t_capture = outer_; }

void RunCapture::record(const RunStats& run) {
  for (RunCapture* c = t_capture; c; c = c->outer_) {
    c->last_ = run;
    timing::add_run(c->total_, run);
  }
}

std::string Simulator::include_dir() { return sim_include_dir(); }
std::string Simulator::sanitize_flags() { return sim_sanitize_flags(); }
std::string Simulator::library_dir() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&Simulator::library_dir), &info) && info.dli_fname) {
    return std::filesystem::canonical(info.dli_fname).parent_path().string();
  }
  return ".";
}

namespace {
std::terminate_handler g_previous = nullptr;

[[noreturn]] void on_terminate() {
  if (std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const tt::tt_metal::SimulatorError& err) {
      std::fflush(stdout);
      std::fprintf(stderr, "error: %s\n", err.what());
      std::fflush(stderr);
      _exit(1);
    } catch (...) {
    }
  }
  if (g_previous) {
    g_previous();
  }
  std::abort();
}

struct InstallTerminate {
  InstallTerminate() { g_previous = std::set_terminate(on_terminate); }
} g_install;
}  // namespace

}  // namespace ttsim
