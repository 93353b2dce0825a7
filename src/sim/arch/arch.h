// Device models the simulator can be, each referring to its device description (src/device,
// data/devices/*.json) for the NoC grid, worker and DRAM coordinates and memory sizes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "device/device.h"

namespace ttsim {

enum class Arch { WormholeB0, Blackhole };

// A NoC coordinate (the description's).
using XY = tltt::device::Coord;

// One simulated device: which model it is and its description (src/device), the one copy of
// its facts (grid, L1, CBs, DRAM, NoC, clock) the compiler and the runner read too.
struct ArchSpec {
  Arch arch;
  const tltt::device::Description* desc;  // never null

  const std::string& name() const { return desc->name; }  // canonical
  uint32_t grid_x() const { return desc->grid_x(); }
  uint32_t grid_y() const { return desc->grid_y(); }
  uint32_t num_workers() const { return desc->num_workers(); }
  uint32_t num_dram_banks() const { return desc->num_dram_banks(); }
  // The tile a kernel addresses DRAM bank `bank` at when it uses NoC `noc`.
  XY dram_bank_xy(uint32_t bank, int noc = 0) const {
    const auto& ep = noc == 1 ? desc->dram_bank_endpoint_noc1 : desc->dram_bank_endpoint;
    return desc->dram_channel_endpoints[bank / desc->dram_views][ep[bank]];
  }
  // DST tiles one acquire can address (the description's rule).
  uint32_t dst_tiles(bool fp32_acc, bool full_sync) const {
    return desc->dst_tiles(fp32_acc, full_sync);
  }
};

const ArchSpec& arch_spec(Arch arch);
// Parses a device name or alias of the descriptions ("wormhole_b0", "wh", "n150", "blackhole",
// "p150", ...); false when unknown.
bool parse_arch(const std::string& name, Arch* out);

}  // namespace ttsim
