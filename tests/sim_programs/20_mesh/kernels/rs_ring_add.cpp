// Ring reduce-scatter, one worker's compute: per step, each tile of this device's contribution
// (CB c_0) plus the partial sums received for it (none at the start of a chain, one from the
// upstream neighbour, or two where a line's chains meet), packed to CB c_16 (through c_24 when
// there are two).
#include "api/compute/common.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  uint32_t n_steps = get_arg_val<uint32_t>(0);
  constexpr uint32_t cb_own = tt::CBIndex::c_0, cb_in0 = tt::CBIndex::c_1;
  constexpr uint32_t cb_in1 = tt::CBIndex::c_2, cb_out = tt::CBIndex::c_16;
  constexpr uint32_t cb_acc = tt::CBIndex::c_24;
  binary_op_init_common(cb_own, cb_in0, cb_out);
  for (uint32_t s = 0; s < n_steps; ++s) {
    uint32_t count = get_arg_val<uint32_t>(1 + 2 * s), n_in = get_arg_val<uint32_t>(2 + 2 * s);
    for (uint32_t t = 0; t < count; ++t) {
      // Stage k adds input k to the running sum (the own tile at first); the last packs to c_16.
      uint32_t stages = n_in == 0 ? 1 : n_in;
      for (uint32_t k = 0; k < stages; ++k) {
        uint32_t a = k == 0 ? cb_own : cb_acc;
        uint32_t b = k == 0 ? cb_in0 : cb_in1;
        uint32_t out = k + 1 == stages ? cb_out : cb_acc;
        cb_wait_front(a, 1);
        tile_regs_acquire();
        if (n_in == 0) {
          copy_tile_to_dst_init_short(a);
          copy_tile(a, 0, 0);
        } else {
          add_tiles_init(a, b);
          cb_wait_front(b, 1);
          add_tiles(a, b, 0, 0, 0);
          cb_pop_front(b, 1);
        }
        tile_regs_commit();
        cb_pop_front(a, 1);
        cb_reserve_back(out, 1);
        tile_regs_wait();
        pack_tile(0, out);
        tile_regs_release();
        cb_push_back(out, 1);
      }
    }
  }
}
