// The simulator's view of Wormhole B0 and Blackhole, built from the device descriptions
// (src/device): one alias list and one set of facts for the compiler, simulator and runner.
#include "sim/arch/arch.h"

#include "device/device.h"
#include "ttsim/error.hpp"

namespace ttsim {
namespace {

const char* canonical_name(Arch arch) {
  return arch == Arch::Blackhole ? "blackhole" : "wormhole_b0";
}

ArchSpec make(Arch arch) {
  const tltt::device::Description* d = tltt::device::find(canonical_name(arch));
  if (!d) {
    throw tt::tt_metal::SimulatorError(std::string("ttsim: no device description of ") +
                                       canonical_name(arch));
  }
  ArchSpec s;
  s.arch = arch;
  s.name = d->name;
  s.noc_x = d->noc_x;
  s.noc_y = d->noc_y;
  s.worker_x = d->worker_x;
  s.worker_y = d->worker_y;
  s.l1_size = d->l1_size;
  s.l1_reserved = d->l1_reserved;
  for (const auto& channel : d->dram_channel_endpoints) {
    std::vector<XY> eps;
    for (const auto& e : channel) {
      eps.push_back({e.x, e.y});
    }
    s.dram_channel_endpoints.push_back(eps);
  }
  s.dram_bank_endpoint = d->dram_bank_endpoint;
  s.dram_views = d->dram_views;
  s.view_offset = d->dram_view_offset;
  s.dram_bank_size = d->dram_bank_size;
  s.dram_alignment = d->dram_alignment;
  s.l1_alignment = d->l1_alignment;
  s.max_burst = d->noc_max_burst;
  s.num_cbs = d->num_cbs;
  s.clock_mhz = d->clock_mhz;
  s.desc = d;
  return s;
}

}  // namespace

uint32_t ArchSpec::dst_tiles(bool fp32_acc, bool full_sync) const {
  return desc->dst_tiles(fp32_acc, full_sync);
}

const ArchSpec& arch_spec(Arch arch) {
  static const ArchSpec wh = make(Arch::WormholeB0);
  static const ArchSpec bh = make(Arch::Blackhole);
  return arch == Arch::Blackhole ? bh : wh;
}

bool parse_arch(const std::string& name, Arch* out) {
  const tltt::device::Description* d = tltt::device::find(name);
  if (!d) {
    return false;
  }
  for (Arch a : {Arch::WormholeB0, Arch::Blackhole}) {
    if (d->name == canonical_name(a)) {
      *out = a;
      return true;
    }
  }
  return false;  // described, but not a device the simulator models
}

}  // namespace ttsim
