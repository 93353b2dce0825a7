// Negative case "deadlock": the compute kernel waits for a tile in c_0 that no kernel produces.
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  compute_kernel_hw_startup(tt::CBIndex::c_0, tt::CBIndex::c_16);
  cb_wait_front(tt::CBIndex::c_0, 1);
  cb_pop_front(tt::CBIndex::c_0, 1);
}
