// Settings::from_env: the one place that reads the simulator's environment variables.
#include "sim/core/settings.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "sim/core/fiber.h"
#include "sim/timing/progress.h"

namespace ttsim {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool env_on(const char* name) {
  std::string v = env(name);
  return !v.empty() && v != "0";
}

}  // namespace

Settings Settings::from_env() {
  Settings s;
  s.device = env("TTSIM_DEVICE");
  s.mesh = env("TTSIM_MESH");
  if (std::string m = env("TTSIM_COST_MODEL"); !m.empty()) {
    s.cost_model = m;
  }
  s.data_dir = env("TTSIM_DATA_DIR");
  s.timing_only = env_on("TTSIM_TIMING_ONLY");
  s.trace_file = env("TTSIM_TRACE");
  s.stats_file = env("TTSIM_STATS_FILE");
  s.report_dir = env("TTSIM_REPORT_DIR");
  s.progress =
      timing::progress_enabled(isatty(2) != 0, std::getenv("CI"), std::getenv("TTSIM_PROGRESS"));
  s.strict = env_on("TTSIM_STRICT");
  s.dprint_prefix = env("TT_METAL_DPRINT_PREPEND_DEVICE_CORE_RISC") != "0";
  if (const char* w = std::getenv("TTSIM_WATCHDOG_SECONDS")) {
    s.watchdog_seconds = std::strtol(w, nullptr, 10);
  }
  s.stack_bytes = Fiber::default_stack_bytes();
  if (std::string kb = env("TTSIM_STACK_KB"); !kb.empty()) {
    if (long v = std::strtol(kb.c_str(), nullptr, 10); v >= 64) {
      s.stack_bytes = static_cast<size_t>(v) * 1024;
    }
  }
  if (std::string c = env("TTSIM_CXX"); !c.empty()) {
    s.cxx = c;
  }
  if (std::string d = env("TTSIM_CACHE_DIR"); !d.empty()) {
    s.cache_dir = d;
  } else if (std::string x = env("XDG_CACHE_HOME"); !x.empty()) {
    s.cache_dir = x + "/ttsim";
  } else if (std::string h = env("HOME"); !h.empty()) {
    s.cache_dir = h + "/.cache/ttsim";
  } else {
    s.cache_dir = "/tmp/ttsim-cache";
  }
  if (std::string m = env("TTSIM_CACHE_MAX_MB"); !m.empty()) {
    char* end = nullptr;
    unsigned long long n = std::strtoull(m.c_str(), &end, 10);
    if (end && *end == '\0') {
      s.cache_max_mib = n;
    }
  }
  s.include_dir = env("TTSIM_INCLUDE_DIR");
  s.kernel_path = env("TT_METAL_KERNEL_PATH");
  s.metal_home = env("TT_METAL_HOME");
  return s;
}

}  // namespace ttsim
