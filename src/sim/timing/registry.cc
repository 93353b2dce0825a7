// The cost-model registry and the process-wide choice of model ($TTSIM_COST_MODEL).
#include "sim/timing/registry.h"

#include <cstdlib>
#include <mutex>

#include "ttsim/error.hpp"

namespace ttsim {

std::map<std::string, CostModelFactory>& cost_model_registry() {
  static std::map<std::string, CostModelFactory> r;
  return r;
}

const ICostModel& default_cost_model() {
  static std::unique_ptr<ICostModel> model;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string name = "calibrated";
    if (const char* e = std::getenv("TTSIM_COST_MODEL"); e && *e) name = e;
    auto& r = cost_model_registry();
    auto it = r.find(name);
    if (it == r.end()) {
      std::string known;
      for (auto& [n, f] : r) known += (known.empty() ? "" : ", ") + n;
      throw tt::tt_metal::SimulatorError("TTSIM_COST_MODEL='" + name +
                                         "' is not a cost model (known: " + known + ")");
    }
    model = it->second();
  });
  return *model;
}

}  // namespace ttsim
