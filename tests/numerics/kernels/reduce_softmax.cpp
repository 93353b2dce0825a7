// Compute (era A spelling): per row block of Wt tiles, row max -> CB 16, row sum of exp(x - max)
// -> CB 17, softmax -> CB 18. Uses reduce MAX/SUM, sub/mul with column broadcast, exp, recip.
// Compile-time arg: Wt. CB 2 holds the scaler tile, CB 24/25 intermediates.
#include <stdint.h>

#include "compute_kernel_api/bcast.h"
#include "compute_kernel_api/eltwise_binary.h"
#include "compute_kernel_api/eltwise_unary/exp.h"
#include "compute_kernel_api/eltwise_unary/recip.h"
#include "compute_kernel_api/reduce.h"
#include "compute_kernel_api/tile_move_copy.h"

namespace NAMESPACE {
void MAIN {
  constexpr uint32_t Wt = get_compile_time_arg_val(0);
  constexpr uint32_t cb_in = 0, cb_scaler = 2, cb_max = 16, cb_sum = 17, cb_out = 18;
  constexpr uint32_t cb_max_i = 24, cb_exp = 25, cb_recip = 26;
  binary_op_init_common(cb_in, cb_scaler, cb_out);
  cb_wait_front(cb_scaler, 1);
  cb_wait_front(cb_in, Wt);

  // Row max, packed twice: to the output and to an intermediate for the broadcast.
  reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_in, cb_scaler, cb_max);
  acquire_dst();
  for (uint32_t wt = 0; wt < Wt; ++wt) {
    reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_in, cb_scaler, wt, 0, 0);
  }
  reduce_uninit();
  cb_reserve_back(cb_max, 1);
  pack_tile(0, cb_max);
  cb_push_back(cb_max, 1);
  cb_reserve_back(cb_max_i, 1);
  pack_tile(0, cb_max_i);
  cb_push_back(cb_max_i, 1);
  release_dst();

  // exp(x - max) per tile.
  cb_wait_front(cb_max_i, 1);
  sub_bcast_cols_init_short(cb_in, cb_max_i);
  exp_tile_init();
  cb_reserve_back(cb_exp, Wt);
  for (uint32_t wt = 0; wt < Wt; ++wt) {
    acquire_dst();
    sub_tiles_bcast_cols(cb_in, cb_max_i, wt, 0, 0);
    exp_tile(0);
    pack_tile(0, cb_exp);
    release_dst();
  }
  cb_push_back(cb_exp, Wt);
  cb_pop_front(cb_max_i, 1);
  cb_pop_front(cb_in, Wt);

  // Row sum and its reciprocal.
  cb_wait_front(cb_exp, Wt);
  reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_exp, cb_scaler, cb_sum);
  acquire_dst();
  for (uint32_t wt = 0; wt < Wt; ++wt) {
    reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_exp, cb_scaler, wt, 0, 0);
  }
  reduce_uninit();
  cb_reserve_back(cb_sum, 1);
  pack_tile(0, cb_sum);
  cb_push_back(cb_sum, 1);
  recip_tile_init();
  recip_tile(0);
  cb_reserve_back(cb_recip, 1);
  pack_tile(0, cb_recip);
  cb_push_back(cb_recip, 1);
  release_dst();

  // softmax = exp * (1 / sum), sum broadcast across columns.
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
}  // namespace NAMESPACE
