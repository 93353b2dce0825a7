// Reading tt.plan.json for `tltt run` through the plan's one deserializer (ir::from_json).
#include "runner/plan.h"

#include <fstream>
#include <sstream>

namespace tltt::runner {

std::optional<ir::DevicePlan> read_plan(const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read " + path;
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::optional<ir::DevicePlan> plan = ir::from_json(ss.str(), error);
  if (!plan) {
    *error = path + ": " + *error;
  }
  return plan;
}

}  // namespace tltt::runner
