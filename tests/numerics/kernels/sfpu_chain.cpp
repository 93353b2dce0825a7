// Compute: out = gelu(sqrt(exp(relu(x)))) * 0.5 per tile, then sigmoid of that into a second
// DST tile and max of both (SFPU unary, scalar and DST-to-DST binary ops).
#include <stdint.h>

#include "api/compute/binary_max_min.h"
#include "api/compute/compute_kernel_api.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/exp.h"
#include "api/compute/eltwise_unary/gelu.h"
#include "api/compute/eltwise_unary/relu.h"
#include "api/compute/eltwise_unary/sqrt.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  constexpr uint32_t n_tiles = get_compile_time_arg_val(0);
  constexpr auto cb_in = tt::CBIndex::c_0;
  constexpr auto cb_out = tt::CBIndex::c_16;
  compute_kernel_hw_startup(cb_in, cb_out);
  copy_init(cb_in);
  for (uint32_t i = 0; i < n_tiles; ++i) {
    tile_regs_acquire();
    cb_wait_front(cb_in, 1);
    copy_tile(cb_in, 0, 0);
    relu_tile_init();
    relu_tile(0);
    exp_tile_init();
    exp_tile(0);
    sqrt_tile_init();
    sqrt_tile(0);
    gelu_tile_init<false>();
    gelu_tile<false>(0);
    binop_with_scalar_tile_init();
    mul_unary_tile(0, 0x3F000000u);  // * 0.5f
    copy_tile(cb_in, 0, 1);
    sigmoid_tile_init();
    sigmoid_tile(1);
    binary_max_tile_init();
    binary_max_tile(0, 1, 0);
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_out, 1);
    pack_tile(0, cb_out);
    cb_pop_front(cb_in, 1);
    tile_regs_release();
    cb_push_back(cb_out, 1);
  }
}
