// Name → implementation registry for cost models: an implementation registers itself
// with TTSIM_REGISTER_COST_MODEL(Class, "name") in its own .cc file.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "sim/timing/i_cost_model.h"

namespace ttsim {

using CostModelFactory = std::function<std::unique_ptr<ICostModel>(const CostModelOptions&)>;
std::map<std::string, CostModelFactory>& cost_model_registry();

struct CostModelRegistrar {
  CostModelRegistrar(const char* name, CostModelFactory f) {
    cost_model_registry()[name] = std::move(f);
  }
};

#define TTSIM_REGISTER_COST_MODEL(cls, name)                                          \
  static ::ttsim::CostModelRegistrar cls##_registrar {                                \
    name, [](const ::ttsim::CostModelOptions& o) { return std::make_unique<cls>(o); } \
  }

}  // namespace ttsim
