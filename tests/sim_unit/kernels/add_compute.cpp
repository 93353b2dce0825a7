// Test compute kernel: C = A + B tile by tile (era-C form); with DST_INDEX set, adds into that
// DST tile (used to provoke a DST overflow). PACK_L1_ACC turns on the packer's L1 accumulation
// and NO_HW_STARTUP skips the full init, so a test can check that such modes do not outlive the
// kernel that set them.
#include <stdint.h>

#include "api/compute/eltwise_binary.h"
#include "api/compute/pack.h"
#include "api/compute/tile_move_copy.h"

#ifndef DST_INDEX
#define DST_INDEX 0
#endif

void kernel_main() {
  uint32_t n = get_arg_val<uint32_t>(0);
#ifndef NO_HW_STARTUP
  binary_op_init_common(0, 1, 16);
#endif
  add_tiles_init(0, 1);
#ifdef PACK_L1_ACC
  pack_reconfig_l1_acc(1);
#endif
  for (uint32_t i = 0; i < n; ++i) {
    cb_wait_front(0, 1);
    cb_wait_front(1, 1);
    tile_regs_acquire();
    add_tiles(0, 1, 0, 0, DST_INDEX);
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(16, 1);
    pack_tile(DST_INDEX, 16);
    cb_push_back(16, 1);
    cb_pop_front(0, 1);
    cb_pop_front(1, 1);
    tile_regs_release();
  }
}
