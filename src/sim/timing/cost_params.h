// Timing constants of one simulated device: the timing sections of its description
// (device/timing.h, from data/devices/<device>.json embedded by src/device), or of a directory of
// <device>.json files instead (Settings::data_dir, from $TTSIM_DATA_DIR: bench/calibrate's
// held-out fits).
#pragma once
#include <string>

#include "device/timing.h"
#include "sim/arch/arch.h"

namespace ttsim {

using CostParams = tltt::device::Timing;

// Parameters of `arch`: the built-in description's, or those of <data_dir>/<device>.json when
// `data_dir` is not empty (each loaded once per process; a missing or malformed file is a
// SimulatorError naming the file and field).
const CostParams& cost_params(Arch arch, const std::string& data_dir = {});

}  // namespace ttsim
