// Process-wide simulator settings and counters shared by the host API implementation.
#pragma once
#include <cstdint>

#include "sim/core/arch.h"
#include "sim/timing/i_cost_model.h"

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
const ICostModel& cost_model();

}  // namespace ttsim
