// FPU add/sub/mul with the second operand broadcast (ROW: row 0 down, COL: column 0 across,
// SCALAR: element [0,0]), in the named (add_tiles_bcast_rows) and templated forms, their inits,
// and unary_bcast (a broadcast copy into DST).
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

namespace ckernel {
namespace ttsim_detail {
ALWI void bcast_init(uint32_t icb0, uint32_t icb1) {
  ttsim_compute_init(TTSIM_INIT_BCAST, icb0, icb1, TTSIM_NO_CB);
}
ALWI void bcast_op(int op, BroadcastType b, uint32_t icb0, uint32_t icb1, uint32_t itile0,
                   uint32_t itile1, uint32_t idst) {
  ttsim_binary(op, bcast_dim(b), icb0, icb1, itile0, itile1, idst, 0);
}
}  // namespace ttsim_detail

template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
ALWI void init_bcast(uint32_t icb0, uint32_t icb1, uint32_t ocb = 16) {
  ttsim_compute_init(TTSIM_INIT_HW_STARTUP, icb0, icb1, ocb);
  ttsim_detail::bcast_init(icb0, icb1);
}
template <EltwiseBinaryType tBcastOp, BroadcastType tBcastDim>
ALWI void any_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1,
                          uint32_t idst) {
  TTSIM_REQUIRE(ttsim_detail::fpu_op_modelled(tBcastOp), "any_tiles_bcast",
                "ELWDIV or ELWLESS (the FPU model has add, sub and mul)");
  ttsim_detail::bcast_op(ttsim_detail::binary_op(tBcastOp), tBcastDim, icb0, icb1, itile0, itile1,
                         idst);
}
template <BroadcastType tBcastDim>
ALWI void add_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1,
                          uint32_t idst) {
  ttsim_detail::bcast_op(ttsim_detail::kAdd, tBcastDim, icb0, icb1, itile0, itile1, idst);
}
template <BroadcastType tBcastDim>
ALWI void sub_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1,
                          uint32_t idst) {
  ttsim_detail::bcast_op(ttsim_detail::kSub, tBcastDim, icb0, icb1, itile0, itile1, idst);
}
template <BroadcastType tBcastDim>
ALWI void mul_tiles_bcast(uint32_t icb0, uint32_t icb1, uint32_t itile0, uint32_t itile1,
                          uint32_t idst) {
  ttsim_detail::bcast_op(ttsim_detail::kMul, tBcastDim, icb0, icb1, itile0, itile1, idst);
}

#define TTSIM_BCAST_NAMED(op, opid, dimname, dim)                                           \
  ALWI void op##_tiles_bcast_##dimname(uint32_t icb0, uint32_t icb1, uint32_t itile0,       \
                                       uint32_t itile1, uint32_t idst) {                    \
    ttsim_detail::bcast_op(opid, dim, icb0, icb1, itile0, itile1, idst);                    \
  }                                                                                         \
  ALWI void op##_bcast_##dimname##_init_short(uint32_t icb0 = 0, uint32_t icb1 = 1) {       \
    ttsim_detail::bcast_init(icb0, icb1);                                                   \
  }                                                                                         \
  ALWI void op##_tiles_bcast_##dimname##_init_short(uint32_t icb0 = 0, uint32_t icb1 = 1) { \
    ttsim_detail::bcast_init(icb0, icb1);                                                   \
  }
TTSIM_BCAST_NAMED(add, ttsim_detail::kAdd, rows, BroadcastType::ROW)
TTSIM_BCAST_NAMED(add, ttsim_detail::kAdd, cols, BroadcastType::COL)
TTSIM_BCAST_NAMED(add, ttsim_detail::kAdd, scalar, BroadcastType::SCALAR)
TTSIM_BCAST_NAMED(sub, ttsim_detail::kSub, rows, BroadcastType::ROW)
TTSIM_BCAST_NAMED(sub, ttsim_detail::kSub, cols, BroadcastType::COL)
TTSIM_BCAST_NAMED(sub, ttsim_detail::kSub, scalar, BroadcastType::SCALAR)
TTSIM_BCAST_NAMED(mul, ttsim_detail::kMul, rows, BroadcastType::ROW)
TTSIM_BCAST_NAMED(mul, ttsim_detail::kMul, cols, BroadcastType::COL)
TTSIM_BCAST_NAMED(mul, ttsim_detail::kMul, scalar, BroadcastType::SCALAR)
#undef TTSIM_BCAST_NAMED

template <BroadcastType bcast_type>
ALWI void unary_bcast_init(uint32_t icb, uint32_t ocb) {
  ttsim_compute_init(TTSIM_INIT_HW_STARTUP, icb, icb, ocb);
  ttsim_compute_init(TTSIM_INIT_COPY, icb, icb, ocb);
}
template <BroadcastType bcast_type>
ALWI void unary_bcast(uint32_t icb, uint32_t in_tile_index, uint32_t dst_tile_index) {
  ttsim_unary_bcast(ttsim_detail::bcast_dim(bcast_type), icb, in_tile_index, dst_tile_index);
}
template <BroadcastType old_bcast_type, BroadcastType new_bcast_type>
ALWI void reconfigure_unary_bcast(uint32_t old_icb, uint32_t new_icb, uint32_t old_ocb,
                                  uint32_t new_ocb) {
  ttsim_compute_init(TTSIM_INIT_COPY, new_icb, new_icb, new_ocb);
}

}  // namespace ckernel
