// Target device facts the passes depend on (worker grid, CB limits, L1 budget, DST capacity),
// taken from the one device description (src/device, data/devices/*.json).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace tltt::device {
struct Description;
}

namespace tltt::passes {

struct DeviceModel {
  std::string name;  // canonical: "wormhole_b0" or "blackhole"
  int grid_x = 0;    // logical worker grid
  int grid_y = 0;
  int max_cbs = 0;        // circular buffer ids per core
  int dram_banks = 0;     // DRAM banks (DRAM shards go one per bank)
  int64_t l1_budget = 0;  // bytes of L1 the CBs may use per core (what the simulator allows)
  const device::Description* desc = nullptr;

  int num_cores() const { return grid_x * grid_y; }
  // DST tiles one acquire can address (the generated kernels run half-sync).
  int64_t dst_tiles(bool fp32_acc, bool full_sync = false) const;

  // The default device (wormhole_b0).
  static DeviceModel default_device();
  // Any name or alias of the descriptions ("wormhole_b0", "wh", "n150", "blackhole", "p150", ...).
  static std::optional<DeviceModel> by_name(const std::string& name);
};

}  // namespace tltt::passes
