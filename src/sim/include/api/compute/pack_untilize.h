// pack_untilize: tiles untilized on their way out of the packer, from a CB block
// (pack_untilize_block) or straight from DST (pack_untilize_dest / pack_untilize_dst).
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

namespace ckernel {

template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim>
ALWI void pack_untilize_init(uint32_t icb, uint32_t ocb) {
  static_assert(full_ct_dim % block_ct_dim == 0, "full_ct_dim must be a multiple of block_ct_dim");
  ttsim_compute_init(TTSIM_INIT_UNTILIZE, icb, icb, ocb);
}
// block_rt_dim row blocks of block_ct_dim tiles each (CB front, row-major tile order) go to
// output rows full_ct_dim tiles wide, at column block block_c_index.
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim>
ALWI void pack_untilize_block(uint32_t icb, uint32_t block_rt_dim, uint32_t ocb,
                              uint32_t block_c_index = 0) {
  for (uint32_t r = 0; r < block_rt_dim; ++r) {
    ttsim_untilize_tiles(icb, r * block_ct_dim, block_ct_dim, ocb, r * full_ct_dim, full_ct_dim,
                         block_c_index * block_ct_dim);
  }
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim>
ALWI void pack_untilize_dest_init(uint32_t ocb, uint32_t face_r_dim = 16, uint32_t num_faces = 4) {
  ttsim_compute_init(TTSIM_INIT_UNTILIZE, TTSIM_NO_CB, TTSIM_NO_CB, ocb);
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim>
ALWI void pack_untilize_dest(uint32_t ocb, uint32_t block_rt_dim = 1, uint32_t block_c_index = 0,
                             uint32_t face_r_dim = 16, uint32_t num_faces = 4) {
  for (uint32_t r = 0; r < block_rt_dim; ++r) {
    ttsim_pack_untilize_dst(r * block_ct_dim, block_ct_dim, ocb, r * full_ct_dim, full_ct_dim,
                            block_c_index * block_ct_dim);
  }
}
ALWI void pack_untilize_dst_init_short(uint32_t ocb, uint32_t face_r_dim = 16,
                                       uint32_t num_faces = 4) {
  ttsim_compute_init(TTSIM_INIT_UNTILIZE, TTSIM_NO_CB, TTSIM_NO_CB, ocb);
}
template <uint32_t block_ct_dim = 8, uint32_t full_ct_dim = block_ct_dim>
ALWI void pack_untilize_dst(uint32_t ocb, uint32_t block_rt_dim = 1, uint32_t block_c_index = 0,
                            uint32_t face_r_dim = 16, uint32_t num_faces = 4) {
  pack_untilize_dest<block_ct_dim, full_ct_dim>(ocb, block_rt_dim, block_c_index);
}
ALWI void pack_untilize_uninit(uint32_t ocb = 16) {}

}  // namespace ckernel
