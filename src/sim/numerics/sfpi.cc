// Lane arithmetic of SFPI vector code (sim/include/sfpi.h): the SFPU's FP32 multiply-add and the
// conversions of SFPSTORE into a 16-bit DST, following the instruction descriptions of the
// Tenstorrent ISA documentation (WormholeB0 / BlackholeA0 SFPMAD, SFPSTORE).
//
// SFPMAD (d = a * b + c, every SFPI add, subtract and multiply):
//  - denormal inputs are read as zero of the same sign;
//  - one rounding, to nearest-even;
//  - a product that on its own overflows FP32 gives infinity, one that on its own underflows
//    below the smallest normal counts as exactly zero;
//  - a denormal result is flushed to zero: positive zero on Wormhole, which also turns every zero
//    result into +0; signed zero on Blackhole.
// The hardware keeps the product to 27 bits with a sticky bit before the add rather than exactly
// (a "partially fused" MAD), so when a nonzero addend is far below the product the last bit can
// differ from the exactly fused result computed here; add (b = 1) and multiply (c = 0) are exact.
//
// SFPSTORE into a 16-bit DST truncates the mantissa toward zero and flushes denormals to signed
// zero (bf16); fp16 also saturates large magnitudes (DST's fp16 keeps exponent 31 finite).
#include <bit>
#include <cfloat>
#include <cmath>

#include "sim/numerics/numerics.h"

namespace ttsim::num {

namespace {

bool is_denormal(uint32_t bits) { return (bits & 0x7f800000u) == 0 && (bits & 0x007fffffu) != 0; }

float read_ftz(uint32_t bits) {
  return std::bit_cast<float>(is_denormal(bits) ? bits & 0x80000000u : bits);
}

}  // namespace

uint32_t sfpu_mad(bool blackhole, uint32_t a_bits, uint32_t b_bits, uint32_t c_bits) {
  const float a = read_ftz(a_bits);
  const float b = read_ftz(b_bits);
  const float c = read_ftz(c_bits);
  float d;
  const double p = static_cast<double>(a) * static_cast<double>(b);  // exact: 48-bit mantissa
  if (std::isfinite(p) && std::fabs(p) > FLT_MAX && std::isfinite(c)) {
    d = std::copysign(INFINITY, static_cast<float>(p));  // the product alone overflows
  } else if (p != 0.0 && std::fabs(p) < FLT_MIN) {
    d = c + std::copysign(0.0f, static_cast<float>(p));  // the product alone underflows
  } else {
    d = std::fma(a, b, c);
  }
  uint32_t bits = std::bit_cast<uint32_t>(d);
  if (is_denormal(bits)) {
    bits &= 0x80000000u;
  }
  if (!blackhole && (bits & 0x7fffffffu) == 0) {
    bits = 0;
  }
  return bits;
}

float sfpu_store(const MathConfig& cfg, uint32_t bits) {
  if (cfg.fp32_dest_acc) {
    return std::bit_cast<float>(bits);
  }
  const uint32_t sign = bits & 0x80000000u;
  if ((bits & 0x7f800000u) == 0) {
    return std::bit_cast<float>(sign);  // denormals flush to signed zero
  }
  if (cfg.dst16_format == DataFormat::Float16) {
    const int exp = static_cast<int>((bits >> 23) & 0xff) - 112;  // fp16's biased exponent
    if (exp <= 0) {
      return std::bit_cast<float>(sign);
    }
    if (exp > 31) {
      // Saturates to exponent 31 with a full mantissa: DST's fp16 has no Inf, so exponent 31
      // holds finite values up to 131008.
      return std::copysign(131008.0f, std::bit_cast<float>(bits));
    }
    return std::bit_cast<float>(bits & 0xffffe000u);  // 10 mantissa bits, truncated
  }
  return std::bit_cast<float>(bits & 0xffff0000u);  // bf16: 7 mantissa bits, truncated
}

}  // namespace ttsim::num
