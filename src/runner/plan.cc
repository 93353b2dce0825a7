// Reading tt.plan.json for `tltt run` through the plan's one deserializer (ir::from_json).
#include "runner/plan.h"

#include <fmt/format.h>

#include <filesystem>
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

std::optional<std::vector<ir::DevicePlan>> read_device_plans(const std::string& dir,
                                                             std::string* error) {
  namespace fs = std::filesystem;
  std::vector<std::string> paths;
  for (size_t i = 0;; ++i) {
    const fs::path launch = fs::path(dir) / fmt::format("launch{}.plan.json", i);
    if (!fs::exists(launch)) {
      break;
    }
    paths.push_back(launch.string());
  }
  if (paths.empty()) {
    paths.push_back((fs::path(dir) / "tt.plan.json").string());
  }
  std::vector<ir::DevicePlan> plans;
  for (const std::string& path : paths) {
    std::optional<ir::DevicePlan> plan = read_plan(path, error);
    if (!plan) {
      return std::nullopt;
    }
    plans.push_back(std::move(*plan));
  }
  return plans;
}

}  // namespace tltt::runner
