// Base of the simulator's compute kernel API: the ABI, the SDK's macros (ALWI, MATH/PACK/UNPACK,
// APPROX, DST_ACCUM_MODE, MATH_FIDELITY, NAMESPACE/MAIN) and enums, in namespace ckernel.
#pragma once
#include <stdint.h>

#include "api/compute/detail/abi_ext.h"
#include "hostdevcommon/kernel_structs.h"
#include "tt-metalium/base_types.hpp"
#include "tt-metalium/tt_backend_api_types.hpp"
#include "ttsim/abi.h"
#include "ttsim/kernel_common.h"
#include "ttsim/unsupported.h"

#ifndef ALWI
#define ALWI inline __attribute__((always_inline))
#endif

// The simulator runs a compute kernel once, as all three TRISC threads at the same time.
#ifndef MATH
#define MATH(x) x
#endif
#ifndef PACK
#define PACK(x) x
#endif
#ifndef UNPACK
#define UNPACK(x) x
#endif

// Normally defined by the simulator's JIT from ComputeConfig; defaults for direct compiles.
#ifndef APPROX
#define APPROX false
#endif
#ifndef DST_ACCUM_MODE
#define DST_ACCUM_MODE false
#endif
#ifndef MATH_FIDELITY
#define MATH_FIDELITY 4
#endif
#ifndef DST_SYNC_MODE
#define DST_SYNC_MODE 0
#endif
#ifndef NAMESPACE
#define NAMESPACE ttsim_kernel_ns
#endif
#ifndef MAIN
#define MAIN ttsim_kernel_main()
#endif

// Kernel arguments for compute kernels (the data-movement header defines the same, under the
// same guard): the 32-bit word reinterpreted as T, as on the device.
#ifndef TTSIM_KERNEL_ARGS_DEFINED
#define TTSIM_KERNEL_ARGS_DEFINED
template <typename T>
ALWI T get_arg_val(int arg_idx) {
  static_assert(sizeof(T) == 4, "get_arg_val<T>: T must be 4 bytes");
  return __builtin_bit_cast(T, ttsim_get_arg(arg_idx));
}
template <typename T>
ALWI T get_common_arg_val(int arg_idx) {
  static_assert(sizeof(T) == 4, "get_common_arg_val<T>: T must be 4 bytes");
  return __builtin_bit_cast(T, ttsim_get_common_arg(arg_idx));
}
#endif
#if __has_include("api/compile_time_args.h")
#include "api/compile_time_args.h"
#endif

namespace ckernel {

enum PoolType { SUM = 0, AVG = 1, MAX = 2 };  // values = ttsim::num::PoolType
enum ReduceDim { REDUCE_ROW = 0, REDUCE_COL = 1, REDUCE_SCALAR = 2 };  // = ttsim::num::ReduceDim
enum class BroadcastType : uint8_t { NONE = 0, COL = 1, ROW = 2, SCALAR = 3 };
enum EltwiseBinaryType { ELWMUL = 0, ELWDIV = 1, ELWADD = 2, ELWSUB = 3, ELWLESS = 4 };
enum class EltwiseBinaryReuseDestType { NONE = 0, DEST_TO_SRCA = 1, DEST_TO_SRCB = 2 };
enum class VectorMode { None = 0, R = 1, C = 2, RC = 3, RC_custom = 4, Invalid = 0xFF };
enum class SrcOrder : uint8_t { Regular = 0, Reverse = 1 };
enum class InputClamping : uint8_t { None = 0, ClampToNegative = 1 };

namespace ttsim_detail {

// ttsim::num enum values, spelled out so kernel headers need no simulator headers.
enum : int { kAdd = 0, kSub = 1, kMul = 2 };                                      // BinaryOp
enum : int { kBcastNone = 0, kBcastRows = 1, kBcastCols = 2, kBcastScalar = 3 };  // BcastDim
// SfpuOp (k<Id>) and SfpuBinaryOp (kB<Id>): the rows of the shared SFPU table, in order.
enum : int {
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) k##Id,
#include "ttsim/sfpu_functions.def"
};
enum : int {
#define TLTT_SFPU_BINARY(Id, tile_op, metalium, instructions) kB##Id,
#include "ttsim/sfpu_functions.def"
};

constexpr int bcast_dim(BroadcastType b) {
  return b == BroadcastType::ROW      ? kBcastRows
         : b == BroadcastType::COL    ? kBcastCols
         : b == BroadcastType::SCALAR ? kBcastScalar
                                      : kBcastNone;
}
// The FPU ops the simulator models; templates taking an EltwiseBinaryType refuse the others
// (ELWDIV, ELWLESS) at compile time.
constexpr bool fpu_op_modelled(EltwiseBinaryType t) {
  return t == ELWADD || t == ELWSUB || t == ELWMUL;
}
constexpr int binary_op(EltwiseBinaryType t) {
  return t == ELWADD ? kAdd : t == ELWSUB ? kSub : kMul;
}
ALWI uint32_t float_bits(float v) { return __builtin_bit_cast(uint32_t, v); }
// The simulator processes whole tiles; partial vector modes are reported, not ignored.
ALWI void check_vector_mode(int vector_mode, const char* call) {
  if (vector_mode != static_cast<int>(VectorMode::RC)) {
    ttsim_kernel_error(call, "only VectorMode::RC (whole tile) is supported by the simulator");
  }
}

}  // namespace ttsim_detail
}  // namespace ckernel

using namespace ckernel;

// The SDK's common.h also declares the per-kernel hardware start-up.
#include "api/compute/compute_kernel_hw_startup.h"
