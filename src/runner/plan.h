// Reading tt.plan.json for `tltt run`: the device plan (ir/device_plan.h) the compiler wrote.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ir/device_plan.h"

namespace tltt::runner {

// Reads `path`; nullopt with a message in *error when it is missing or malformed.
std::optional<ir::DevicePlan> read_plan(const std::string& path, std::string* error);

// The plans of an artifact directory's device programs, in launch order: launch<i>.plan.json for
// a function of several launches, else tt.plan.json (docs/plan-schema.md). nullopt with a message
// in *error when one is malformed or there is none.
std::optional<std::vector<ir::DevicePlan>> read_device_plans(const std::string& dir,
                                                             std::string* error);

}  // namespace tltt::runner
