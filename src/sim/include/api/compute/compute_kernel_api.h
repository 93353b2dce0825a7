// Umbrella of the compute kernel API: everything a compute kernel may call, including the SFPU
// functions the SDK defines directly in this file (sigmoid, silu, log, tanh, abs, square, ...).
#pragma once
#include "api/compute/cb_api.h"
#include "api/compute/common.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/detail/sfpu.h"
// Kernel-written SFPI code and the LLK wrappers that run it. Only this umbrella header reaches
// them (as custom SFPU kernels include it): sfpi.h nearly doubles a compute kernel's compile time.
#include "api/compute/detail/sfpi_params.h"
#include "api/compute/pack.h"
#include "api/compute/reg_api.h"

namespace ckernel {
// Refused at compile time: the simulator neither halts the math thread for a debugger nor keeps
// the FPU/SFPU special-value (NaN/Inf/denormal) flags.
template <typename T = void>
ALWI void dbg_halt() {
  TTSIM_UNSUPPORTED(T, "dbg_halt", "halting the math thread for a debugger is not simulated");
}
template <typename T = void>
ALWI void dbg_unhalt() {
  TTSIM_UNSUPPORTED(T, "dbg_unhalt", "halting the math thread for a debugger is not simulated");
}
template <typename T = void>
ALWI void dbg_read_dest_acc_row(int, uint32_t*) {
  TTSIM_UNSUPPORTED(T, "dbg_read_dest_acc_row",
                    "debugger reads of DST rows are not simulated (pack the tile instead)");
}
template <typename T = void>
ALWI uint32_t get_compute_special_value_flags() {
  TTSIM_UNSUPPORTED(T, "get_compute_special_value_flags",
                    "the FPU/SFPU special-value flags are not simulated");
  return 0;
}
template <typename T = void>
ALWI uint32_t get_compute_special_value_flags_fpu(uint32_t) {
  TTSIM_UNSUPPORTED(T, "get_compute_special_value_flags_fpu",
                    "the FPU/SFPU special-value flags are not simulated");
  return 0;
}
template <typename T = void>
ALWI uint32_t get_compute_special_value_flags_sfpu(uint32_t) {
  TTSIM_UNSUPPORTED(T, "get_compute_special_value_flags_sfpu",
                    "the FPU/SFPU special-value flags are not simulated");
  return 0;
}
template <typename T = void>
ALWI void clear_compute_special_value_flags() {
  TTSIM_UNSUPPORTED(T, "clear_compute_special_value_flags",
                    "the FPU/SFPU special-value flags are not simulated");
}
template <typename T = void>
ALWI void store_compute_special_value_flags_to_l1(uint32_t) {
  TTSIM_UNSUPPORTED(T, "store_compute_special_value_flags_to_l1",
                    "the FPU/SFPU special-value flags are not simulated");
}
}  // namespace ckernel
