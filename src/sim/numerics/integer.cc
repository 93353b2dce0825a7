// Integer numerics of the SFPU: the integer ops between DST tiles (add_int_tile, mul_int_tile,
// bitwise_*_binary_tile, binary_*_shift_tile) and typecast_tile between float and integer
// formats, as bit-exact functions of the 32-bit patterns DST holds. In 32-bit mode
// (fp32_dest_acc_en) a DST element of an Int32/UInt32 tile is the integer's two's-complement bits;
// the simulator keeps them in the tile's float slot unchanged (memcpy, never arithmetic on the
// float).
#include <cmath>
#include <cstring>
#include <limits>

#include "sim/numerics/numerics.h"

namespace ttsim::num {

namespace {
uint32_t bits_of(float v) {
  uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}
float float_of(uint32_t u) {
  float v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}
// Rounds a magnitude below 2^32 to `mbits` significant bits, to nearest, ties to even (the
// SFPU's SFPCAST / SFP_STOCH_RND in round-to-nearest mode).
double round_significant(uint64_t mag, int mbits) {
  if (mag == 0) {
    return 0.0;
  }
  int top = 63 - __builtin_clzll(mag);
  int drop = top + 1 - mbits;
  if (drop <= 0) {
    return static_cast<double>(mag);
  }
  uint64_t q = mag >> drop, rem = mag & ((uint64_t{1} << drop) - 1),
           half = uint64_t{1} << (drop - 1);
  if (rem > half || (rem == half && (q & 1))) {
    ++q;
  }
  return std::ldexp(static_cast<double>(q), drop);
}
}  // namespace

bool is_integer_binary(SfpuBinaryOp op) { return op >= SfpuBinaryOp::AddInt; }

uint32_t int_binary(SfpuBinaryOp op, uint32_t a, uint32_t b) {
  int32_t sa = static_cast<int32_t>(a);
  switch (op) {
    case SfpuBinaryOp::AddInt:
      return a + b;  // modulo 2^32, as the SFPU's integer add
    case SfpuBinaryOp::SubInt:
      return a - b;
    case SfpuBinaryOp::MulInt:
      return a * b;  // the low 32 bits, signed or not
    case SfpuBinaryOp::BitAnd:
      return a & b;
    case SfpuBinaryOp::BitOr:
      return a | b;
    case SfpuBinaryOp::BitXor:
      return a ^ b;
    case SfpuBinaryOp::Shl:
      return b < 32 ? a << b : 0u;
    case SfpuBinaryOp::Shr:
      return b < 32 ? static_cast<uint32_t>(sa >> b) : (sa < 0 ? 0xffffffffu : 0u);
    case SfpuBinaryOp::LogicalShr:
      return b < 32 ? a >> b : 0u;
    default:
      return a;
  }
}

uint32_t typecast_bits(DataFormat in, DataFormat out, uint32_t bits) {
  bool in_int = in == DataFormat::Int32 || in == DataFormat::UInt32;
  bool out_int = out == DataFormat::Int32 || out == DataFormat::UInt32;
  if (!in_int && out_int) {
    // Float to integer: toward zero; beyond the range (and NaN, whose exponent is past it)
    // saturates to the format's limit by sign, as the SFPU conversion clamps the exponent.
    float f = float_of(bits);
    bool neg = (bits >> 31) != 0;
    if (out == DataFormat::Int32) {
      if (std::isnan(f) || std::fabs(f) >= 2147483648.0f) {
        return neg ? 0x80000000u : 0x7fffffffu;
      }
      return static_cast<uint32_t>(static_cast<int32_t>(std::trunc(f)));
    }
    if (neg) {
      return 0u;  // negatives (and negative NaNs) clamp to 0
    }
    return std::isnan(f) || f >= 4294967296.0f ? 0xffffffffu : static_cast<uint32_t>(std::trunc(f));
  }
  if (in_int && !out_int) {
    // Integer to float: rounded to the output's significand (24 bits for Float32, 8 for
    // Float16_b), to nearest, ties to even, in one step.
    bool neg = in == DataFormat::Int32 && static_cast<int32_t>(bits) < 0;
    uint64_t mag = neg ? uint64_t{0x100000000ull} - bits : bits;
    double v = round_significant(mag, out == DataFormat::Float16_b ? 8 : 24);
    return bits_of(static_cast<float>(neg ? -v : v));
  }
  return bits;  // same kind: DST already holds the value (the packer rounds floats)
}

void sfpu_int_binary(SfpuBinaryOp op, float* dst_a, const float* dst_b) {
  for (int i = 0; i < kTileElems; ++i) {
    dst_a[i] = float_of(int_binary(op, bits_of(dst_a[i]), bits_of(dst_b[i])));
  }
}

void sfpu_typecast(const MathConfig& cfg, uint32_t param, float* dst) {
  auto in = static_cast<DataFormat>(param & 0xff);
  auto out = static_cast<DataFormat>((param >> 8) & 0xff);
  bool out_int = out == DataFormat::Int32 || out == DataFormat::UInt32;
  for (int i = 0; i < kTileElems; ++i) {
    float v = float_of(typecast_bits(in, out, bits_of(dst[i])));
    dst[i] = out_int ? v : dst_round(cfg, v);
  }
}

}  // namespace ttsim::num
