// Era-A compute kernel of the row softmax, per tile row: m = rowmax(x) -> c_24;
// e = exp(x - bcast_cols(m)) -> c_25; r = 1/rowsum(e) -> c_26; y = e * bcast_cols(r) -> c_16.
#include <stdint.h>

#include "compute_kernel_api/bcast.h"
#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/eltwise_unary/exp.h"
#include "compute_kernel_api/eltwise_unary/recip.h"
#include "compute_kernel_api/reduce.h"
#include "compute_kernel_api/tile_move_copy.h"

namespace NAMESPACE {
void MAIN {
  constexpr uint32_t Ht = get_compile_time_arg_val(0);
  constexpr uint32_t Wt = get_compile_time_arg_val(1);
  constexpr uint32_t cb_in = 0, cb_scaler = 2, cb_out = 16;
  constexpr uint32_t cb_max = 24, cb_exp = 25, cb_recip = 26;

  binary_op_init_common(cb_in, cb_scaler, cb_out);
  cb_wait_front(cb_scaler, 1);
  for (uint32_t ht = 0; ht < Ht; ++ht) {
    cb_wait_front(cb_in, Wt);

    acquire_dst();
    reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_in, cb_scaler, cb_max);
    for (uint32_t wt = 0; wt < Wt; ++wt) {
      reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_in, cb_scaler, wt, 0, 0);
    }
    reduce_uninit();
    cb_reserve_back(cb_max, 1);
    pack_tile(0, cb_max);
    cb_push_back(cb_max, 1);
    release_dst();

    cb_wait_front(cb_max, 1);
    sub_bcast_cols_init_short(cb_in, cb_max);
    exp_tile_init();
    for (uint32_t wt = 0; wt < Wt; ++wt) {
      acquire_dst();
      sub_tiles_bcast_cols(cb_in, cb_max, wt, 0, 0);
      exp_tile(0);
      cb_reserve_back(cb_exp, 1);
      pack_tile(0, cb_exp);
      cb_push_back(cb_exp, 1);
      release_dst();
    }
    cb_pop_front(cb_max, 1);
    cb_pop_front(cb_in, Wt);

    cb_wait_front(cb_exp, Wt);
    acquire_dst();
    reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_exp, cb_scaler, cb_recip);
    for (uint32_t wt = 0; wt < Wt; ++wt) {
      reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_exp, cb_scaler, wt, 0, 0);
    }
    reduce_uninit();
    recip_tile_init();
    recip_tile(0);
    cb_reserve_back(cb_recip, 1);
    pack_tile(0, cb_recip);
    cb_push_back(cb_recip, 1);
    release_dst();

    cb_wait_front(cb_recip, 1);
    mul_bcast_cols_init_short(cb_exp, cb_recip);
    for (uint32_t wt = 0; wt < Wt; ++wt) {
      acquire_dst();
      mul_tiles_bcast_cols(cb_exp, cb_recip, wt, 0, 0);
      cb_reserve_back(cb_out, 1);
      pack_tile(0, cb_out);
      cb_push_back(cb_out, 1);
      release_dst();
    }
    cb_pop_front(cb_recip, 1);
    cb_pop_front(cb_exp, Wt);
  }
}
}  // namespace NAMESPACE
