// Looks up CostParams: the built-in description's timing constants (src/device parses them), or
// those of a replacement file in a data directory, loaded once and kept.
#include "sim/timing/cost_params.h"

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "device/device.h"
#include "ttsim/error.hpp"

namespace ttsim {
namespace {

using tt::tt_metal::SimulatorError;

CostParams load(Arch arch, const std::string& dir) {
  const std::string file = dir + "/" + arch_spec(arch).name() + ".json";
  std::ifstream in(file);
  if (!in) {
    throw SimulatorError("ttsim: cannot open the device cost file " + file);
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    return tltt::device::parse_timing(text.str(), file);
  } catch (const std::runtime_error& e) {
    throw SimulatorError(e.what());
  }
}

}  // namespace

const CostParams& cost_params(Arch arch, const std::string& data_dir) {
  if (data_dir.empty()) {  // the common case, without a lock
    return arch_spec(arch).desc->timing;
  }
  // Loaded on first use and kept: references stay valid (std::map never moves its values).
  static std::mutex mu;
  static std::map<std::pair<Arch, std::string>, CostParams> loaded;
  std::lock_guard<std::mutex> lock(mu);
  auto key = std::make_pair(arch, data_dir);
  auto it = loaded.find(key);
  if (it == loaded.end()) {
    it = loaded.emplace(key, load(arch, data_dir)).first;
  }
  return it->second;
}

}  // namespace ttsim
