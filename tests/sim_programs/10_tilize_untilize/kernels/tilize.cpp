// Compute kernel: tilize each block of Wt row-major tile pages from c_0 into Wt tiles in c_16.
#include "api/compute/tilize.h"
#include "api/compute/compute_kernel_hw_startup.h"

void kernel_main() {
  constexpr uint32_t Ht = get_compile_time_arg_val(0);
  constexpr uint32_t Wt = get_compile_time_arg_val(1);
  constexpr uint32_t cb_in = tt::CBIndex::c_0;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;

  compute_kernel_hw_startup(cb_in, cb_out);
  tilize_init(cb_in, Wt, cb_out);
  for (uint32_t ht = 0; ht < Ht; ++ht) {
    cb_wait_front(cb_in, Wt);
    cb_reserve_back(cb_out, Wt);
    tilize_block(cb_in, Wt, cb_out);
    cb_push_back(cb_out, Wt);
    cb_pop_front(cb_in, Wt);
  }
  tilize_uninit(cb_in, cb_out);
}
