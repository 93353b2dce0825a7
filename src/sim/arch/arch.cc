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
  return ArchSpec{arch, d};
}

}  // namespace

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
