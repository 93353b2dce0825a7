// Device models the simulator can be: NoC grid, worker and DRAM tile coordinates, memory sizes,
// taken from the device descriptions (src/device, data/devices/*.json).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tltt::device {
struct Description;
}

namespace ttsim {

enum class Arch { WormholeB0, Blackhole };

struct XY {
  uint32_t x = 0, y = 0;
  bool operator==(const XY&) const = default;
};

struct ArchSpec {
  Arch arch;
  std::string name;                // "wormhole_b0" / "blackhole"
  uint32_t noc_x = 0, noc_y = 0;   // NoC grid size
  std::vector<uint32_t> worker_x;  // physical x of logical column i
  std::vector<uint32_t> worker_y;  // physical y of logical row i
  uint32_t l1_size = 0;
  uint32_t l1_reserved = 0;  // circular buffers start here
  // DRAM: channels, each with several NoC endpoints; bank = channel * views + view, the view
  // selected by an offset of view * view_offset in the NoC local address.
  std::vector<std::vector<XY>> dram_channel_endpoints;
  std::vector<uint32_t> dram_bank_endpoint;  // per bank: endpoint index kernels use
  uint32_t dram_views = 1;
  uint64_t view_offset = 0;
  uint64_t dram_bank_size = 0;
  uint32_t dram_alignment = 32;
  uint32_t l1_alignment = 16;
  uint32_t max_burst = 8192;
  uint32_t num_cbs = 32;
  uint32_t clock_mhz = 1000;
  const tltt::device::Description* desc = nullptr;  // where the facts above come from

  uint32_t grid_x() const { return static_cast<uint32_t>(worker_x.size()); }
  uint32_t grid_y() const { return static_cast<uint32_t>(worker_y.size()); }
  uint32_t num_workers() const { return grid_x() * grid_y(); }
  uint32_t num_dram_banks() const {
    return static_cast<uint32_t>(dram_channel_endpoints.size()) * dram_views;
  }
  XY dram_bank_xy(uint32_t bank) const {
    return dram_channel_endpoints[bank / dram_views][dram_bank_endpoint[bank]];
  }
  // DST tiles one acquire can address (the description's rule).
  uint32_t dst_tiles(bool fp32_acc, bool full_sync) const;
};

const ArchSpec& arch_spec(Arch arch);
// Parses a device name or alias of the descriptions ("wormhole_b0", "wh", "n150", "blackhole",
// "p150", ...); false when unknown.
bool parse_arch(const std::string& name, Arch* out);

}  // namespace ttsim
