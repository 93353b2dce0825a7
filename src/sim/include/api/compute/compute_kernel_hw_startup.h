// compute_kernel_hw_startup: the once-per-kernel hardware init (2- and 3-CB forms, SrcOrder).
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/reg_api.h"

namespace ckernel {

ALWI void compute_kernel_hw_startup(uint32_t icb0, uint32_t ocb) {
  ttsim_compute_init(TTSIM_INIT_HW_STARTUP, icb0, icb0, ocb);
}
// SrcOrder only says which CB feeds SrcA; the simulator's ops already know their operand roles.
template <SrcOrder order = SrcOrder::Regular>
ALWI void compute_kernel_hw_startup(uint32_t icb0, uint32_t icb1, uint32_t ocb) {
  ttsim_compute_init(TTSIM_INIT_HW_STARTUP, icb0, icb1, ocb);
}

}  // namespace ckernel
