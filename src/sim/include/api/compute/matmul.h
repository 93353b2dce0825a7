// Matrix engine: DST += in0 x in1 per tile (matmul_tiles, 5-arg and 6-arg eras, matmul_tile) and
// per block (matmul_block), with all init spellings. in0 feeds SrcB and in1 SrcA (fidelity).
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

namespace ckernel {

// transpose: each in1 tile is transposed (32x32) before the product.
ALWI void matmul_init(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t transpose = 0) {
  ttsim_compute_init(TTSIM_INIT_MATMUL, in0_cb_id, in1_cb_id, TTSIM_NO_CB);
  ttsim_compute_set_mode(TTSIM_MODE_MATMUL_TRANSPOSE, transpose);
}
ALWI void mm_init(uint32_t in0_cb_id = 0, uint32_t in1_cb_id = 1, uint32_t out_cb_id = 16,
                  const uint32_t transpose = 0) {
  ttsim_compute_init(TTSIM_INIT_HW_STARTUP, in0_cb_id, in1_cb_id, out_cb_id);
  matmul_init(in0_cb_id, in1_cb_id, transpose);
}
ALWI void mm_init_short(uint32_t in0_cb_id, uint32_t in1_cb_id, const uint32_t transpose = 0) {
  matmul_init(in0_cb_id, in1_cb_id, transpose);
}
ALWI void mm_init_short_with_dt(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t c_in_old_srca,
                                const uint32_t transpose = 0) {
  matmul_init(in0_cb_id, in1_cb_id, transpose);
}
// Era C: DST[idst] += in0[in0_tile_index] x in1[in1_tile_index], transpose from the init.
ALWI void matmul_tiles(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t in0_tile_index,
                       uint32_t in1_tile_index, uint32_t idst) {
  ttsim_matmul(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst, TTSIM_FROM_INIT, 1, 1,
               1);
}
// Era A: the same with an explicit transpose flag.
ALWI void matmul_tiles(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t in0_tile_index,
                       uint32_t in1_tile_index, uint32_t idst, const uint32_t transpose) {
  ttsim_matmul(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst, transpose ? 1 : 0, 1, 1,
               1);
}
// Era B spelling.
ALWI void matmul_tile(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t in0_tile_index,
                      uint32_t in1_tile_index, uint32_t idst, const uint32_t transpose = 0) {
  ttsim_matmul(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst, transpose ? 1 : 0, 1, 1,
               1);
}

ALWI void matmul_block_init(uint32_t in0_cb_id, uint32_t in1_cb_id, const uint32_t transpose = 0,
                            uint32_t ct_dim = 1, uint32_t rt_dim = 1, uint32_t kt_dim = 1) {
  matmul_init(in0_cb_id, in1_cb_id, transpose);
}
ALWI void mm_block_init(uint32_t in0_cb_id = 0, uint32_t in1_cb_id = 1, uint32_t out_cb_id = 16,
                        const uint32_t transpose = 0, uint32_t ct_dim = 1, uint32_t rt_dim = 1,
                        uint32_t kt_dim = 1) {
  mm_init(in0_cb_id, in1_cb_id, out_cb_id, transpose);
}
ALWI void mm_block_init_short(uint32_t in0_cb_id = 0, uint32_t in1_cb_id = 1,
                              const uint32_t transpose = 0, uint32_t ct_dim = 1,
                              uint32_t rt_dim = 1, uint32_t kt_dim = 1) {
  matmul_init(in0_cb_id, in1_cb_id, transpose);
}
ALWI void mm_block_init_short_with_dt(uint32_t in0_cb_id = 0, uint32_t in1_cb_id = 1,
                                      uint32_t old_in1_cb_id = 2, const uint32_t transpose = 0,
                                      uint32_t ct_dim = 1, uint32_t rt_dim = 1,
                                      uint32_t kt_dim = 1) {
  matmul_init(in0_cb_id, in1_cb_id, transpose);
}
// One inner-dimension step of an rt_dim x ct_dim output block:
// DST[idst + r*ct_dim + c] += in0[in0_tile_index + r*kt_dim] x in1[in1_tile_index + c].
ALWI void matmul_block(uint32_t in0_cb_id, uint32_t in1_cb_id, uint32_t in0_tile_index,
                       uint32_t in1_tile_index, uint32_t idst, const uint32_t transpose,
                       uint32_t ct_dim, uint32_t rt_dim, uint32_t kt_dim) {
  ttsim_matmul(in0_cb_id, in1_cb_id, in0_tile_index, in1_tile_index, idst, transpose ? 1 : 0,
               ct_dim, rt_dim, kt_dim);
}

}  // namespace ckernel
