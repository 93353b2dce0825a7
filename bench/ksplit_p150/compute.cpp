// K-split GEMM on p150 at 2048^3 (hand-written experiment, docs/performance.md): compute. Each
// core owns a 13x6-tile block and half of K (its group's 32 K tiles, four 8-tile steps); the
// block is two halves of 13 1x3 sub-blocks (rows 0..6 and 6..12, A 7 rows per step). First the
// half the partner core finalizes: K-major with packer L1 accumulation, its fp32 partial sent
// (writer) as each sub-block's last step is packed. Then this core's half, accumulated by the
// packer onto the partner's partial where it landed (cb_P) for two steps, and the last two
// steps resident, one sub-block at a time in DST from that sum, packed once as bf16 so the
// output is written over two steps instead of all at the end.
#include "api/compute/cb_api.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/matmul.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"
#include "api/compute/tile_move_copy.h"

constexpr uint32_t kCum[4] = {0, 1, 3, 8};  // the first K step's slices (cumulative K tiles)
void kernel_main() {
  constexpr uint32_t cb_A = tt::CBIndex::c_0;
  constexpr uint32_t cb_B = tt::CBIndex::c_1;
  constexpr uint32_t cb_out = tt::CBIndex::c_16;
  constexpr uint32_t cb_acc0 = tt::CBIndex::c_24;
  constexpr uint32_t cb_P = tt::CBIndex::c_25;
  constexpr uint32_t cb_tok = tt::CBIndex::c_26;
  constexpr uint32_t cb_sent = tt::CBIndex::c_27;
  compute_kernel_hw_startup(cb_A, cb_B, cb_out);
  matmul_init(cb_A, cb_B, 0);
  mm_block_init_short(cb_A, cb_B, 0, 3, 1, 8);
  const uint32_t g = get_arg_val<uint32_t>(0);
  for (uint32_t h = 0; h < 2; ++h) {
    const uint32_t a = g == 0 ? 1 - h : h;
    const uint32_t acc = h == 0 ? cb_acc0 : cb_P;
    for (uint32_t ko = 0; ko < 4; ++ko) {
      if (h == 0 && ko == 0) {
        for (uint32_t q = 0; q < 3; ++q) {
          const uint32_t k0 = kCum[q], k1 = kCum[q + 1];
          cb_wait_front(cb_A, k1 * 7);
          cb_wait_front(cb_B, k1 * 6);
          for (uint32_t sb = 0; sb < 13; ++sb) {
            const uint32_t S = 13 * a + sb, r = S / 2 - 6 * a, c = (S % 2) * 3;
            tile_regs_acquire();
            if (q != 0) {
              cb_wait_front(acc, 3);
              cb_pop_front(acc, 3);
            }
            for (uint32_t kk = k0; kk < k1; ++kk) {
              matmul_block(cb_A, cb_B, kk * 7 + r, kk * 6 + c, 0, 0, 3, 1, 8);
            }
            tile_regs_commit();
            tile_regs_wait();
            pack_reconfig_l1_acc(q != 0);
            pack_reconfig_data_format(acc);
            cb_reserve_back(acc, 3);
            for (uint32_t d = 0; d < 3; ++d) {
              pack_tile(d, acc);
            }
            cb_push_back(acc, 3);
            tile_regs_release();
          }
        }
      } else if (h == 1 && ko == 2) {
        // The final half's last two K steps, resident: each sub-block over both in DST from
        // its accumulated partial, packed once, so the output is written over both steps.
        for (uint32_t sb = 0; sb < 13; ++sb) {
          const uint32_t S = 13 * a + sb, r = S / 2 - 6 * a, c = (S % 2) * 3;
          tile_regs_acquire();
          copy_tile_to_dst_init_short(acc);
          cb_wait_front(acc, 3);
          for (uint32_t d = 0; d < 3; ++d) {
            copy_tile(acc, d, d);
          }
          cb_pop_front(acc, 3);
          mm_block_init_short(cb_A, cb_B, 0, 3, 1, 8);
          for (uint32_t k2 = 0; k2 < 2; ++k2) {
            cb_wait_front(cb_A, (k2 + 1) * 56);
            cb_wait_front(cb_B, (k2 + 1) * 48);
            for (uint32_t kk = 0; kk < 8; ++kk) {
              matmul_block(cb_A, cb_B, k2 * 56 + kk * 7 + r, k2 * 48 + kk * 6 + c, 0, 0, 3, 1, 8);
            }
          }
          tile_regs_commit();
          tile_regs_wait();
          pack_reconfig_l1_acc(0);
          pack_reconfig_data_format(cb_out);
          cb_reserve_back(cb_out, 3);
          for (uint32_t d = 0; d < 3; ++d) {
            pack_tile(d, cb_out);
          }
          cb_push_back(cb_out, 3);
          tile_regs_release();
        }
        cb_pop_front(cb_A, 112);
        cb_pop_front(cb_B, 96);
        break;
      } else {
        cb_wait_front(cb_A, 56);
        cb_wait_front(cb_B, 48);
        const bool last = ko == 3 && h == 1;
        for (uint32_t sb = 0; sb < 13; ++sb) {
          const uint32_t S = 13 * a + sb, r = S / 2 - 6 * a, c = (S % 2) * 3;
          tile_regs_acquire();
          if (h == 1 && ko == 0) {
            cb_wait_front(cb_tok, 1);  // the partner's partial of this sub-block has landed
            cb_pop_front(cb_tok, 1);
          }
          if (last) {
            copy_tile_to_dst_init_short(acc);
            cb_wait_front(acc, 3);
            for (uint32_t d = 0; d < 3; ++d) {
              copy_tile(acc, d, d);
            }
            cb_pop_front(acc, 3);
            mm_block_init_short(cb_A, cb_B, 0, 3, 1, 8);
          } else if (ko != 0) {
            cb_wait_front(acc, 3);
            cb_pop_front(acc, 3);
          }
          for (uint32_t kk = 0; kk < 8; ++kk) {
            matmul_block(cb_A, cb_B, kk * 7 + r, kk * 6 + c, 0, 0, 3, 1, 8);
          }
          tile_regs_commit();
          tile_regs_wait();
          if (last) {
            pack_reconfig_l1_acc(0);
            pack_reconfig_data_format(cb_out);
            cb_reserve_back(cb_out, 3);
            for (uint32_t d = 0; d < 3; ++d) {
              pack_tile(d, cb_out);
            }
            cb_push_back(cb_out, 3);
          } else {
            pack_reconfig_l1_acc(ko != 0 || h == 1);
            pack_reconfig_data_format(acc);
            cb_reserve_back(acc, 3);
            for (uint32_t d = 0; d < 3; ++d) {
              pack_tile(d, acc);
            }
            cb_push_back(acc, 3);
            if (h == 0 && ko == 3) {
              cb_reserve_back(cb_sent, 1);  // this sub-block's partial is final: send it
              cb_push_back(cb_sent, 1);
            }
          }
          tile_regs_release();
        }
      }
      cb_pop_front(cb_A, 56);
      cb_pop_front(cb_B, 48);
    }
  }
}
