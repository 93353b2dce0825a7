// transpose_wh: a CB tile transposed into DST, and the in-DST transpose.
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

namespace ckernel {

ALWI void transpose_wh_init(uint32_t icb, uint32_t ocb = 16) {
  ttsim_compute_init(TTSIM_INIT_HW_STARTUP, icb, icb, ocb);
  ttsim_compute_init(TTSIM_INIT_COPY, icb, icb, ocb);
}
ALWI void transpose_wh_init_short(uint32_t icb) {
  ttsim_compute_init(TTSIM_INIT_COPY, icb, icb, TTSIM_NO_CB);
}
ALWI void transpose_wh_tile(uint32_t icb, uint32_t itile, uint32_t idst) {
  ttsim_copy_tile(icb, itile, idst, 1);
}
ALWI void transpose_wh_dest_init_short() { ttsim_compute_init(TTSIM_INIT_SFPU, 0, 0, 0); }
ALWI void transpose_wh_dest(uint32_t idst) { ttsim_transpose_dst(idst); }

}  // namespace ckernel
