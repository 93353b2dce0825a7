// FPU element-wise add/sub/mul of two CB tiles into DST, their inits (incl. acc_to_dest) and the
// dest-reuse forms that take one operand from DST.
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

namespace ckernel {

ALWI void binary_op_init_common(uint32_t icb0, uint32_t icb1, uint32_t ocb) {
  ttsim_compute_init(TTSIM_INIT_HW_STARTUP, icb0, icb1, ocb);
  ttsim_compute_init(TTSIM_INIT_BINARY, icb0, icb1, ocb);
}
template <bool full_init = false, EltwiseBinaryType eltwise_binary_type = ELWADD>
ALWI void binary_tiles_init(uint32_t icb0, uint32_t icb1, bool acc_to_dest = false) {
  ttsim_compute_init(TTSIM_INIT_BINARY, icb0, icb1, TTSIM_NO_CB);
  ttsim_compute_set_mode(TTSIM_MODE_ACC_TO_DEST, acc_to_dest ? 1 : 0);
}
ALWI void add_tiles_init(uint32_t icb0 = 0, uint32_t icb1 = 1, bool acc_to_dest = false) {
  binary_tiles_init<false, ELWADD>(icb0, icb1, acc_to_dest);
}
ALWI void sub_tiles_init(uint32_t icb0 = 0, uint32_t icb1 = 1, bool acc_to_dest = false) {
  binary_tiles_init<false, ELWSUB>(icb0, icb1, acc_to_dest);
}
ALWI void mul_tiles_init(uint32_t icb0 = 0, uint32_t icb1 = 1) {
  binary_tiles_init<false, ELWMUL>(icb0, icb1, false);
}
// Older spellings of the short inits.
ALWI void add_tiles_init_nof() { add_tiles_init(); }
ALWI void sub_tiles_init_nof() { sub_tiles_init(); }
ALWI void mul_tiles_init_f() { mul_tiles_init(); }

ALWI void add_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  ttsim_binary(ttsim_detail::kAdd, ttsim_detail::kBcastNone, icb0, icb1, itile0, itile1, idst,
               TTSIM_FROM_INIT_I);
}
ALWI void sub_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  ttsim_binary(ttsim_detail::kSub, ttsim_detail::kBcastNone, icb0, icb1, itile0, itile1, idst,
               TTSIM_FROM_INIT_I);
}
ALWI void mul_tiles(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1, uint32_t idst) {
  ttsim_binary(ttsim_detail::kMul, ttsim_detail::kBcastNone, icb0, icb1, itile0, itile1, idst, 0);
}

template <EltwiseBinaryType eltwise_binary_type = ELWADD,
          EltwiseBinaryReuseDestType binary_reuse_dest = EltwiseBinaryReuseDestType::NONE>
ALWI void binary_dest_reuse_tiles_init(uint32_t icb0) {
  ttsim_compute_init(TTSIM_INIT_BINARY, icb0, icb0, TTSIM_NO_CB);
}
// DEST_TO_SRCA: DST[idst] = DST[idst] op cb tile; DEST_TO_SRCB: DST[idst] = cb tile op DST[idst].
template <EltwiseBinaryType eltwise_binary_type = ELWADD,
          EltwiseBinaryReuseDestType binary_reuse_dest = EltwiseBinaryReuseDestType::NONE>
ALWI void binary_dest_reuse_tiles(uint32_t in_cb_id, uint32_t in_tile_index,
                                  uint32_t dst_tile_index) {
  static_assert(binary_reuse_dest != EltwiseBinaryReuseDestType::NONE,
                "binary_dest_reuse_tiles needs DEST_TO_SRCA or DEST_TO_SRCB");
  TTSIM_REQUIRE(ttsim_detail::fpu_op_modelled(eltwise_binary_type), "binary_dest_reuse_tiles",
                "ELWDIV or ELWLESS (the FPU model has add, sub and mul)");
  ttsim_binary_dest_reuse(ttsim_detail::binary_op(eltwise_binary_type),
                          binary_reuse_dest == EltwiseBinaryReuseDestType::DEST_TO_SRCA ? 1 : 0,
                          in_cb_id, in_tile_index, dst_tile_index);
}

}  // namespace ckernel
