// Compute kernel of the row reductions: for each tile row, row max over its Wt tiles into c_16,
// then row sum into c_17 (reduce_tile accumulating in DST; results in column 0).
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/reduce.h"

void kernel_main() {
  constexpr uint32_t Ht = get_compile_time_arg_val(0);
  constexpr uint32_t Wt = get_compile_time_arg_val(1);
  constexpr uint32_t cb_in = tt::CBIndex::c_0;
  constexpr uint32_t cb_scaler = tt::CBIndex::c_2;
  constexpr uint32_t cb_max = tt::CBIndex::c_16;
  constexpr uint32_t cb_sum = tt::CBIndex::c_17;

  compute_kernel_hw_startup(cb_in, cb_scaler, cb_max);
  cb_wait_front(cb_scaler, 1);
  cb_wait_front(cb_in, Ht * Wt);

  reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_in, cb_scaler, cb_max);
  for (uint32_t ht = 0; ht < Ht; ++ht) {
    tile_regs_acquire();
    for (uint32_t wt = 0; wt < Wt; ++wt) {
      reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>(cb_in, cb_scaler, ht * Wt + wt, 0, 0);
    }
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_max, 1);
    pack_tile(0, cb_max);
    cb_push_back(cb_max, 1);
    tile_regs_release();
  }
  reduce_uninit();

  reduce_init<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_in, cb_scaler, cb_sum);
  for (uint32_t ht = 0; ht < Ht; ++ht) {
    tile_regs_acquire();
    for (uint32_t wt = 0; wt < Wt; ++wt) {
      reduce_tile<PoolType::SUM, ReduceDim::REDUCE_ROW>(cb_in, cb_scaler, ht * Wt + wt, 0, 0);
    }
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_sum, 1);
    pack_tile(0, cb_sum);
    cb_push_back(cb_sum, 1);
    tile_regs_release();
  }
  reduce_uninit();
  cb_pop_front(cb_in, Ht * Wt);
  cb_pop_front(cb_scaler, 1);
}
