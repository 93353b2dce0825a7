// What tools set through ttsim::Simulator for the whole process (device, seed, cycle report,
// quantum) and the process's cycle counters; the environment is read by sim/core/settings.h.
#pragma once
#include <cstdint>

#include "sim/arch/arch.h"

namespace ttsim {

struct GlobalSettings {
  bool arch_set = false;
  Arch arch = Arch::WormholeB0;
  uint64_t seed = 0;
  bool cycle_report = false;
  uint64_t quantum = 0;
  uint64_t last_cycles = 0;
  uint64_t total_cycles = 0;
  uint64_t programs = 0;
};

GlobalSettings& settings();
Arch selected_arch();  // Simulator::set_device, else $TTSIM_DEVICE, else Wormhole B0

}  // namespace ttsim
