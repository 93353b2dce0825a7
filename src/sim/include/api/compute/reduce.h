// Reduce SUM/AVG/MAX over rows, columns or the whole tile, scaled by the scaler CB's tile and
// accumulated into DST (row results in column 0, column results in row 0, scalar at [0,0]).
// Template defaults follow the REDUCE_OP / REDUCE_DIM defines, as in the SDK.
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

#ifndef REDUCE_OP
#define REDUCE_OP PoolType::SUM
#endif
#ifndef REDUCE_DIM
#define REDUCE_DIM ReduceDim::REDUCE_ROW
#endif

namespace ckernel {

template <PoolType reduce_type = REDUCE_OP, ReduceDim reduce_dim = REDUCE_DIM,
          bool enforce_fp32_accumulation = false>
ALWI void reduce_init(uint32_t icb, uint32_t icb_scaler, uint32_t ocb) {
  ttsim_compute_init(TTSIM_INIT_REDUCE, icb, icb_scaler, ocb);
}
// Older form: reduce_init<at_start, type, dim>(icb, icb_scaler, ocb).
template <bool at_start, PoolType reduce_type = REDUCE_OP, ReduceDim reduce_dim = REDUCE_DIM>
ALWI void reduce_init(uint32_t icb, uint32_t icb_scaler, uint32_t ocb = 16) {
  if (at_start) {
    ttsim_compute_init(TTSIM_INIT_HW_STARTUP, icb, icb_scaler, ocb);
  }
  ttsim_compute_init(TTSIM_INIT_REDUCE, icb, icb_scaler, ocb);
}
template <PoolType reduce_type = REDUCE_OP, ReduceDim reduce_dim = REDUCE_DIM,
          bool enforce_fp32_accumulation = false>
ALWI void reduce_init_short(uint32_t icb, uint32_t icb_scaler, uint32_t ocb = 16) {
  ttsim_compute_init(TTSIM_INIT_REDUCE, icb, icb_scaler, ocb);
}
template <bool at_start, PoolType reduce_type = REDUCE_OP, ReduceDim reduce_dim = REDUCE_DIM>
ALWI void reduce_init_delta(uint32_t ocb = 16, uint32_t icb = 0, uint32_t icb_scaler = 1) {
  ttsim_compute_init(TTSIM_INIT_REDUCE, icb, icb_scaler, ocb);
}
template <bool enforce_fp32_accumulation = false>
ALWI void reduce_uninit(uint32_t icb = 0) {
  ttsim_compute_init(TTSIM_INIT_REDUCE_UNINIT, icb, icb, TTSIM_NO_CB);
}
ALWI void reduce_revert_delta(uint32_t ocb = 16) {
  ttsim_compute_init(TTSIM_INIT_REDUCE_UNINIT, ocb, ocb, ocb);
}
template <PoolType reduce_type = REDUCE_OP, ReduceDim reduce_dim = REDUCE_DIM,
          bool enforce_fp32_accumulation = false>
ALWI void reduce_tile(uint32_t icb, uint32_t icb_scaler, uint32_t itile, uint32_t itile_scaler,
                      uint32_t idst) {
  TTSIM_REQUIRE(!enforce_fp32_accumulation || DST_ACCUM_MODE,
                "reduce_tile<..., enforce_fp32_accumulation = true>",
                "a 16-bit DST (fp32 accumulation is modelled only with fp32_dest_acc_en)");
  ttsim_reduce_tile(static_cast<int>(reduce_type), static_cast<int>(reduce_dim), icb, icb_scaler,
                    itile, itile_scaler, idst);
}

}  // namespace ckernel
