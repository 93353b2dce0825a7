// Rounding of reference values to IR dtypes, and reference tensors.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "reference/reference.h"
#include "sim/numerics/numerics.h"

namespace tltt::reference {

Tensor Tensor::zeros(ir::DataType dtype, std::vector<int64_t> shape) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.data.assign(static_cast<size_t>(t.numel()), 0.0);
  return t;
}

int64_t Tensor::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) {
    n *= d;
  }
  return n;
}

namespace {
double wrap_int(double v, int bits, bool is_signed) {
  if (std::isnan(v)) {
    return 0;
  }
  double t = std::trunc(v);
  if (bits >= 64) {
    return t;
  }
  // Two's-complement wrap; doubles hold exact integers up to 2^53, beyond any index here.
  const double span = std::ldexp(1.0, bits);
  double m = std::fmod(t, span);
  if (m < 0) {
    m += span;
  }
  if (is_signed && m >= span / 2) {
    m -= span;
  }
  return m;
}

// Largest finite value of an 8-bit float format: the top exponent is reserved (IEEE), holds
// every mantissa but all-ones (fn, whose all-ones pattern is NaN), or holds them all (fnuz).
double fp8_max(const ir::Float8Spec& f) {
  const int top = (1 << f.exp_bits) - 1;
  switch (f.specials) {
    case ir::Float8Spec::Specials::kIeee:
      return std::ldexp(2.0 - std::ldexp(1.0, -f.man_bits), top - 1 - f.bias);
    case ir::Float8Spec::Specials::kFn:
      return std::ldexp(2.0 - std::ldexp(1.0, 1 - f.man_bits), top - f.bias);
    case ir::Float8Spec::Specials::kFnuz:
      break;
  }
  return std::ldexp(2.0 - std::ldexp(1.0, -f.man_bits), top - f.bias);
}

uint8_t fp8_nan(const ir::Float8Spec& f) {
  return f.specials == ir::Float8Spec::Specials::kFnuz ? 0x80 : 0x7f;
}

uint8_t float_to_fp8(const ir::Float8Spec& f, double v) {
  if (std::isnan(v)) {
    return fp8_nan(f);
  }
  const uint8_t sign = std::signbit(v) ? 0x80 : 0;
  const int top = (1 << f.exp_bits) - 1;
  double a = std::fabs(v);
  if (std::isinf(a)) {
    return f.specials == ir::Float8Spec::Specials::kIeee
               ? static_cast<uint8_t>(sign | (top << f.man_bits))
               : fp8_nan(f);
  }
  // Round to the grid of a's binade (subnormal spacing below the smallest normal), ties to even.
  const int emin = 1 - f.bias;
  int e = 0;
  std::frexp(a, &e);
  const double quantum = std::ldexp(1.0, std::max(e - 1, emin) - f.man_bits);
  double r = a / quantum;
  double fl = std::floor(r);
  double diff = r - fl;
  r = diff > 0.5 || (diff == 0.5 && std::fmod(fl, 2.0) != 0) ? fl + 1 : fl;
  a = std::min(r * quantum, fp8_max(f));
  if (a == 0) {
    return f.specials == ir::Float8Spec::Specials::kFnuz ? 0 : sign;
  }
  std::frexp(a, &e);
  int exp_field = 0;
  int mant = 0;
  if (e - 1 < emin) {
    mant = static_cast<int>(a / std::ldexp(1.0, emin - f.man_bits));
  } else {
    exp_field = e - 1 + f.bias;
    mant = static_cast<int>(a / std::ldexp(1.0, e - 1 - f.man_bits)) - (1 << f.man_bits);
  }
  return static_cast<uint8_t>(sign | (exp_field << f.man_bits) | mant);
}

double fp8_to_float(const ir::Float8Spec& f, uint8_t bits) {
  const int top = (1 << f.exp_bits) - 1;
  const int exp_field = (bits & 0x7f) >> f.man_bits;
  const int mant = bits & ((1 << f.man_bits) - 1);
  const double sign = bits & 0x80 ? -1.0 : 1.0;
  switch (f.specials) {
    case ir::Float8Spec::Specials::kFnuz:
      if (bits == 0x80) {
        return std::numeric_limits<double>::quiet_NaN();
      }
      break;
    case ir::Float8Spec::Specials::kFn:
      if ((bits & 0x7f) == 0x7f) {
        return std::numeric_limits<double>::quiet_NaN();
      }
      break;
    case ir::Float8Spec::Specials::kIeee:
      if (exp_field == top) {
        return mant ? std::numeric_limits<double>::quiet_NaN()
                    : sign * std::numeric_limits<double>::infinity();
      }
      break;
  }
  if (exp_field == 0) {
    return sign * std::ldexp(mant, 1 - f.bias - f.man_bits);
  }
  return sign * std::ldexp((1 << f.man_bits) + mant, exp_field - f.bias - f.man_bits);
}

}  // namespace

bool is_fp8(ir::DataType dtype) { return dtype.float8_spec().has_value(); }
uint8_t encode_fp8(ir::DataType dtype, double v) { return float_to_fp8(*dtype.float8_spec(), v); }
double decode_fp8(ir::DataType dtype, uint8_t bits) {
  return fp8_to_float(*dtype.float8_spec(), bits);
}

double round_to_dtype(ir::DataType dtype, double v) {
  using Code = ir::DataType::Code;
  switch (dtype.code()) {
    case Code::kBFloat:
      return ttsim::num::bf16_to_float(ttsim::num::float_to_bf16(static_cast<float>(v)));
    case Code::kFloat:
      if (dtype.bits() == 16) {
        return ttsim::num::fp16_to_float(ttsim::num::float_to_fp16(static_cast<float>(v)));
      }
      if (dtype.bits() == 32) {
        return static_cast<double>(static_cast<float>(v));
      }
      return v;
    case Code::kInt:
      return wrap_int(v, dtype.bits(), true);
    case Code::kUInt:
      return wrap_int(v, dtype.bits(), false);
    case Code::kBool:
      return v != 0 ? 1.0 : 0.0;
    case Code::kTFloat:  // stored and computed as float32 (docs/formats.md)
      return static_cast<double>(static_cast<float>(v));
    default:
      return is_fp8(dtype) ? decode_fp8(dtype, encode_fp8(dtype, v)) : v;
  }
}

}  // namespace tltt::reference
