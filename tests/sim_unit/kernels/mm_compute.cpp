// Test compute kernel (era A: NAMESPACE/MAIN, mm_init + 6-argument matmul_tiles, acquire_dst):
// C[mt][nt] = sum_kt A[mt][kt] * B[kt][nt], with A and B tiles streamed in (mt, nt, kt) order.
#include <stdint.h>

#include "compute_kernel_api/matmul.h"

namespace NAMESPACE {
void MAIN {
  constexpr uint32_t Mt = get_compile_time_arg_val(0);
  constexpr uint32_t Kt = get_compile_time_arg_val(1);
  constexpr uint32_t Nt = get_compile_time_arg_val(2);
  mm_init(0, 1, 16);
  for (uint32_t mt = 0; mt < Mt; ++mt) {
    for (uint32_t nt = 0; nt < Nt; ++nt) {
      acquire_dst();
      for (uint32_t kt = 0; kt < Kt; ++kt) {
        cb_wait_front(0, 1);
        cb_wait_front(1, 1);
        matmul_tiles(0, 1, 0, 0, 0, false);
        cb_pop_front(0, 1);
        cb_pop_front(1, 1);
      }
      cb_reserve_back(16, 1);
      pack_tile(0, 16);
      cb_push_back(16, 1);
      release_dst();
    }
  }
}
}  // namespace NAMESPACE
