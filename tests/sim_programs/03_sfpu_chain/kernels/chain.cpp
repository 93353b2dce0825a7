// SFPU chain compute kernel: y = recip(sqrt(exp(neg(relu(x))))) = exp(max(x, 0) / 2), two tiles
// per DST acquire (DST slots 0 and 1).
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/exp.h"
#include "api/compute/eltwise_unary/negative.h"
#include "api/compute/eltwise_unary/recip.h"
#include "api/compute/eltwise_unary/relu.h"
#include "api/compute/eltwise_unary/sqrt.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  uint32_t num_blocks = get_arg_val<uint32_t>(0);
  constexpr uint32_t block = 2;
  constexpr uint32_t cb_in = tt::CBIndex::c_0;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;

  init_sfpu(cb_in, cb_out);
  for (uint32_t b = 0; b < num_blocks; ++b) {
    cb_wait_front(cb_in, block);
    tile_regs_acquire();
    copy_tile_init(cb_in);
    for (uint32_t i = 0; i < block; ++i) {
      copy_tile(cb_in, i, i);
    }
    relu_tile_init();
    for (uint32_t i = 0; i < block; ++i) {
      relu_tile(i);
    }
    negative_tile_init();
    for (uint32_t i = 0; i < block; ++i) {
      negative_tile(i);
    }
    exp_tile_init();
    for (uint32_t i = 0; i < block; ++i) {
      exp_tile(i);
    }
    sqrt_tile_init();
    for (uint32_t i = 0; i < block; ++i) {
      sqrt_tile(i);
    }
    recip_tile_init();
    for (uint32_t i = 0; i < block; ++i) {
      recip_tile(i);
    }
    tile_regs_commit();
    cb_pop_front(cb_in, block);

    tile_regs_wait();
    cb_reserve_back(cb_out, block);
    for (uint32_t i = 0; i < block; ++i) {
      pack_tile(i, cb_out);
    }
    cb_push_back(cb_out, block);
    tile_regs_release();
  }
}
