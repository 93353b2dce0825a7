// Reduce-scatter, compute: sums each tile of this device's chunk over the devices (its own tile
// plus n_dev - 1 received ones), accumulating through cb_acc, and packs the sum to cb_out.
#include "api/compute/common.h"
#include "api/compute/eltwise_binary.h"

void kernel_main() {
  uint32_t n_tiles = get_arg_val<uint32_t>(0);
  uint32_t n_dev = get_arg_val<uint32_t>(1);
  constexpr uint32_t cb_own = tt::CBIndex::c_0, cb_recv = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16, cb_acc = tt::CBIndex::c_24;
  binary_op_init_common(cb_own, cb_recv, cb_out);
  for (uint32_t t = 0; t < n_tiles; ++t) {
    for (uint32_t k = 0; k + 1 < n_dev; ++k) {
      uint32_t a = k == 0 ? cb_own : cb_acc;
      uint32_t out = k + 2 == n_dev ? cb_out : cb_acc;
      add_tiles_init(a, cb_recv);
      cb_wait_front(a, 1);
      cb_wait_front(cb_recv, 1);
      tile_regs_acquire();
      add_tiles(a, cb_recv, 0, 0, 0);
      tile_regs_commit();
      cb_pop_front(a, 1);
      cb_pop_front(cb_recv, 1);
      cb_reserve_back(out, 1);
      tile_regs_wait();
      pack_tile(0, out);
      tile_regs_release();
      cb_push_back(out, 1);
    }
  }
}
