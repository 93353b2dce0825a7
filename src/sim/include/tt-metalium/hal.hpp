// tt-metalium/hal.hpp: facts about the selected device's architecture that host code asks for
// without a device handle (the simulator's selection: Simulator::set_device, $TTSIM_DEVICE, or
// Wormhole B0). Ethernet-core memory is refused: Ethernet cores are not simulated.
#pragma once
#include <cstdint>
#include <string>

#include "tt-metalium/device.hpp"
#include "ttsim/unsupported.h"

namespace tt::tt_metal::hal {

tt::ARCH get_arch();
std::string get_arch_name();  // "wormhole_b0" / "blackhole"
uint32_t get_l1_size();
uint32_t get_dram_alignment();
uint32_t get_l1_alignment();
uint32_t get_pcie_alignment();
uint32_t get_max_worker_l1_unreserved_size();
// The bf16/fp32 special values the SFPU produces for epsilon, NaN and infinity.
float get_eps();
float get_nan();
float get_inf();
uint32_t get_arch_num_circular_buffers();

template <typename T = void>
uint32_t get_erisc_l1_unreserved_base() {
  TTSIM_UNSUPPORTED(T, "hal::get_erisc_l1_unreserved_base", "Ethernet cores are not simulated");
  return 0;
}
template <typename T = void>
uint32_t get_erisc_l1_unreserved_size() {
  TTSIM_UNSUPPORTED(T, "hal::get_erisc_l1_unreserved_size", "Ethernet cores are not simulated");
  return 0;
}

}  // namespace tt::tt_metal::hal
