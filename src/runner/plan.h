// Reading tt.plan.json for `tltt run`: the device plan (ir/device_plan.h) the compiler wrote.
#pragma once
#include <optional>
#include <string>

#include "ir/device_plan.h"

namespace tltt::runner {

// Reads `path`; nullopt with a message in *error when it is missing or malformed.
std::optional<ir::DevicePlan> read_plan(const std::string& path, std::string* error);

}  // namespace tltt::runner
