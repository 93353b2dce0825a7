// Compute: C = A x B with one DST tile per output (era C: SrcOrder::Reverse startup,
// matmul_init + 5-argument matmul_tiles). Compile-time args: Mt, Kt, Nt.
#include <stdint.h>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  constexpr uint32_t Mt = get_compile_time_arg_val(0);
  constexpr uint32_t Kt = get_compile_time_arg_val(1);
  constexpr uint32_t Nt = get_compile_time_arg_val(2);
  constexpr auto cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1, cb_out = tt::CBIndex::c_16;
  compute_kernel_hw_startup<SrcOrder::Reverse>(cb_a, cb_b, cb_out);
  matmul_init(cb_a, cb_b);
  for (uint32_t m = 0; m < Mt; ++m) {
    for (uint32_t n = 0; n < Nt; ++n) {
      tile_regs_acquire();
      for (uint32_t k = 0; k < Kt; ++k) {
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
}
