// Tilize: a block of 32 row-major rows (block tiles wide) from a CB into block tiles of another.
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

namespace ckernel {

ALWI void tilize_init(uint32_t icb, uint32_t block, uint32_t ocb) {
  ttsim_compute_init(TTSIM_INIT_TILIZE, icb, icb, ocb);
}
ALWI void tilize_init_short(uint32_t icb, uint32_t block, uint32_t ocb = 16) {
  ttsim_compute_init(TTSIM_INIT_TILIZE, icb, icb, ocb);
}
ALWI void tilize_init_short_with_dt(uint32_t old_icb, uint32_t new_icb, uint32_t block,
                                    uint32_t ocb) {
  ttsim_compute_init(TTSIM_INIT_TILIZE, new_icb, new_icb, ocb);
}
ALWI void tilize_block(uint32_t icb, uint32_t block, uint32_t ocb, uint32_t input_tile_index = 0,
                       uint32_t output_tile_index = 0) {
  if (input_tile_index != 0 || output_tile_index != 0) {
    ttsim_kernel_error("tilize_block", "non-zero tile offsets are not supported by the simulator");
  }
  ttsim_tilize_block(icb, block, ocb);
}
ALWI void tilize_uninit(uint32_t icb, uint32_t ocb = 16) {}
ALWI void tilize_uninit_with_dt(uint32_t old_icb, uint32_t new_icb, uint32_t ocb) {}

}  // namespace ckernel
