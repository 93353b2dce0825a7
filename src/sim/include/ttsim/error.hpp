// The one exception type the simulator throws for user errors (deadlock, CB contract violation,
// bad NoC access, L1 overflow, DST overflow, too many args, kernel compile failure, ...).
#pragma once
#include <stdexcept>
#include <string>

namespace tt::tt_metal {

class SimulatorError : public std::runtime_error {
 public:
  explicit SimulatorError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace tt::tt_metal
