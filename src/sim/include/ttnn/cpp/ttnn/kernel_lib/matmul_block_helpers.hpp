// The SDK's compute helper compute_kernel_lib::matmul_block (ttnn/cpp/ttnn/kernel_lib), in the
// form Tenstorrent's matmul programming examples call it: a sub-blocked C = A x B over
// num_blocks K blocks whose partial sums spill to interm_cb and are reloaded, with the final
// block packed to out_cb, subblock by subblock. Written from the documented interface over the
// simulator's compute API (mm_init, matmul_tiles, copy_tile, pack_tile).
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/matmul.h"
#include "api/compute/pack.h"
#include "api/compute/tile_move_copy.h"

namespace compute_kernel_lib {

namespace matmul_block_config {

// Data-format reconfiguration between operations. The simulator reads every CB's own format at
// each call, so the modes only differ in the time the device would spend.
enum class ReconfigureRegisterDatatypeMode : uint8_t {
  NoReconfigure,
  UnpackReconfigure,
  PackReconfigure,
  UnpackAndPackReconfigure
};

// Whether the helper issues mm_init first (there is no matmul uninit).
enum class InitUninitMode : uint8_t { InitAndUninit, InitOnly, UninitOnly, Neither };

// A (in0) block: block_w K tiles per block, num_subblocks subblocks along M,
// block_num_tiles = subblock height * block_w * num_subblocks, subblock_num_tiles = height *
// block_w.
struct In0BlockParams {
  uint32_t block_w;
  uint32_t num_subblocks;
  uint32_t block_num_tiles;
  uint32_t subblock_num_tiles;
};

// B (in1) block: num_subblocks subblocks along N, block_num_tiles = block_w * per_core_w, and
// per_core_w tiles per block row.
struct In1BlockParams {
  uint32_t num_subblocks;
  uint32_t block_num_tiles;
  uint32_t per_core_w;
};

// Output subblock: h x w tiles (num_tiles = h * w), held in DST while it is computed.
struct OutSubblockParams {
  uint32_t h;
  uint32_t w;
  uint32_t num_tiles;
};

}  // namespace matmul_block_config

template <uint32_t in0_cb, uint32_t in1_cb, uint32_t out_cb, uint32_t interm_cb,
          matmul_block_config::InitUninitMode init_uninit_mode =
              matmul_block_config::InitUninitMode::InitAndUninit,
          matmul_block_config::ReconfigureRegisterDatatypeMode reconfig_mode =
              matmul_block_config::ReconfigureRegisterDatatypeMode::UnpackAndPackReconfigure>
ALWI void matmul_block(matmul_block_config::In0BlockParams in0,
                       matmul_block_config::In1BlockParams in1, uint32_t num_blocks,
                       matmul_block_config::OutSubblockParams out, uint32_t batch = 1) {
  using matmul_block_config::InitUninitMode;
  static_assert(out_cb != interm_cb, "matmul_block: interm_cb must differ from out_cb");
  if constexpr (init_uninit_mode == InitUninitMode::InitAndUninit ||
                init_uninit_mode == InitUninitMode::InitOnly) {
    mm_init(in0_cb, in1_cb, out_cb);
  }
  for (uint32_t b = 0; b < batch; ++b) {
    for (uint32_t block = 0; block < num_blocks; ++block) {
      const bool last = block + 1 == num_blocks;
      cb_wait_front(in0_cb, in0.block_num_tiles);
      cb_wait_front(in1_cb, in1.block_num_tiles);
      for (uint32_t s0 = 0; s0 < in0.num_subblocks; ++s0) {
        for (uint32_t s1 = 0; s1 < in1.num_subblocks; ++s1) {
          tile_regs_acquire();
          if (block > 0) {  // reload this subblock's partial sums, then accumulate onto them
            copy_tile_to_dst_init_short(interm_cb);
            cb_wait_front(interm_cb, out.num_tiles);
            for (uint32_t t = 0; t < out.num_tiles; ++t) {
              copy_tile(interm_cb, t, t);
            }
            cb_pop_front(interm_cb, out.num_tiles);
            mm_init_short(in0_cb, in1_cb);
          }
          // DST[h * w_out + w] += sum over k of A[row h, k] x B[k, column w] of this subblock.
          for (uint32_t h = 0; h < out.h; ++h) {
            for (uint32_t w = 0; w < out.w; ++w) {
              for (uint32_t k = 0; k < in0.block_w; ++k) {
                matmul_tiles(in0_cb, in1_cb, s0 * in0.subblock_num_tiles + h * in0.block_w + k,
                             s1 * out.w + k * in1.per_core_w + w, h * out.w + w);
              }
            }
          }
          tile_regs_commit();
          const uint32_t target = last ? out_cb : interm_cb;
          cb_reserve_back(target, out.num_tiles);
          tile_regs_wait();
          for (uint32_t t = 0; t < out.num_tiles; ++t) {
            pack_tile(t, target);
          }
          tile_regs_release();
          cb_push_back(target, out.num_tiles);
        }
      }
      cb_pop_front(in0_cb, in0.block_num_tiles);
      cb_pop_front(in1_cb, in1.block_num_tiles);
    }
  }
}

}  // namespace compute_kernel_lib
