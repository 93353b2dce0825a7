// Acceptance program 21's compute kernel: custom SFPU code written with SFPI, run through the LLK
// wrappers the way Tenstorrent's custom-SFPU examples do. Per pair of input tiles (a, b):
//   r = a * b + 0.5 (one fused MAD); where a < 0: r = -a; else where a > b: r = a - b;
//   else where b >= 2: r = 1 (a v_if nested in v_else)
// into DST tile 2 (dst_reg[tile * 32 + i]), then a unary pass over tile 2 walking each face with
// dst_reg++ turns values above 4 negative with sfpi::setsgn.
#include <cstdint>

#include "api/compute/common.h"
#include "api/compute/compute_kernel_api.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/tile_move_copy.h"

#ifdef TRISC_MATH
inline void select_face(uint32_t in0, uint32_t in1, uint32_t out) {
  for (uint32_t i = 0; i < 8; ++i) {
    vFloat a = dst_reg[in0 * 32 + i];
    vFloat b = dst_reg[in1 * 32 + i];
    vFloat r = a * b + 0.5f;
    v_if(a < 0.0f) { r = -a; }
    v_elseif(a > b) { r = a - b; }
    v_else {
      v_if(b >= 2.0f) { r = sfpi::vConst1; }
      v_endif;
    }
    v_endif;
    dst_reg[out * 32 + i] = r;
  }
}

inline void flip_face(float limit) {
  for (int i = 0; i < 8; ++i) {
    vFloat v = dst_reg[0];
    v_if(v > limit) { v = sfpi::setsgn(v, 1); }
    v_endif;
    dst_reg[0] = v;
    dst_reg++;
  }
}
#endif

void kernel_main() {
  const uint32_t n_pairs = get_arg_val<uint32_t>(0);
  constexpr auto cb_in = tt::CBIndex::c_0;
  constexpr auto cb_out = tt::CBIndex::c_16;
  init_sfpu(cb_in, cb_out);
  for (uint32_t p = 0; p < n_pairs; ++p) {
    cb_wait_front(cb_in, 2);
    tile_regs_acquire();
    copy_tile(cb_in, 0, 0);
    copy_tile(cb_in, 1, 1);
    MATH(_llk_math_eltwise_binary_sfpu_params_<false>(select_face, 0, 1, 2));
    MATH(_llk_math_eltwise_unary_sfpu_params_<false>(flip_face, 2, VectorMode::RC, 4.0f));
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(cb_out, 1);
    pack_tile(2, cb_out);
    cb_push_back(cb_out, 1);
    cb_pop_front(cb_in, 2);
    tile_regs_release();
  }
}
