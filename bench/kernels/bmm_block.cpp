// Compute kernel of the bench GEMM (from sim_programs test 06): per out block and K block, each
// output subblock accumulates the block product in DST with matmul_block.
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"
#include "api/compute/pack.h"
#include "api/compute/tile_move_copy.h"

// Partial sums live in c_24 (BF16; c_16's memory when C is BF16). With packer L1 accumulation
// the packer adds each K block's DST to them in L1; without it (or on the last block when C has
// another format) they are reloaded into DST first. The last K block packs to c_16.
void kernel_main() {
  constexpr uint32_t num_k_blocks = get_compile_time_arg_val(0);
  constexpr uint32_t block_w = get_compile_time_arg_val(1);
  constexpr uint32_t out_block_h = get_compile_time_arg_val(2);
  constexpr uint32_t out_block_w = get_compile_time_arg_val(3);
  constexpr uint32_t sub_h = get_compile_time_arg_val(4);
  constexpr uint32_t sub_w = get_compile_time_arg_val(5);
  constexpr uint32_t num_out_blocks = get_compile_time_arg_val(6);
  constexpr bool l1_acc = get_compile_time_arg_val(7) == 1;
  constexpr bool shared_partials = get_compile_time_arg_val(8) == 1;  // c_24 is c_16's memory
  constexpr uint32_t sub_tiles = sub_h * sub_w;
  constexpr uint32_t cb_a = tt::CBIndex::c_0;
  constexpr uint32_t cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  constexpr uint32_t cb_partial = tt::CBIndex::c_24;

  compute_kernel_hw_startup(cb_a, cb_b, cb_out);
  matmul_block_init(cb_a, cb_b, 0, sub_w, sub_h, block_w);
  for (uint32_t ob = 0; ob < num_out_blocks; ++ob) {
    if (shared_partials && ob > 0) {
      // Partials of this out block overwrite c_16's memory: the writer must have drained it.
      cb_reserve_back(cb_out, out_block_h * out_block_w);
    }
    for (uint32_t kb = 0; kb < num_k_blocks; ++kb) {
      const bool last = kb == num_k_blocks - 1;
      const bool reload = kb > 0 && (!l1_acc || (last && !shared_partials));
      cb_wait_front(cb_a, out_block_h * block_w);
      cb_wait_front(cb_b, block_w * out_block_w);
      for (uint32_t sh = 0; sh < out_block_h / sub_h; ++sh) {
        for (uint32_t sw = 0; sw < out_block_w / sub_w; ++sw) {
          tile_regs_acquire();
          if (reload) {
            copy_tile_to_dst_init_short(cb_partial);
            cb_wait_front(cb_partial, sub_tiles);
            for (uint32_t i = 0; i < sub_tiles; ++i) {
              copy_tile(cb_partial, i, i);
            }
            cb_pop_front(cb_partial, sub_tiles);
            matmul_block_init(cb_a, cb_b, 0, sub_w, sub_h, block_w);
          } else if (kb > 0) {
            // L1 accumulation: free the subblock's slot; its partial sums stay in L1 and the
            // packer adds to them (the slot comes round again at the same address).
            cb_wait_front(cb_partial, sub_tiles);
            cb_pop_front(cb_partial, sub_tiles);
          }
          for (uint32_t k = 0; k < block_w; ++k) {
            uint32_t a_index = sh * sub_h * block_w + k;
            uint32_t b_index = k * out_block_w + sw * sub_w;
            matmul_block(cb_a, cb_b, a_index, b_index, 0, 0, sub_w, sub_h, block_w);
          }
          tile_regs_commit();
          tile_regs_wait();
          const uint32_t dst_cb = last ? cb_out : cb_partial;
          if constexpr (l1_acc) {
            pack_reconfig_l1_acc(kb > 0 && !reload ? 1 : 0);
          }
          cb_reserve_back(dst_cb, sub_tiles);
          for (uint32_t i = 0; i < sub_tiles; ++i) {
            pack_tile(i, dst_cb);
          }
          cb_push_back(dst_cb, sub_tiles);
          tile_regs_release();
        }
      }
      cb_pop_front(cb_a, out_block_h * block_w);
      cb_pop_front(cb_b, block_w * out_block_w);
    }
    if constexpr (l1_acc) {
      pack_reconfig_l1_acc(0);
    }
  }
}
