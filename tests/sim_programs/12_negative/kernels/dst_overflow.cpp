// Negative case "dst_overflow": an SFPU op on DST tile 8, one past the 8 tiles a bf16 half-sync
// DST section holds.
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/exp.h"

void kernel_main() {
  init_sfpu(tt::CBIndex::c_0, tt::CBIndex::c_16);
  tile_regs_acquire();
  exp_tile_init();
  exp_tile(8);
  tile_regs_commit();
  tile_regs_wait();
  tile_regs_release();
}
