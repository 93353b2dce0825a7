// The passes' view of a device description.
#include "passes/device_model.h"

#include "device/device.h"

namespace tltt::passes {
namespace {

DeviceModel from(const device::Description& d) {
  DeviceModel m;
  m.name = d.name;
  m.grid_x = static_cast<int>(d.grid_x());
  m.grid_y = static_cast<int>(d.grid_y());
  m.max_cbs = static_cast<int>(d.num_cbs);
  m.dram_banks = static_cast<int>(d.num_dram_banks());
  m.l1_budget = d.l1_cb_budget();
  m.desc = &d;
  return m;
}

}  // namespace

int64_t DeviceModel::dst_tiles(bool fp32_acc, bool full_sync) const {
  return desc->dst_tiles(fp32_acc, full_sync);
}

DeviceModel DeviceModel::default_device() { return from(device::default_device()); }

std::optional<DeviceModel> DeviceModel::by_name(const std::string& name) {
  if (const device::Description* d = device::find(name)) {
    return from(*d);
  }
  return std::nullopt;
}

}  // namespace tltt::passes
