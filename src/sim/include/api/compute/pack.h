// Packing DST tiles to circular buffers: pack_tile (sequential or out-of-order), pack_tile_block,
// pack_init, L1 accumulation and the data-format reconfig calls.
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/reg_api.h"

namespace ckernel {

// Sequential packs fill the reserved pages in order (the cursor restarts at cb_push_back);
// out_of_order_output writes page output_tile_index past the CB's write pointer.
template <bool out_of_order_output = false>
ALWI void pack_tile(uint32_t ifrom_dst, uint32_t icb, uint32_t output_tile_index = 0) {
  ttsim_pack_tile(ifrom_dst, icb, output_tile_index, out_of_order_output ? 1 : 0);
}
ALWI void pack_tile_block(uint32_t ifrom_dst, uint32_t icb, uint32_t ntiles) {
  for (uint32_t i = 0; i < ntiles; ++i) {
    ttsim_pack_tile(ifrom_dst + i, icb, 0, 0);
  }
}
ALWI void pack_init(uint32_t ocb) { ttsim_compute_init(TTSIM_INIT_PACK, ocb, ocb, ocb); }
ALWI void pack_reconfig_l1_acc(uint32_t l1_acc_en) {
  ttsim_compute_set_mode(TTSIM_MODE_PACK_L1_ACC, l1_acc_en);
}
// The simulator reads every CB's own format at each op, so format reconfigs only need to keep
// DST's 16-bit format in step with the unpacked inputs.
template <bool is_tile_dim_reconfig_en = false>
ALWI void pack_reconfig_data_format(uint32_t new_ocb) {}
template <bool is_tile_dim_reconfig_en = false>
ALWI void pack_reconfig_data_format(uint32_t old_ocb, uint32_t new_ocb) {}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format(uint32_t srca_new, uint32_t srcb_new) {
  ttsim_compute_set_mode(TTSIM_MODE_DST_FORMAT_FROM_CB, srca_new);
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format(uint32_t srca_old, uint32_t srca_new, uint32_t srcb_old,
                               uint32_t srcb_new) {
  ttsim_compute_set_mode(TTSIM_MODE_DST_FORMAT_FROM_CB, srca_new);
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srca(uint32_t srca_new) {
  ttsim_compute_set_mode(TTSIM_MODE_DST_FORMAT_FROM_CB, srca_new);
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srca(uint32_t srca_old, uint32_t srca_new) {
  ttsim_compute_set_mode(TTSIM_MODE_DST_FORMAT_FROM_CB, srca_new);
}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srcb(uint32_t srcb_new) {}
template <bool to_from_int8 = false, bool is_tile_dim_reconfig_en = false>
ALWI void reconfig_data_format_srcb(uint32_t srcb_old, uint32_t srcb_new) {}

}  // namespace ckernel
