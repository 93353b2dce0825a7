// Compute kernel of the blocked matmul written as Tenstorrent's current matmul examples write it:
// the whole reload / accumulate / spill loop of bmm_block.cpp is one call of the SDK's
// compute_kernel_lib::matmul_block helper (partials through c_24, result subblocks to c_16).
#include "ttnn/cpp/ttnn/kernel_lib/matmul_block_helpers.hpp"

void kernel_main() {
  constexpr uint32_t Kt = get_compile_time_arg_val(0);
  constexpr uint32_t per_core_M = get_compile_time_arg_val(1);
  constexpr uint32_t per_core_N = get_compile_time_arg_val(2);
  constexpr uint32_t block_w = get_compile_time_arg_val(3);
  constexpr uint32_t sub_h = get_compile_time_arg_val(4);
  constexpr uint32_t sub_w = get_compile_time_arg_val(5);

  compute_kernel_lib::matmul_block<tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_16,
                                   tt::CBIndex::c_24>(
      {.block_w = block_w,
       .num_subblocks = per_core_M / sub_h,
       .block_num_tiles = per_core_M * block_w,
       .subblock_num_tiles = sub_h * block_w},
      {.num_subblocks = per_core_N / sub_w,
       .block_num_tiles = block_w * per_core_N,
       .per_core_w = per_core_N},
      Kt / block_w, {.h = sub_h, .w = sub_w, .num_tiles = sub_h * sub_w});
}
