// What tools set through ttsim::Simulator for the whole process (device, seed, cycle report,
// quantum). TT-Metalium's host API has no session argument, so these tool settings are the one
// process-wide object; each run is handed what it needs from them (program.cc). What programs
// ran (statistics, trace) is recorded by the device that ran them (core/device.h). The
// environment is read by sim/core/settings.h.
#pragma once
#include <cstdint>
#include <utility>

#include "sim/arch/arch.h"

namespace ttsim {

struct GlobalSettings {
  bool arch_set = false;
  Arch arch = Arch::WormholeB0;
  uint64_t seed = 0;
  bool cycle_report = false;
  uint64_t quantum = 0;
};

GlobalSettings& settings();
Arch selected_arch();  // Simulator::set_device, else $TTSIM_DEVICE, else Wormhole B0
// The simulated system's mesh (rows, cols): $TTSIM_MESH ("RxC", e.g. 2x4), else 1x1.
std::pair<uint32_t, uint32_t> system_mesh();
// The largest simulated mesh: a Galaxy's 8x4 Wormhole chips.
constexpr uint32_t kMaxMeshDevices = 32;

}  // namespace ttsim
