// Copying CB tiles into DST: copy_tile and its inits (with optional transpose), and
// copy_block_matmul_partials for reloading spilled matmul partials.
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

namespace ckernel {

// transpose: the whole 32x32 tile is transposed on its way into DST (faces and within faces).
ALWI void copy_tile_to_dst_init_short(uint32_t cbid, uint32_t transpose = 0,
                                      uint32_t transpose_within_face = 0) {
  ttsim_compute_init(TTSIM_INIT_COPY, cbid, cbid, TTSIM_NO_CB);
  ttsim_compute_set_mode(TTSIM_MODE_COPY_TRANSPOSE, transpose);
}
ALWI void copy_tile_init(uint32_t cbid) { copy_tile_to_dst_init_short(cbid); }
ALWI void copy_init(uint32_t cbid) { copy_tile_to_dst_init_short(cbid); }
ALWI void copy_tile_to_dst_init_short_with_dt(uint32_t old_cbid, uint32_t new_cbid,
                                              uint32_t transpose = 0) {
  copy_tile_to_dst_init_short(new_cbid, transpose);
}
ALWI void copy_tile(uint32_t in_cb_id, uint32_t in_tile_index, uint32_t dst_tile_index) {
  ttsim_copy_tile(in_cb_id, in_tile_index, dst_tile_index, TTSIM_FROM_INIT_I);
}
ALWI void copy_block_matmul_partials(uint32_t in_cb_id, uint32_t start_in_tile_idx,
                                     uint32_t start_dst_tile_idx, uint32_t ntiles) {
  for (uint32_t i = 0; i < ntiles; ++i) {
    ttsim_copy_tile(in_cb_id, start_in_tile_idx + i, start_dst_tile_idx + i, 0);
  }
}

}  // namespace ckernel
