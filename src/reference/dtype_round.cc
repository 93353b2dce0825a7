// Rounding of reference values to IR dtypes, and reference tensors.
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

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
std::optional<ttsim::num::Fp8Format> fp8_format(ir::DataType dtype) {
  auto spec = dtype.float8_spec();
  if (!spec) {
    return std::nullopt;
  }
  using S = ttsim::num::Fp8Format::Specials;
  S specials = spec->specials == ir::Float8Spec::Specials::kIeee ? S::kIeee
               : spec->specials == ir::Float8Spec::Specials::kFn ? S::kFn
                                                                 : S::kFnuz;
  return ttsim::num::Fp8Format{spec->exp_bits, spec->man_bits, spec->bias, specials};
}
}  // namespace

bool is_fp8(ir::DataType dtype) { return fp8_format(dtype).has_value(); }
uint8_t encode_fp8(ir::DataType dtype, double v) {
  return ttsim::num::float_to_fp8(*fp8_format(dtype), v);
}
double decode_fp8(ir::DataType dtype, uint8_t bits) {
  return ttsim::num::fp8_to_float(*fp8_format(dtype), bits);
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
