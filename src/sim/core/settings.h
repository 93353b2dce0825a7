// Every environment variable the simulator reads, read in one place (settings.cc). A program run
// takes one snapshot when it starts; tools and tests may change the environment between runs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace ttsim {

struct Settings {
  // Device and cost model.
  std::string device;                     // TTSIM_DEVICE (empty: the default device)
  std::string mesh;                       // TTSIM_MESH: RxC devices (empty: 1x1)
  std::string cost_model = "calibrated";  // TTSIM_COST_MODEL
  std::string data_dir;  // TTSIM_DATA_DIR: <device>.json cost constants (calibration tools)
  // What a run computes and writes.
  bool timing_only = false;    // TTSIM_TIMING_ONLY: skip arithmetic and NoC payload copies
  std::string trace_file;      // TTSIM_TRACE
  std::string stats_file;      // TTSIM_STATS_FILE
  std::string report_dir;      // TTSIM_REPORT_DIR
  bool progress = false;       // TTSIM_PROGRESS (1 on, 0 off), else on for a TTY outside $CI
  bool strict = false;         // TTSIM_STRICT
  bool dprint_prefix = true;   // TT_METAL_DPRINT_PREPEND_DEVICE_CORE_RISC (0 drops the prefix)
  long watchdog_seconds = 60;  // TTSIM_WATCHDOG_SECONDS (0 off)
  size_t stack_bytes = 0;      // TTSIM_STACK_KB (at least 64), else Fiber::default_stack_bytes()
  // Kernel compilation.
  std::string cxx = "g++";        // TTSIM_CXX
  std::string cache_dir;          // TTSIM_CACHE_DIR, else $XDG_CACHE_HOME/ttsim, ~/.cache/ttsim
  uint64_t cache_max_mib = 1024;  // TTSIM_CACHE_MAX_MB (0 unbounded)
  std::string include_dir;        // TTSIM_INCLUDE_DIR (empty: next to the library)
  std::string kernel_path;        // TT_METAL_KERNEL_PATH
  std::string metal_home;         // TT_METAL_HOME

  static Settings from_env();
};

}  // namespace ttsim
