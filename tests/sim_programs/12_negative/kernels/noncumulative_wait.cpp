// Negative case "cb_noncumulative_wait": the second cb_wait_front asks for 1 page again instead of
// 2 (waits are cumulative), then the kernel reads tile 1, which it never waited for.
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  constexpr uint32_t cb_in = tt::CBIndex::c_0;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  compute_kernel_hw_startup(cb_in, cb_out);
  copy_tile_init(cb_in);
  tile_regs_acquire();
  cb_wait_front(cb_in, 1);
  copy_tile(cb_in, 0, 0);
  cb_wait_front(cb_in, 1);
  copy_tile(cb_in, 1, 1);
  tile_regs_commit();
  tile_regs_wait();
  tile_regs_release();
  cb_pop_front(cb_in, 2);
}
