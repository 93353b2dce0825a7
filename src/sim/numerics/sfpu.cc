// SFPU tile math: unary and binary element-wise functions on DST tiles, computed per lane in
// fp32 (the SFPU's lane width) with the C library's float functions, then rounded to DST.
//
// Approx mode (math_approx_mode, or gelu's own fast_and_approx flag): gelu changes to the
// tanh approximation the SDK's fast_and_approx gelu computes. The exponentials are separate ops
// per mode (sfpu_functions.def) and compute what the SDK's kernels compute: exp2_tile and
// exp_tile<true, false> the piecewise 7.3 fixed-point approximation, exp_tile<true> the
// SFPLOADMACRO one (bit for bit if the SFPU's MAD rounds like fmaf), exp_tile<false> libm's
// exp (the SDK's series and Newton reciprocal agree with it to about fp32 precision). Every
// other function gives the libm result in both modes. Special values follow IEEE/libm: recip(0) =
// +-Inf, log(0) = -Inf, sqrt(<0) = NaN.
#include <bit>
#include <cmath>
#include <limits>

#include "sim/numerics/numerics.h"

namespace ttsim::num {

namespace {

float param_float(uint32_t param) { return std::bit_cast<float>(param); }

float int_power(float x, uint32_t n) {
  float r = 1.0f;
  float b = x;
  while (n) {  // square-and-multiply: what an SFPU power loop does with an integer exponent
    if (n & 1) {
      r *= b;
    }
    b *= b;
    n >>= 1;
  }
  return r;
}

// Comparisons and predicates produce 1.0 or 0.0, as the SDK's do.
float pred(bool b) { return b ? 1.0f : 0.0f; }

// exp_tile<true, false>'s approximation (tt-llk _calculate_exponential_piecewise_ with
// APPROXIMATION_MODE): x log2(e) + 192 in fp32 (one MAD) keeps w = x log2(e) in 16 fraction bits
// of its mantissa; adding bf16(0xBD3F)'s bits as an integer leaves (w + 127) * 2^16, and a shift
// by 7 moves it into the exponent: 2^floor(w) * (1 + frac(w)), at most 6.2% above exp(x).
// Saturates to +inf from 89 and to 0 below -42; between 44.4 and 89 the bits overflow as on
// silicon.
float exp_piecewise(float x) {
  if (x >= 89.0f) {
    return std::numeric_limits<float>::infinity();
  }
  if (x < -42.0f) {
    return 0.0f;
  }
  const float v = std::fmaf(x, 1.442695f, 192.0f);
  const uint32_t bits = (std::bit_cast<uint32_t>(v) + 0xBD3F0000u) << 7;
  return std::bit_cast<float>(bits);
}

// exp_tile<true> (fast_and_approx, tt-llk's SFPLOADMACRO sequence, init scale 1.0): Schraudolph's
// exponential with bf16 precision. x is clamped from below at -86.6; one MAD computes
// t = A x + (B - C) with A = 2^8 / ln(2), B - C = 127 * 2^8 - 11.2 (the adjustment that centres
// the error) + 1.5 * 2^24, so that t's mantissa holds 2^7 (w + 127) - 5.6 rounded to an integer
// (w = x log2(e)); shifting t's bits left by 16 puts it in the exponent and 7 mantissa bits.
// Within about 3.5% of exp(x); from about 88.7 up the integer overflows its 16 bits as on
// silicon.
// With exp_tile_init's scale s (param, fp32 bits; 0 for none) the init multiplies the MAD's
// factor by s and the clamp bounds x * s: exp(x * s) in the same single MAD.
float exp_fast(float x, uint32_t param = 0) {
  const float s = param ? std::bit_cast<float>(param) : 1.0f;
  const float a = 369.329925537109375f * s;
  const float b_minus_c = 32500.818359375f + 12582912.0f * 2.0f;
  const float y = std::fmax(x, -86.6f / s);
  const float t = std::fmaf(a, y, b_minus_c);
  return std::bit_cast<float>(std::bit_cast<uint32_t>(t) << 16);
}

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

float gelu(float x, bool approx) {
  if (approx) {
    const float k = 0.7978845608028654f;  // sqrt(2/pi)
    return 0.5f * x * (1.0f + std::tanh(k * (x + 0.044715f * x * x * x)));
  }
  return 0.5f * x * (1.0f + std::erf(x * 0.7071067811865476f));
}

float unary(const MathConfig& cfg, SfpuOp op, float x, uint32_t param) {
  switch (op) {
    case SfpuOp::Exp:
      return std::exp(x);
    case SfpuOp::Exp2:  // exp2_tile: x * ln(2), then the piecewise approximation
      return exp_piecewise(x * 0.6931471805f);
    case SfpuOp::ExpApprox:
      return exp_piecewise(x);
    case SfpuOp::ExpFast:
      return exp_fast(x, param);
    case SfpuOp::Log:
      return std::log(x);
    case SfpuOp::Log2:
      return std::log2(x);
    case SfpuOp::Sqrt:
      return std::sqrt(x);
    case SfpuOp::Rsqrt:
      return 1.0f / std::sqrt(x);
    case SfpuOp::Recip:
      return 1.0f / x;
    case SfpuOp::Relu:
      return x > 0.0f ? x : 0.0f;
    case SfpuOp::ReluMin:
      return x < param_float(param) ? 0.0f : x;  // zero below the threshold
    case SfpuOp::ReluMax: {                      // relu clamped above: min(max(x, 0), limit)
      float lim = param_float(param);
      float v = x > 0.0f ? x : 0.0f;
      return v > lim ? lim : v;
    }
    case SfpuOp::LeakyRelu:
      return x < 0.0f ? x * param_float(param) : x;
    case SfpuOp::Gelu:
      return gelu(x, cfg.approx || param != 0);
    case SfpuOp::Sigmoid:
      return sigmoid(x);
    case SfpuOp::Tanh:
      return std::tanh(x);
    case SfpuOp::Abs:
      return std::fabs(x);
    case SfpuOp::Neg:
      return -x;
    case SfpuOp::Square:
      return x * x;
    case SfpuOp::Power:
      return param < 0x00800000u ? int_power(x, param) : std::pow(x, param_float(param));
    case SfpuOp::Fill:
      return param_float(param);
    case SfpuOp::Silu:
      return x * sigmoid(x);
    case SfpuOp::AddScalar:
      return x + param_float(param);
    case SfpuOp::SubScalar:
      return x - param_float(param);
    case SfpuOp::MulScalar:
      return x * param_float(param);
    case SfpuOp::DivScalar:
      return x / param_float(param);
    case SfpuOp::RsubScalar:
      return param_float(param) - x;
    case SfpuOp::Sin:
      return std::sin(x);
    case SfpuOp::Cos:
      return std::cos(x);
    case SfpuOp::Tan:
      return std::tan(x);
    case SfpuOp::Asin:
      return std::asin(x);
    case SfpuOp::Acos:
      return std::acos(x);
    case SfpuOp::Atan:
      return std::atan(x);
    case SfpuOp::Sinh:
      return std::sinh(x);
    case SfpuOp::Cosh:
      return std::cosh(x);
    case SfpuOp::Asinh:
      return std::asinh(x);
    case SfpuOp::Acosh:
      return std::acosh(x);
    case SfpuOp::Atanh:
      return std::atanh(x);
    case SfpuOp::Expm1:
      return std::expm1(x);
    case SfpuOp::Log1p:
      return std::log1p(x);
    case SfpuOp::Erf:
      return std::erf(x);
    case SfpuOp::Erfc:
      return std::erfc(x);
    case SfpuOp::Floor:
      return std::floor(x);
    case SfpuOp::Ceil:
      return std::ceil(x);
    case SfpuOp::Trunc:
      return std::trunc(x);
    case SfpuOp::Frac:
      return x - std::trunc(x);
    case SfpuOp::Sign:
      return x > 0.0f ? 1.0f : x < 0.0f ? -1.0f : 0.0f;
    case SfpuOp::Signbit:
      return std::signbit(x) ? 1.0f : 0.0f;
    case SfpuOp::Softsign:
      return x / (1.0f + std::fabs(x));
    case SfpuOp::Hardsigmoid:
      return std::fmin(1.0f, std::fmax(0.0f, x / 6.0f + 0.5f));
    case SfpuOp::Cbrt:
      return std::cbrt(x);
    case SfpuOp::Isinf:
      return pred(std::isinf(x));
    case SfpuOp::Isposinf:
      return pred(std::isinf(x) && x > 0.0f);
    case SfpuOp::Isneginf:
      return pred(std::isinf(x) && x < 0.0f);
    case SfpuOp::Isnan:
      return pred(std::isnan(x));
    case SfpuOp::Isfinite:
      return pred(std::isfinite(x));
    case SfpuOp::Gtz:
      return pred(x > 0.0f);
    case SfpuOp::Ltz:
      return pred(x < 0.0f);
    case SfpuOp::Gez:
      return pred(x >= 0.0f);
    case SfpuOp::Lez:
      return pred(x <= 0.0f);
    case SfpuOp::Eqz:
      return pred(x == 0.0f);
    case SfpuOp::Nez:
      return pred(x != 0.0f);
    case SfpuOp::Identity:
      return x;
    case SfpuOp::Elu:
      return x > 0.0f ? x : param_float(param) * std::expm1(x);
    case SfpuOp::Heaviside:
      return x < 0.0f ? 0.0f : x > 0.0f ? 1.0f : param_float(param);
    case SfpuOp::UnaryGt:
      return pred(x > param_float(param));
    case SfpuOp::UnaryLt:
      return pred(x < param_float(param));
    case SfpuOp::UnaryGe:
      return pred(x >= param_float(param));
    case SfpuOp::UnaryLe:
      return pred(x <= param_float(param));
    case SfpuOp::UnaryEq:
      return pred(x == param_float(param));
    case SfpuOp::UnaryNe:
      return pred(x != param_float(param));
    case SfpuOp::UnaryMax:
      return std::fmax(x, param_float(param));
    case SfpuOp::UnaryMin:
      return std::fmin(x, param_float(param));
    case SfpuOp::Typecast:  // sfpu_typecast (integer.cc)
      return x;
  }
  return x;
}

}  // namespace

void sfpu_unary(const MathConfig& cfg, SfpuOp op, float* dst, uint32_t param) {
  if (op == SfpuOp::Typecast) {
    sfpu_typecast(cfg, param, dst);
    return;
  }
  for (int i = 0; i < kTileElems; ++i) {
    dst[i] = dst_round(cfg, unary(cfg, op, dst[i], param));
  }
}

void sfpu_binary(const MathConfig& cfg, SfpuBinaryOp op, float* dst_a, const float* dst_b) {
  if (is_integer_binary(op)) {
    sfpu_int_binary(op, dst_a, dst_b);
    return;
  }
  for (int i = 0; i < kTileElems; ++i) {
    float x = dst_a[i];
    float y = dst_b[i];
    float v = x;
    switch (op) {
      case SfpuBinaryOp::Max:
        v = x > y ? x : y;
        break;
      case SfpuBinaryOp::Min:
        v = x < y ? x : y;
        break;
      case SfpuBinaryOp::Add:
        v = x + y;
        break;
      case SfpuBinaryOp::Sub:
        v = x - y;
        break;
      case SfpuBinaryOp::Mul:
        v = x * y;
        break;
      case SfpuBinaryOp::Div:
        v = x / y;
        break;
      case SfpuBinaryOp::Power:
        v = std::pow(x, y);
        break;
      default:  // the integer ops (sfpu_int_binary)
        break;
    }
    dst_a[i] = dst_round(cfg, v);
  }
}

}  // namespace ttsim::num
