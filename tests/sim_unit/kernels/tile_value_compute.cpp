// Test compute kernel: with two tile pairs waited, prints word 1 of A's second front tile
// (read_tile_value) and the distance between the two front tiles' addresses (get_tile_address),
// then adds the pairs like add_compute.cpp.
#include <stdint.h>

#include "api/compute/eltwise_binary.h"

void kernel_main() {
  binary_op_init_common(0, 1, 16);
  add_tiles_init(0, 1);
  cb_wait_front(0, 2);
  cb_wait_front(1, 2);
  DPRINT << "tile value " << read_tile_value(0, 1, 1) << " stride "
         << get_tile_address(0, 1) - get_tile_address(0, 0) << ENDL();
  cb_reserve_back(16, 2);
  for (uint32_t i = 0; i < 2; ++i) {
    tile_regs_acquire();
    add_tiles(0, 1, i, i, 0);
    tile_regs_commit();
    tile_regs_wait();
    pack_tile(0, 16);
    tile_regs_release();
  }
  cb_push_back(16, 2);
  cb_pop_front(0, 2);
  cb_pop_front(1, 2);
}
