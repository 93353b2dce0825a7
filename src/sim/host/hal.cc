// tt-metalium/hal.hpp over the selected architecture's description (sim/arch).
#include "tt-metalium/hal.hpp"

#include "sim/arch/arch.h"
#include "sim/host/settings.h"

namespace tt::tt_metal::hal {

namespace {
const ttsim::ArchSpec& spec() { return ttsim::arch_spec(ttsim::selected_arch()); }
}  // namespace

tt::ARCH get_arch() {
  return spec().arch == ttsim::Arch::Blackhole ? tt::ARCH::BLACKHOLE : tt::ARCH::WORMHOLE_B0;
}
std::string get_arch_name() { return spec().name(); }
uint32_t get_l1_size() { return spec().desc->l1_size; }
uint32_t get_dram_alignment() { return spec().desc->dram_alignment; }
uint32_t get_l1_alignment() { return spec().desc->l1_alignment; }
// Host-visible PCIe buffers: 32-byte aligned on Wormhole, 64 on Blackhole.
uint32_t get_pcie_alignment() { return spec().arch == ttsim::Arch::Blackhole ? 64 : 32; }
uint32_t get_max_worker_l1_unreserved_size() {
  return spec().desc->l1_size - spec().desc->l1_reserved;
}
// The values the SDK reports for both Wormhole B0 and Blackhole.
float get_eps() { return 1.19209e-7f; }
float get_nan() { return 7.0040e+19f; }
float get_inf() { return 1.7014e+38f; }
uint32_t get_arch_num_circular_buffers() { return spec().desc->num_cbs; }

}  // namespace tt::tt_metal::hal
