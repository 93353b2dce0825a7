// The parts of tt.plan.json (schema_version 1, docs/plan-schema.md) that `tltt run` needs:
// parameter shapes, dtypes and roles, the cores used and the compute configuration.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tltt::runner {

struct PlanParam {
  std::string name;
  std::vector<int64_t> shape;
  std::string dtype;
  std::string role;  // "input" or "output"
};

struct PlanInfo {
  std::string device;
  std::vector<PlanParam> params;
  int64_t cores = 0;               // cores that received work
  std::string math_fidelity;       // "LoFi" ... "HiFi4"; empty when the plan has none
  bool has_fp32_dest_acc = false;  // whether the plan states fp32_dest_acc_en
  bool fp32_dest_acc = false;
};

// Reads `path`; false with a message in *error when it is missing or malformed.
bool read_plan(const std::string& path, PlanInfo* plan, std::string* error);

}  // namespace tltt::runner
