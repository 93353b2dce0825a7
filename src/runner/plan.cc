// Reading tt.plan.json for `tltt run` (nlohmann/json stays in this translation unit).
#include "runner/plan.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tltt::runner {

namespace {

// "MathFidelity::HiFi4", "HiFi4" and "hifi4" all name HiFi4.
std::string normalise_fidelity(std::string s) {
  if (auto p = s.rfind(':'); p != std::string::npos) {
    s = s.substr(p + 1);
  }
  std::string lower;
  for (char ch : s) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  for (const char* f : {"LoFi", "HiFi2", "HiFi3", "HiFi4"}) {
    std::string fl;
    for (const char* q = f; *q; ++q) {
      fl += static_cast<char>(std::tolower(static_cast<unsigned char>(*q)));
    }
    if (lower == fl) {
      return f;
    }
  }
  return s;
}

}  // namespace

bool read_plan(const std::string& path, PlanInfo* plan, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read " + path;
    return false;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    *error = path + " is not valid JSON";
    return false;
  }
  try {
    *plan = PlanInfo{};
    plan->device = j.value("device", "");
    if (!j.contains("params") || !j["params"].is_array()) {
      *error = path + ": missing \"params\" array";
      return false;
    }
    for (const auto& p : j["params"]) {
      PlanParam pp;
      pp.name = p.at("name").get<std::string>();
      pp.shape = p.at("shape").get<std::vector<int64_t>>();
      pp.dtype = p.value("dtype", "");
      pp.role = p.value("role", "");
      plan->params.push_back(std::move(pp));
    }
    if (j.contains("work_partition") && j["work_partition"].is_object()) {
      plan->cores = static_cast<int64_t>(j["work_partition"].size());
    }
    if (plan->cores == 0 && j.contains("core_ranges") && j["core_ranges"].is_array()) {
      for (const auto& r : j["core_ranges"]) {
        auto ext = r.at("extent").get<std::vector<int64_t>>();
        plan->cores += ext.size() == 2 ? ext[0] * ext[1] : 0;
      }
    }
    if (plan->cores == 0 && j.contains("core_grid")) {
      auto g = j["core_grid"].get<std::vector<int64_t>>();
      plan->cores = g.size() == 2 ? g[0] * g[1] : 0;
    }
    if (j.contains("kernels") && j["kernels"].contains("compute")) {
      const auto& c = j["kernels"]["compute"];
      if (c.contains("math_fidelity") && c["math_fidelity"].is_string()) {
        plan->math_fidelity = normalise_fidelity(c["math_fidelity"].get<std::string>());
      }
      if (c.contains("fp32_dest_acc_en") && c["fp32_dest_acc_en"].is_boolean()) {
        plan->has_fp32_dest_acc = true;
        plan->fp32_dest_acc = c["fp32_dest_acc_en"].get<bool>();
      }
    }
  } catch (const nlohmann::json::exception& e) {
    *error = path + ": " + e.what();
    return false;
  }
  return true;
}

}  // namespace tltt::runner
