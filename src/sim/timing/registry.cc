// The cost-model registry: name → factory; each run makes its own instance.
#include "sim/timing/registry.h"

#include "ttsim/error.hpp"

namespace ttsim {

std::map<std::string, CostModelFactory>& cost_model_registry() {
  static std::map<std::string, CostModelFactory> r;
  return r;
}

std::unique_ptr<ICostModel> make_cost_model(const std::string& name,
                                            const CostModelOptions& options) {
  auto& r = cost_model_registry();
  auto it = r.find(name);
  if (it == r.end()) {
    std::string known;
    for (auto& [n, f] : r) {
      known += (known.empty() ? "" : ", ") + n;
    }
    throw tt::tt_metal::SimulatorError("TTSIM_COST_MODEL='" + name +
                                       "' is not a cost model (known: " + known + ")");
  }
  return it->second(options);
}

}  // namespace ttsim
