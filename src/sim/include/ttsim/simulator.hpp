// The simulator's C++ API for tools (e.g. `tltt run`): device selection, settings, and the
// simulated cycle counts of the programs a device ran.
#pragma once
#include <cstdint>
#include <string>

namespace tt::tt_metal {
class IDevice;
}

namespace ttsim {

class Simulator {
 public:
  // "wormhole_b0" or "blackhole" for devices created from now on (default: $TTSIM_DEVICE, else
  // wormhole_b0). Throws std::invalid_argument for an unknown name.
  static void set_device(const std::string& name);
  static std::string device();
  // Seed for filling newly allocated buffers with pseudo-random bytes (0: zero-filled memory).
  static void set_seed(uint64_t seed);
  static uint64_t seed();
  // Print "ttsim: program ran N cycles" to stderr after each program.
  static void set_cycle_report(bool on);
  static bool cycle_report();
  // Cycles a fiber may run ahead of the next before yielding (accuracy vs. speed; default 0).
  static void set_quantum(uint64_t cycles);
  static uint64_t quantum();

  // Of the programs run on `device` (or its mesh): see ttsim/stats.hpp.
  static uint64_t last_program_cycles(const tt::tt_metal::IDevice& device);
  static uint64_t total_cycles(const tt::tt_metal::IDevice& device);
  static uint64_t programs_run(const tt::tt_metal::IDevice& device);
  static uint64_t kernels_compiled();  // JIT cache misses in this process

  // Where the SDK-path headers and libttsim live (build tree, or install tree once installed).
  static std::string include_dir();
  static std::string library_dir();
  // The -fsanitize flags libttsim was built with (empty in normal builds): code compiled against
  // it at run time (kernels, host programs) must use them too.
  static std::string sanitize_flags();
};

}  // namespace ttsim
