// All SFPU wrappers (unary ops on one DST tile, binary ops between DST tiles, scalar ops), shared
// by the per-op headers (exp.h, relu.h, ...) and compute_kernel_api.h, which the SDK splits
// differently across versions. Template flags select approximations the simulator documents in
// src/sim/numerics/sfpu.cc; only gelu's changes the result.
#pragma once
#include "api/compute/common.h"

namespace ckernel {
namespace ttsim_detail {
ALWI void sfpu_init() {
  ttsim_compute_init(TTSIM_INIT_SFPU, TTSIM_NO_CB, TTSIM_NO_CB, TTSIM_NO_CB);
}
ALWI void sfpu(int op, uint32_t idst, uint32_t param = 0) { ttsim_sfpu_unary(op, idst, param); }
}  // namespace ttsim_detail

// ---- eltwise_unary.h ----
ALWI void unary_op_init_common(uint32_t icb, uint32_t ocb) {
  ttsim_compute_init(TTSIM_INIT_HW_STARTUP, icb, icb, ocb);
  ttsim_compute_init(TTSIM_INIT_UNARY_COMMON, icb, icb, ocb);
}
ALWI void init_sfpu(uint32_t icb, uint32_t ocb) { unary_op_init_common(icb, ocb); }

// ---- exp.h ----
namespace ttsim_detail {
// The fast exponential's scale as exp_tile_init<true, true, scale> programmed it (fp32 bits; 0
// when the last init had no scale): the SDK's init folds it into the MAD constants that the
// following exp_tile<true> calls use. A kernel global: every core runs its own copy.
inline uint32_t exp_fast_scale = 0;
}  // namespace ttsim_detail
// Each approximation mode is its own op (sfpu_functions.def gives its cost and source): approx
// = false the precise series, approx with fast_and_approx the SFPLOADMACRO sequence (which, as
// in the SDK's kernel, ignores exp_tile's scale), approx alone the piecewise approximation.
// exp2_tile is always the SDK's APPROX = true piecewise form.
template <bool approx = false, bool fast_and_approx = true, uint32_t scale = 0x3F800000,
          InputClamping input_clamping = InputClamping::ClampToNegative>
ALWI void exp_tile_init() {
  // The fast form folds the init's scale into its MAD constants: exp(x * scale) per exp_tile,
  // for a positive finite scale (the clamp of very negative inputs bounds x * scale).
  TTSIM_REQUIRE(
      !(approx && fast_and_approx) || scale == 0x3F800000 || (scale < 0x7F800000u && scale != 0),
      "exp_tile_init",
      "approx and fast_and_approx and a scale that is not a positive finite float");
  ttsim_detail::exp_fast_scale = approx && fast_and_approx && scale != 0x3F800000 ? scale : 0;
  ttsim_detail::sfpu_init();
}
template <bool approx = false, bool fast_and_approx = true, bool scale_en = false,
          bool skip_positive_check = false,
          InputClamping input_clamping = InputClamping::ClampToNegative, int iterations = 8>
ALWI void exp_tile(uint32_t idst, int vector_mode = (int)VectorMode::RC, uint16_t scale = 0x3F80) {
  ttsim_detail::check_vector_mode(vector_mode, "exp_tile");
  constexpr bool fast = approx && fast_and_approx;
  if (scale_en && !fast) {  // exp(x * scale), scale given as bf16 bits
    ttsim_detail::sfpu(ttsim_detail::kMulScalar, idst, static_cast<uint32_t>(scale) << 16);
  }
  ttsim_detail::sfpu(fast     ? ttsim_detail::kExpFast
                     : approx ? ttsim_detail::kExpApprox
                              : ttsim_detail::kExp,
                     idst, fast ? ttsim_detail::exp_fast_scale : 0);
}
ALWI void exp2_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void exp2_tile(uint32_t idst) { ttsim_detail::sfpu(ttsim_detail::kExp2, idst); }

// ---- log (compute_kernel_api.h) ----
template <bool fast_and_approx = false>
ALWI void log_tile_init() {
  ttsim_detail::sfpu_init();
}
template <bool fast_and_approx = false>
ALWI void log_tile(uint32_t idst) {
  ttsim_detail::sfpu(ttsim_detail::kLog, idst);
}
template <bool fast_and_approx = false>
ALWI void log_with_base_tile_init() {
  ttsim_detail::sfpu_init();
}
// base_scale: fp32 bits of 1/ln(base), e.g. 0x3fb8aa3b for log2.
template <bool fast_and_approx = false>
ALWI void log_with_base_tile(uint32_t idst, uint32_t base_scale) {
  ttsim_detail::sfpu(ttsim_detail::kLog, idst);
  ttsim_detail::sfpu(ttsim_detail::kMulScalar, idst, base_scale);
}

// ---- sqrt.h / rsqrt.h / recip.h ----
ALWI void sqrt_tile_init() { ttsim_detail::sfpu_init(); }
template <bool FAST_APPROX = false>
ALWI void sqrt_tile(uint32_t idst) {
  ttsim_detail::sfpu(ttsim_detail::kSqrt, idst);
}
template <bool fast_and_approx = false>
ALWI void rsqrt_tile_init() {
  ttsim_detail::sfpu_init();
}
template <bool fast_and_approx = false, bool FAST_APPROX = false>
ALWI void rsqrt_tile(uint32_t idst) {
  ttsim_detail::sfpu(ttsim_detail::kRsqrt, idst);
}
template <bool legacy_compat = true>
ALWI void recip_tile_init() {
  ttsim_detail::sfpu_init();
}
template <bool legacy_compat = true>
ALWI void recip_tile(uint32_t idst, int vector_mode = (int)VectorMode::RC) {
  ttsim_detail::check_vector_mode(vector_mode, "recip_tile");
  ttsim_detail::sfpu(ttsim_detail::kRecip, idst);
}

// ---- relu.h (relu_tile: a TLTT_SFPU_UNARY_SDK row, below) ----
ALWI void relu_min_tile_init() { ttsim_detail::sfpu_init(); }
// param0: fp32 bits of the threshold; values below it become 0.
ALWI void relu_min_tile(uint32_t idst, uint32_t param0) {
  ttsim_detail::sfpu(ttsim_detail::kReluMin, idst, param0);
}
ALWI void relu_max_tile_init() { ttsim_detail::sfpu_init(); }
// param0: fp32 bits of the upper limit; the result is clamp(x, 0, limit).
ALWI void relu_max_tile(uint32_t idst, uint32_t param0) {
  ttsim_detail::sfpu(ttsim_detail::kReluMax, idst, param0);
}
ALWI void leaky_relu_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void leaky_relu_tile(uint32_t idst, uint32_t slope) {
  ttsim_detail::sfpu(ttsim_detail::kLeakyRelu, idst, slope);
}

// ---- gelu.h ----
template <bool fast_and_approx = true>
ALWI void gelu_tile_init() {
  ttsim_detail::sfpu_init();
}
template <bool fast_and_approx = true>
ALWI void gelu_tile(uint32_t idst) {
  ttsim_detail::sfpu(ttsim_detail::kGelu, idst, fast_and_approx ? 1u : 0u);
}

// ---- sigmoid / tanh (compute_kernel_api.h; silu: a TLTT_SFPU_UNARY_SDK row, below) ----
template <bool fast_and_approx = false>
ALWI void sigmoid_tile_init() {
  ttsim_detail::sfpu_init();
}
template <VectorMode vec_mode = VectorMode::RC, bool fast_and_approx = false>
ALWI void sigmoid_tile(uint32_t idst) {
  ttsim_detail::check_vector_mode(static_cast<int>(vec_mode), "sigmoid_tile");
  ttsim_detail::sfpu(ttsim_detail::kSigmoid, idst);
}
// Older SDK spelling: sigmoid_tile<fast_and_approx>(idst).
template <bool fast_and_approx>
ALWI void sigmoid_tile(uint32_t idst) {
  ttsim_detail::sfpu(ttsim_detail::kSigmoid, idst);
}
template <bool fast_and_approx = false>
ALWI void tanh_tile_init() {
  ttsim_detail::sfpu_init();
}
template <bool fast_and_approx = false>
ALWI void tanh_tile(uint32_t idst) {
  ttsim_detail::sfpu(ttsim_detail::kTanh, idst);
}

// ---- power (abs, negative and square: TLTT_SFPU_UNARY_SDK rows, below) ----
ALWI void power_tile_init() { ttsim_detail::sfpu_init(); }
// param0: an integer exponent (older SDKs) or the exponent's fp32 bits (newer SDKs).
ALWI void power_tile(uint32_t idst, uint32_t param0) {
  ttsim_detail::sfpu(ttsim_detail::kPower, idst, param0);
}
ALWI void power_iterative_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void power_iterative_tile(uint32_t idst, uint32_t param0) {
  ttsim_detail::sfpu(ttsim_detail::kPower, idst, param0 & 0x7FFFFFu);
}

// ---- fill.h ----
ALWI void fill_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void fill_tile(uint32_t idst, float param0) {
  ttsim_detail::sfpu(ttsim_detail::kFill, idst, ttsim_detail::float_bits(param0));
}
ALWI void fill_tile_bitcast(uint32_t idst, uint32_t param0) {
  ttsim_detail::sfpu(ttsim_detail::kFill, idst, param0);
}
// The integer's bits in every element (DST in 32-bit mode).
template <tt::DataFormat F>
ALWI void fill_tile_int(uint32_t idst, uint32_t param0) {
  TTSIM_REQUIRE(F == tt::DataFormat::Int32 || F == tt::DataFormat::UInt32, "fill_tile_int",
                "a data format other than Int32 or UInt32 (UInt16 is not modelled)");
  ttsim_detail::sfpu(ttsim_detail::kFill, idst, param0);
}

// ---- binop_with_scalar.h (param: the scalar's fp32 bits) ----
ALWI void binop_with_scalar_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void add_unary_tile(uint32_t idst, uint32_t param1) {
  ttsim_detail::sfpu(ttsim_detail::kAddScalar, idst, param1);
}
ALWI void sub_unary_tile(uint32_t idst, uint32_t param1) {
  ttsim_detail::sfpu(ttsim_detail::kSubScalar, idst, param1);
}
ALWI void mul_unary_tile(uint32_t idst, uint32_t param1) {
  ttsim_detail::sfpu(ttsim_detail::kMulScalar, idst, param1);
}
ALWI void div_unary_tile(uint32_t idst, uint32_t param1) {
  ttsim_detail::sfpu(ttsim_detail::kDivScalar, idst, param1);
}
ALWI void rsub_unary_tile(uint32_t idst, uint32_t param1) {
  ttsim_detail::sfpu(ttsim_detail::kRsubScalar, idst, param1);
}

// ---- binary SFPU ops between DST tiles (eltwise_binary_sfpu.h, binary_max_min.h) ----
#define TTSIM_SFPU_BINARY(name, op)                                    \
  ALWI void name##_tile_init() { ttsim_detail::sfpu_init(); }          \
  ALWI void name##_tile(uint32_t idst0, uint32_t idst1) {              \
    ttsim_sfpu_binary_to(op, idst0, idst1, idst0);                     \
  }                                                                    \
  ALWI void name##_tile(uint32_t idst0, uint32_t idst1, uint32_t odst, \
                        int vector_mode = (int)VectorMode::RC) {       \
    ttsim_detail::check_vector_mode(vector_mode, #name "_tile");       \
    ttsim_sfpu_binary_to(op, idst0, idst1, odst);                      \
  }
TTSIM_SFPU_BINARY(add_binary, ttsim_detail::kBAdd)
TTSIM_SFPU_BINARY(sub_binary, ttsim_detail::kBSub)
TTSIM_SFPU_BINARY(mul_binary, ttsim_detail::kBMul)
TTSIM_SFPU_BINARY(div_binary, ttsim_detail::kBDiv)
TTSIM_SFPU_BINARY(power_binary, ttsim_detail::kBPower)
TTSIM_SFPU_BINARY(binary_max, ttsim_detail::kBMax)
TTSIM_SFPU_BINARY(binary_min, ttsim_detail::kBMin)
#undef TTSIM_SFPU_BINARY
ALWI void rsub_binary_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void rsub_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  ttsim_sfpu_binary_to(ttsim_detail::kBSub, idst1, idst0, odst);
}
ALWI void rsub_binary_tile(uint32_t idst0, uint32_t idst1) {
  ttsim_sfpu_binary_to(ttsim_detail::kBSub, idst1, idst0, idst0);
}
// ---- integer SFPU ops between DST tiles (add_int_sfpu.h, sub_int_sfpu.h, mul_int_sfpu.h,
// binary_bitwise_sfpu.h, binary_shift.h): the SDK's data_format template selects the load mode;
// the simulator models Int32 and UInt32 (src/sim/numerics/integer.cc) ----
namespace ttsim_detail {
constexpr bool int32_format(DataFormat f) {
  return f == DataFormat::Int32 || f == DataFormat::UInt32;
}
}  // namespace ttsim_detail
ALWI void add_int_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void sub_int_tile_init() { ttsim_detail::sfpu_init(); }
template <DataFormat F>
ALWI void mul_int_tile_init() {
  ttsim_detail::sfpu_init();
}
ALWI void binary_bitwise_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void binary_shift_tile_init() { ttsim_detail::sfpu_init(); }
// Spelled out (not a macro) so scripts/api_coverage.py reads each call's format limit.
template <DataFormat F>
ALWI void add_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  TTSIM_REQUIRE(ttsim_detail::int32_format(F), "add_int_tile",
                "a data format other than Int32 or UInt32 (UInt16 is not modelled)");
  ttsim_sfpu_binary_to(ttsim_detail::kBAddInt, idst0, idst1, odst);
}
template <DataFormat F>
ALWI void sub_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  TTSIM_REQUIRE(ttsim_detail::int32_format(F), "sub_int_tile",
                "a data format other than Int32 or UInt32 (UInt16 is not modelled)");
  ttsim_sfpu_binary_to(ttsim_detail::kBSubInt, idst0, idst1, odst);
}
template <DataFormat F>
ALWI void mul_int_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  TTSIM_REQUIRE(ttsim_detail::int32_format(F), "mul_int_tile",
                "a data format other than Int32 or UInt32 (UInt16 is not modelled)");
  ttsim_sfpu_binary_to(ttsim_detail::kBMulInt, idst0, idst1, odst);
}
template <DataFormat F>
ALWI void bitwise_and_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  TTSIM_REQUIRE(ttsim_detail::int32_format(F), "bitwise_and_binary_tile",
                "a data format other than Int32 or UInt32 (UInt16 is not modelled)");
  ttsim_sfpu_binary_to(ttsim_detail::kBBitAnd, idst0, idst1, odst);
}
template <DataFormat F>
ALWI void bitwise_or_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  TTSIM_REQUIRE(ttsim_detail::int32_format(F), "bitwise_or_binary_tile",
                "a data format other than Int32 or UInt32 (UInt16 is not modelled)");
  ttsim_sfpu_binary_to(ttsim_detail::kBBitOr, idst0, idst1, odst);
}
template <DataFormat F>
ALWI void bitwise_xor_binary_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  TTSIM_REQUIRE(ttsim_detail::int32_format(F), "bitwise_xor_binary_tile",
                "a data format other than Int32 or UInt32 (UInt16 is not modelled)");
  ttsim_sfpu_binary_to(ttsim_detail::kBBitXor, idst0, idst1, odst);
}
template <DataFormat F>
ALWI void binary_left_shift_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  TTSIM_REQUIRE(ttsim_detail::int32_format(F), "binary_left_shift_tile",
                "a data format other than Int32 or UInt32 (UInt16 is not modelled)");
  ttsim_sfpu_binary_to(ttsim_detail::kBShl, idst0, idst1, odst);
}
template <DataFormat F>
ALWI void binary_logical_right_shift_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  TTSIM_REQUIRE(ttsim_detail::int32_format(F), "binary_logical_right_shift_tile",
                "a data format other than Int32 or UInt32 (UInt16 is not modelled)");
  ttsim_sfpu_binary_to(ttsim_detail::kBLogicalShr, idst0, idst1, odst);
}
// An arithmetic shift for Int32, a logical one for UInt32.
template <DataFormat F>
ALWI void binary_right_shift_tile(uint32_t idst0, uint32_t idst1, uint32_t odst) {
  TTSIM_REQUIRE(ttsim_detail::int32_format(F), "binary_right_shift_tile",
                "a data format other than Int32 or UInt32 (UInt16 is not modelled)");
  ttsim_sfpu_binary_to(F == DataFormat::UInt32 ? ttsim_detail::kBLogicalShr : ttsim_detail::kBShr,
                       idst0, idst1, odst);
}

// ---- eltwise_unary/typecast.h: IN_DTYPE, OUT_DTYPE are tt::DataFormat values ----
template <uint32_t IN_DTYPE, uint32_t OUT_DTYPE>
ALWI void typecast_tile_init() {
  ttsim_detail::sfpu_init();
}
namespace ttsim_detail {
// The formats the simulator's typecast models (src/sim/numerics/integer.cc).
constexpr bool typecast_format(uint32_t f) {
  return f == (uint32_t)DataFormat::Float32 || f == (uint32_t)DataFormat::Float16_b ||
         f == (uint32_t)DataFormat::Int32 || f == (uint32_t)DataFormat::UInt32;
}
}  // namespace ttsim_detail
template <uint32_t IN_DTYPE, uint32_t OUT_DTYPE>
ALWI void typecast_tile(uint32_t idst) {
  TTSIM_REQUIRE(ttsim_detail::typecast_format(IN_DTYPE) && ttsim_detail::typecast_format(OUT_DTYPE),
                "typecast_tile",
                "formats other than Float32, Float16_b, Int32 and UInt32 (UInt16, UInt8 and the "
                "block-float formats are not modelled)");
  ttsim_detail::sfpu(ttsim_detail::kTypecast, idst, IN_DTYPE | (OUT_DTYPE << 8));
}

// Legacy max_tile/min_tile (compute_kernel_api.h): dst[idst0] = max(dst[idst0], dst[idst1]).
ALWI void max_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void max_tile(uint32_t idst0, uint32_t idst1, int vector_mode = (int)VectorMode::RC) {
  ttsim_detail::check_vector_mode(vector_mode, "max_tile");
  ttsim_sfpu_binary_to(ttsim_detail::kBMax, idst0, idst1, idst0);
}
ALWI void min_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void min_tile(uint32_t idst0, uint32_t idst1, int vector_mode = (int)VectorMode::RC) {
  ttsim_detail::check_vector_mode(vector_mode, "min_tile");
  ttsim_sfpu_binary_to(ttsim_detail::kBMin, idst0, idst1, idst0);
}

// ---- per-op headers' element-wise functions (trigonometry.h, erf_erfc.h, log1p.h, rounding.h,
// comp.h, isinf_isnan.h, activations.h, cbrt.h, identity.h, elu.h, hardtanh.h, selu.h and
// compute_kernel_api.h); params are fp32 bits ----
// The rows of the SFPU table marked with a common SDK signature (TLTT_SFPU_UNARY_SDK): their
// wrappers come from the table, so adding such a function adds no line here.
#define TTSIM_SFPU_WRAPPER_0(name, op)                        \
  ALWI void name##_tile_init() { ttsim_detail::sfpu_init(); } \
  ALWI void name##_tile(uint32_t idst) { ttsim_detail::sfpu(op, idst); }
#define TTSIM_SFPU_WRAPPER_1(name, op)                        \
  ALWI void name##_tile_init() { ttsim_detail::sfpu_init(); } \
  ALWI void name##_tile(uint32_t idst, uint32_t param0) { ttsim_detail::sfpu(op, idst, param0); }
#define TLTT_SFPU_UNARY_SDK(Id, tilelang, tile_op, metalium, instructions, params) \
  TTSIM_SFPU_WRAPPER_##params(metalium, ttsim_detail::k##Id)
#include "ttsim/sfpu_functions.def"
#undef TTSIM_SFPU_WRAPPER_0
#undef TTSIM_SFPU_WRAPPER_1
// The approximation flags select nothing here: results are the libm functions in both modes.
template <bool fast_and_approx = true>
ALWI void erf_tile_init() {
  ttsim_detail::sfpu_init();
}
template <bool fast_and_approx = true>
ALWI void erf_tile(uint32_t idst) {
  ttsim_detail::sfpu(ttsim_detail::kErf, idst);
}
template <bool fast_and_approx = true>
ALWI void erfc_tile_init() {
  ttsim_detail::sfpu_init();
}
template <bool fast_and_approx = true>
ALWI void erfc_tile(uint32_t idst) {
  ttsim_detail::sfpu(ttsim_detail::kErfc, idst);
}
template <bool fast_and_approx = false>
ALWI void log1p_tile_init() {
  ttsim_detail::sfpu_init();
}
template <bool fast_and_approx = false>
ALWI void log1p_tile(uint32_t idst) {
  ttsim_detail::sfpu(ttsim_detail::kLog1p, idst);
}
template <bool approx = false>
ALWI void expm1_tile_init() {
  ttsim_detail::sfpu_init();
}
template <bool approx = false>
ALWI void expm1_tile(uint32_t idst) {
  ttsim_detail::sfpu(ttsim_detail::kExpm1, idst);
}
ALWI void rounding_op_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void floor_tile(uint32_t idst) { ttsim_detail::sfpu(ttsim_detail::kFloor, idst); }
ALWI void ceil_tile(uint32_t idst) { ttsim_detail::sfpu(ttsim_detail::kCeil, idst); }
ALWI void trunc_tile(uint32_t idst) { ttsim_detail::sfpu(ttsim_detail::kTrunc, idst); }
ALWI void frac_tile(uint32_t idst) { ttsim_detail::sfpu(ttsim_detail::kFrac, idst); }
// hardtanh: clamp to [param0, param1]; selu: param0 * elu(x, param1).
ALWI void hardtanh_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void hardtanh_tile(uint32_t idst, uint32_t param0, uint32_t param1) {
  ttsim_detail::sfpu(ttsim_detail::kUnaryMax, idst, param0);
  ttsim_detail::sfpu(ttsim_detail::kUnaryMin, idst, param1);
}
ALWI void selu_tile_init() { ttsim_detail::sfpu_init(); }
ALWI void selu_tile(uint32_t idst, uint32_t param0, uint32_t param1) {
  ttsim_detail::sfpu(ttsim_detail::kElu, idst, param1);
  ttsim_detail::sfpu(ttsim_detail::kMulScalar, idst, param0);
}

}  // namespace ckernel
