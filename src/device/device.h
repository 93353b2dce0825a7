// The one description of each simulated device, read from data/devices/<name>.json (embedded at
// build time): names and aliases, worker grid, L1, circular buffers, DST, DRAM, NoC and clock.
// The compiler, the simulator, the runner and the timing model all take their device facts from
// here; the timing constants are in the same files (timing.h).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "device/timing.h"

namespace tltt::device {

struct Coord {
  uint32_t x = 0, y = 0;
  bool operator==(const Coord&) const = default;
};

struct Description {
  std::string name;                  // canonical: "wormhole_b0", "blackhole"
  std::vector<std::string> aliases;  // other accepted names ("wh", "n150", ...)
  uint32_t noc_x = 0, noc_y = 0;     // NoC grid size
  std::vector<uint32_t> worker_x;    // physical x of logical worker column i
  std::vector<uint32_t> worker_y;    // physical y of logical worker row i
  // NoC tiles that are neither workers nor DRAM (Ethernet, router-only, PCIe, ARC), by kind;
  // only diagnostics name them.
  std::vector<std::pair<std::string, std::vector<Coord>>> other_tiles;
  uint32_t l1_size = 0;      // bytes of L1 per worker core
  uint32_t l1_reserved = 0;  // bytes at the bottom of L1 kept for firmware, args, semaphores
  uint32_t l1_alignment = 16;
  uint32_t num_cbs = 0;  // circular buffer indices per core
  // DST tiles one tile_regs_acquire can address, by [full_sync][fp32].
  uint32_t dst_tiles_by_mode[2][2] = {};
  // DRAM: channels, each with several NoC endpoints; bank = channel * views + view, the view
  // selected by an offset of view * view_offset in the NoC local address.
  std::vector<std::vector<Coord>> dram_channel_endpoints;
  // Per bank: the endpoint index kernels address it at, on NoC0 and on NoC1 (TT-Metal's
  // dram_bank_to_noc_xy is per NoC; on Blackhole the two NoCs reach a channel at different tiles).
  std::vector<uint32_t> dram_bank_endpoint;
  std::vector<uint32_t> dram_bank_endpoint_noc1;
  uint32_t dram_views = 1;
  uint64_t dram_view_offset = 0;
  uint64_t dram_bank_size = 0;
  uint32_t dram_alignment = 32;
  uint32_t noc_max_burst = 8192;
  uint32_t clock_mhz = 0;
  Timing timing;               // the timing constants (timing.h)
  std::string_view json_text;  // the whole description file

  uint32_t grid_x() const { return static_cast<uint32_t>(worker_x.size()); }
  uint32_t grid_y() const { return static_cast<uint32_t>(worker_y.size()); }
  uint32_t num_workers() const { return grid_x() * grid_y(); }
  uint32_t num_dram_banks() const {
    return static_cast<uint32_t>(dram_channel_endpoints.size()) * dram_views;
  }
  // Bytes of L1 circular buffers may use on one core (everything above the reserved region).
  uint32_t l1_cb_budget() const { return l1_size - l1_reserved; }
  // DST tiles one acquire can address: 16-bit or fp32 accumulation, half- or full-sync.
  uint32_t dst_tiles(bool fp32_acc, bool full_sync) const {
    return dst_tiles_by_mode[full_sync ? 1 : 0][fp32_acc ? 1 : 0];
  }
};

// Every described device, sorted by name (parsed once; a malformed file is a fatal error naming
// the file and field, as it is a build-time input).
const std::vector<Description>& all();
// The device `name` names (canonical name or alias, exact match); nullptr when none does.
const Description* find(std::string_view name);
// The device a program gets when it names none.
const Description& default_device();
// "wormhole_b0 (wormhole, wh, n150, n300), blackhole (bh, p150, p300)", for error messages.
std::string known_names();
// Every accepted name (canonical names and aliases) of every device.
std::vector<std::string> all_names();

}  // namespace tltt::device
