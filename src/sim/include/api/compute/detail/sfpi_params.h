// The LLK entry points that run kernel-written SFPI code over DST tiles, as custom SFPU kernels
// call them through MATH(...): _llk_math_eltwise_unary_sfpu_params_ (the function runs once per
// face of one tile, dst_reg[0] at the face's first row) and _llk_math_eltwise_binary_sfpu_params_
// (dst_reg[0] at tile 0, the function gets the tile indices and addresses dst_reg[tile * 32 + i]).
// A face is 16 DST rows, 8 dst_reg vectors. VectorMode R runs faces 0-1, C faces 0 and 2, RC
// all four; None and RC_custom run the function once from the tile's first row. The SFPU
// instructions the code executed are charged when the wrapper returns.
#pragma once
#include <stdint.h>

#include "api/compute/common.h"
#include "sfpi.h"

namespace ckernel {
namespace ttsim_detail {

// The vector mode as either SDK spelling passes it: VectorMode, or (int)VectorMode.
struct SfpuVectorMode {
  int value;
  SfpuVectorMode(VectorMode m) : value(static_cast<int>(m)) {}
  SfpuVectorMode(int m) : value(m) {}
};

template <typename Face>
ALWI void sfpu_faces(const char* call, uint32_t tile_row, SfpuVectorMode mode, Face&& face) {
  int faces[4] = {0, 1, 2, 3};
  int n = 4;
  switch (mode.value) {
    case static_cast<int>(VectorMode::R):
      n = 2;
      break;
    case static_cast<int>(VectorMode::C):
      faces[1] = 2;
      n = 2;
      break;
    case static_cast<int>(VectorMode::RC):
      break;
    case static_cast<int>(VectorMode::None):
    case static_cast<int>(VectorMode::RC_custom):
      n = 1;
      break;
    default:
      ttsim_kernel_error(call, "unknown VectorMode");
  }
  for (int i = 0; i < n; ++i) {
    sfpi::ttsim_detail::dst_base = tile_row + 16u * static_cast<uint32_t>(faces[i]);
    sfpi::ttsim_detail::dst_advance = 0;
    face();
  }
  sfpi::ttsim_detail::dst_base = 0;
  sfpi::ttsim_detail::dst_advance = 0;
  sfpi::ttsim_detail::enabled = 0xffffffffu;
  ttsim_sfpi_charge(call, sfpi::ttsim_detail::instructions);
  sfpi::ttsim_detail::instructions = 0;
}

}  // namespace ttsim_detail

template <bool APPROXIMATE = false, typename Callable, typename... Args>
ALWI void _llk_math_eltwise_unary_sfpu_params_(
    Callable&& sfpu_func, uint32_t dst_index,
    ttsim_detail::SfpuVectorMode vector_mode = VectorMode::RC, Args&&... args) {
  ttsim_detail::sfpu_faces("_llk_math_eltwise_unary_sfpu_params_", dst_index * 64u, vector_mode,
                           [&] { sfpu_func(args...); });
}

template <bool APPROXIMATE = false, typename Callable, typename... Args>
ALWI void _llk_math_eltwise_binary_sfpu_params_(
    Callable&& sfpu_func, uint32_t dst_index0, uint32_t dst_index1, uint32_t odst,
    ttsim_detail::SfpuVectorMode vector_mode = VectorMode::RC, Args&&... args) {
  ttsim_detail::sfpu_faces("_llk_math_eltwise_binary_sfpu_params_", 0, vector_mode,
                           [&] { sfpu_func(dst_index0, dst_index1, odst, args...); });
}

}  // namespace ckernel

// Custom SFPU code names the SFPI types unqualified, as the SDK's compute headers allow.
using namespace sfpi;
