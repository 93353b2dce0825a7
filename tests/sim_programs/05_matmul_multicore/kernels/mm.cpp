// Compute kernel of the multi-core matmul: `count` output tiles, each the DST accumulation of Kt
// tile products (era-C matmul_init + 5-argument matmul_tiles).
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"

void kernel_main() {
  uint32_t count = get_arg_val<uint32_t>(0);
  uint32_t Kt = get_arg_val<uint32_t>(1);
  constexpr uint32_t cb_a = tt::CBIndex::c_0;
  constexpr uint32_t cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;

  compute_kernel_hw_startup(cb_a, cb_b, cb_out);
  matmul_init(cb_a, cb_b);
  for (uint32_t t = 0; t < count; ++t) {
    tile_regs_acquire();
    for (uint32_t kt = 0; kt < Kt; ++kt) {
      cb_wait_front(cb_a, 1);
      cb_wait_front(cb_b, 1);
      matmul_tiles(cb_a, cb_b, 0, 0, 0);
      cb_pop_front(cb_a, 1);
      cb_pop_front(cb_b, 1);
    }
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_out, 1);
    pack_tile(0, cb_out);
    cb_push_back(cb_out, 1);
    tile_regs_release();
  }
}
