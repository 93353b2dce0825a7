// Device models: Wormhole n150 (8x8 workers) and Blackhole p150 (11x10 workers).
#include "passes/device_model.h"

namespace tltt::passes {

DeviceModel DeviceModel::wormhole_b0() {
  DeviceModel d;
  d.name = "wormhole_b0";
  d.product = "n150";
  d.grid_x = 8;
  d.grid_y = 8;
  d.max_cbs = 32;
  return d;
}

DeviceModel DeviceModel::blackhole() {
  DeviceModel d;
  d.name = "blackhole";
  d.product = "p150";
  d.grid_x = 11;
  d.grid_y = 10;
  // Blackhole has 64 CB ids; the generated kernels keep to the portable 32.
  d.max_cbs = 32;
  return d;
}

std::optional<DeviceModel> DeviceModel::by_name(const std::string& name) {
  if (name == "wormhole_b0" || name == "wormhole" || name == "n150") {
    return wormhole_b0();
  }
  if (name == "blackhole" || name == "p150") {
    return blackhole();
  }
  return std::nullopt;
}

}  // namespace tltt::passes
