// Compute kernel of the bench GEMM (from sim_programs test 06): per K block, each sub_h x sub_w
// output subblock reloads its partial sums from c_24 (which shares memory with c_16), accumulates
// the block product in DST with matmul_block, and spills to c_24 or, on the last block, packs to c_16.
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"
#include "api/compute/tile_move_copy.h"

void kernel_main() {
  constexpr uint32_t Kt = get_compile_time_arg_val(0);
  constexpr uint32_t per_core_M = get_compile_time_arg_val(1);
  constexpr uint32_t per_core_N = get_compile_time_arg_val(2);
  constexpr uint32_t block_w = get_compile_time_arg_val(3);
  constexpr uint32_t sub_h = get_compile_time_arg_val(4);
  constexpr uint32_t sub_w = get_compile_time_arg_val(5);
  constexpr uint32_t num_k_blocks = Kt / block_w;
  constexpr uint32_t sub_tiles = sub_h * sub_w;
  constexpr uint32_t cb_a = tt::CBIndex::c_0;
  constexpr uint32_t cb_b = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  constexpr uint32_t cb_partial = tt::CBIndex::c_24;

  compute_kernel_hw_startup(cb_a, cb_b, cb_out);
#ifdef USE_MATMUL_TILES
  matmul_init(cb_a, cb_b);
#else
  matmul_block_init(cb_a, cb_b, 0, sub_w, sub_h, block_w);
#endif
  for (uint32_t kb = 0; kb < num_k_blocks; ++kb) {
    const bool last = kb == num_k_blocks - 1;
    cb_wait_front(cb_a, per_core_M * block_w);
    cb_wait_front(cb_b, block_w * per_core_N);
    for (uint32_t sh = 0; sh < per_core_M / sub_h; ++sh) {
      for (uint32_t sw = 0; sw < per_core_N / sub_w; ++sw) {
        tile_regs_acquire();
        if (kb > 0) {
          copy_tile_to_dst_init_short(cb_partial);
          cb_wait_front(cb_partial, sub_tiles);
          for (uint32_t i = 0; i < sub_tiles; ++i) {
            copy_tile(cb_partial, i, i);
          }
          cb_pop_front(cb_partial, sub_tiles);
#ifdef USE_MATMUL_TILES
          matmul_init(cb_a, cb_b);
#else
          matmul_block_init(cb_a, cb_b, 0, sub_w, sub_h, block_w);
#endif
        }
        for (uint32_t k = 0; k < block_w; ++k) {
          uint32_t a_index = sh * sub_h * block_w + k;
          uint32_t b_index = k * per_core_N + sw * sub_w;
#ifdef USE_MATMUL_TILES
          for (uint32_t r = 0; r < sub_h; ++r) {
            for (uint32_t c = 0; c < sub_w; ++c) {
              matmul_tiles(cb_a, cb_b, a_index + r * block_w, b_index + c, r * sub_w + c);
            }
          }
#else
          matmul_block(cb_a, cb_b, a_index, b_index, 0, 0, sub_w, sub_h, block_w);
#endif
        }
        tile_regs_commit();
        tile_regs_wait();
        const uint32_t dst_cb = last ? cb_out : cb_partial;
        cb_reserve_back(dst_cb, sub_tiles);
        for (uint32_t i = 0; i < sub_tiles; ++i) {
          pack_tile(i, dst_cb);
        }
        cb_push_back(dst_cb, sub_tiles);
        tile_regs_release();
      }
    }
    cb_pop_front(cb_a, per_core_M * block_w);
    cb_pop_front(cb_b, block_w * per_core_N);
  }
}
