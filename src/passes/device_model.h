// Target device facts the passes depend on: worker grid, CB limits, L1 budget.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace tltt::passes {

struct DeviceModel {
  std::string name;     // "wormhole_b0" or "blackhole"
  std::string product;  // "n150", "p150"
  int grid_x = 8;       // logical worker grid
  int grid_y = 8;
  int max_cbs = 32;             // circular buffer ids per core
  int64_t l1_budget = 1 << 20;  // bytes of L1 the CBs may use per core

  int num_cores() const { return grid_x * grid_y; }

  static DeviceModel wormhole_b0();
  static DeviceModel blackhole();
  // "wormhole_b0" / "wormhole" / "n150" / "blackhole" / "p150".
  static std::optional<DeviceModel> by_name(const std::string& name);
};

}  // namespace tltt::passes
