// Untilize: tiles from a CB into 32 row-major rows of another CB (unpacker-side untilize).
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

namespace ckernel {

ALWI void untilize_init(uint32_t icb, uint32_t ocb = 16) {
  ttsim_compute_init(TTSIM_INIT_UNTILIZE, icb, icb, ocb);
}
ALWI void untilize_init_short(uint32_t icb) {
  ttsim_compute_init(TTSIM_INIT_UNTILIZE, icb, icb, TTSIM_NO_CB);
}
// full_ct_dim tiles (processed block_ct_dim at a time on hardware) become one row block.
template <uint32_t block_ct_dim = 1>
ALWI void untilize_block(uint32_t icb, uint32_t full_ct_dim, uint32_t ocb) {
  ttsim_untilize_tiles(icb, 0, full_ct_dim, ocb, 0, full_ct_dim, 0);
}
ALWI void untilize_uninit(uint32_t icb) {}

}  // namespace ckernel
