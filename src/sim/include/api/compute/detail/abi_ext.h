// Compute-ABI entry points beyond ttsim/abi.h that the compute headers need (init-time modes,
// the packer's write cursor, DST-to-DST SFPU ops with an output index, untilize with offsets).
// Defined in src/sim/compute/*.cc (src/sim/abi/abi_calls.def lists each with its file and cost);
// candidates for moving into ttsim/abi.h.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void ttsim_acquire_dst(void);  // deprecated acquire_dst()/release_dst() pair (core)
void ttsim_release_dst(void);

// Modes that inits set and later ops read (kept per compute kernel by the simulator, never in
// kernel-side statics, since one kernel binary serves many cores).
enum ttsim_compute_mode {
  TTSIM_MODE_ACC_TO_DEST = 0,        // add/sub_tiles accumulate into DST (add_tiles_init(.., true))
  TTSIM_MODE_COPY_TRANSPOSE = 1,     // copy_tile transposes (copy_tile_to_dst_init_short(cb, 1))
  TTSIM_MODE_MATMUL_TRANSPOSE = 2,   // matmul_tiles transposes in1 (matmul_init(.., 1))
  TTSIM_MODE_PACK_L1_ACC = 3,        // pack_tile adds to what L1 holds (pack_reconfig_l1_acc)
  TTSIM_MODE_DST_FORMAT_FROM_CB = 4  // DST's 16-bit format follows this CB's (reconfig_data_format)
};
void ttsim_compute_set_mode(int mode, uint32_t value);
// Sentinels for "take it from the init": ttsim_matmul transpose, ttsim_copy_tile transpose and
// ttsim_binary acc_to_dest.
#define TTSIM_FROM_INIT 0xFFFFFFFFu
#define TTSIM_FROM_INIT_I (-1)
#define TTSIM_NO_CB 0xFFFFFFFFu

// dst[odst] = dst[idst0] op dst[idst1] (op: ttsim::num::SfpuBinaryOp).
void ttsim_sfpu_binary_to(int op, uint32_t idst0, uint32_t idst1, uint32_t odst);
// add/sub/mul with one operand taken from DST[idst]: reuse_srca != 0 puts DST in SrcA.
void ttsim_binary_dest_reuse(int op, int reuse_srca, uint32_t cb, uint32_t itile, uint32_t idst);
// DST[idst] = broadcast of a CB tile (bcast: ttsim::num::BcastDim).
void ttsim_unary_bcast(int bcast, uint32_t cb, uint32_t itile, uint32_t idst);
// Untilize ntiles tiles (CB front from in_tile, or DST from idst) into row-major rows of
// row_tiles*32 elements starting at output page out_page, column tile col_tile.
void ttsim_untilize_tiles(uint32_t icb, uint32_t in_tile, uint32_t ntiles, uint32_t ocb,
                          uint32_t out_page, uint32_t row_tiles, uint32_t col_tile);
void ttsim_pack_untilize_dst(uint32_t idst, uint32_t ntiles, uint32_t ocb, uint32_t out_page,
                             uint32_t row_tiles, uint32_t col_tile);

#ifdef __cplusplus
}
#endif
