// Era-A compute kernel of the single-core matmul: one output tile per acquire_dst, accumulating
// the Kt products with the 6-argument matmul_tiles.
#include <stdint.h>

#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/tile_move_copy.h"

namespace NAMESPACE {
void MAIN {
  constexpr uint32_t Mt = get_compile_time_arg_val(0);
  constexpr uint32_t Kt = get_compile_time_arg_val(1);
  constexpr uint32_t Nt = get_compile_time_arg_val(2);
  constexpr uint32_t cb_a = 0;
  constexpr uint32_t cb_b = 1;
  constexpr uint32_t cb_out = 16;

  mm_init(cb_a, cb_b, cb_out);
  for (uint32_t mt = 0; mt < Mt; ++mt) {
    for (uint32_t nt = 0; nt < Nt; ++nt) {
      acquire_dst();
      for (uint32_t kt = 0; kt < Kt; ++kt) {
        cb_wait_front(cb_a, 1);
        cb_wait_front(cb_b, 1);
        matmul_tiles(cb_a, cb_b, 0, 0, 0, false);
        cb_pop_front(cb_a, 1);
        cb_pop_front(cb_b, 1);
      }
      cb_reserve_back(cb_out, 1);
      pack_tile(0, cb_out);
      cb_push_back(cb_out, 1);
      release_dst();
    }
  }
}
}  // namespace NAMESPACE
