// Bench compute-cost probe (bench/costs.cc): the choices the compiler makes between equivalent
// compute sequences. Mode 0/1: an rt x ct output subblock over kt K tiles per block with one
// matmul_tiles per tile product (0) or one matmul_block per K tile (1). Mode 2/3: `ops` SFPU ops
// per tile in one DST acquire (2) or one acquire per op, each op's result packed to a CB and
// copied back by the next (3).
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/exp.h"
#include "api/compute/matmul.h"
#include "api/compute/pack.h"
#include "api/compute/tile_move_copy.h"

namespace {

constexpr uint32_t cb_a = tt::CBIndex::c_0, cb_b = tt::CBIndex::c_1, cb_out = tt::CBIndex::c_16;

void pack_out(uint32_t cb, uint32_t tiles) {
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(cb, tiles);
  for (uint32_t i = 0; i < tiles; ++i) {
    pack_tile(i, cb);
  }
  cb_push_back(cb, tiles);
  tile_regs_release();
}

}  // namespace

void kernel_main() {
  constexpr uint32_t mode = get_compile_time_arg_val(0);
  constexpr uint32_t blocks = get_compile_time_arg_val(1);
  constexpr uint32_t rt = get_compile_time_arg_val(2);
  constexpr uint32_t ct = get_compile_time_arg_val(3);
  constexpr uint32_t kt = get_compile_time_arg_val(4);
  constexpr uint32_t ops = get_compile_time_arg_val(5);
  if constexpr (mode <= 1) {
    compute_kernel_hw_startup(cb_a, cb_b, cb_out);
    if constexpr (mode == 0) {
      matmul_init(cb_a, cb_b);
    } else {
      matmul_block_init(cb_a, cb_b, 0, ct, rt, kt);
    }
    for (uint32_t b = 0; b < blocks; ++b) {
      cb_wait_front(cb_a, rt * kt);
      cb_wait_front(cb_b, kt * ct);
      tile_regs_acquire();
      for (uint32_t k = 0; k < kt; ++k) {
        if constexpr (mode == 0) {
          for (uint32_t r = 0; r < rt; ++r) {
            for (uint32_t c = 0; c < ct; ++c) {
              matmul_tiles(cb_a, cb_b, r * kt + k, k * ct + c, r * ct + c);
            }
          }
        } else {
          matmul_block(cb_a, cb_b, k, k * ct, 0, 0, ct, rt, kt);
        }
      }
      pack_out(cb_out, rt * ct);
      cb_pop_front(cb_a, rt * kt);
      cb_pop_front(cb_b, kt * ct);
    }
  } else {
    compute_kernel_hw_startup(cb_a, cb_out);
    exp_tile_init();
    for (uint32_t b = 0; b < blocks; ++b) {
      if constexpr (mode == 2) {
        cb_wait_front(cb_a, 1);
        tile_regs_acquire();
        copy_tile_to_dst_init_short(cb_a);
        copy_tile(cb_a, 0, 0);
        for (uint32_t i = 0; i < ops; ++i) {
          exp_tile(0);
        }
        pack_out(cb_out, 1);
        cb_pop_front(cb_a, 1);
      } else {
        // Intermediate results ping-pong between c_24 and c_25.
        for (uint32_t i = 0; i < ops; ++i) {
          const uint32_t src = i == 0 ? cb_a : (i % 2 ? tt::CBIndex::c_24 : tt::CBIndex::c_25);
          const uint32_t dst =
              i + 1 == ops ? cb_out : (i % 2 ? tt::CBIndex::c_25 : tt::CBIndex::c_24);
          cb_wait_front(src, 1);
          tile_regs_acquire();
          copy_tile_to_dst_init_short(src);
          copy_tile(src, 0, 0);
          exp_tile(0);
          pack_out(dst, 1);
          cb_pop_front(src, 1);
        }
      }
    }
  }
}
