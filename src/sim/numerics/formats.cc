// Bit-exact tile formats: scalar float <-> bf16/fp16 conversions and whole-tile pack/unpack for
// Float32, Float16, Float16_b, Bfp8_b and Bfp4_b in the 32x32 four-face layout.
//
// Rounding model (what the simulated packer does; a modelling choice where the public hardware
// documentation is silent, kept in this one file):
//  * Float16_b (bf16): round-to-nearest-even on the 16 dropped mantissa bits. Overflow rounds to
//    +-Inf. Inf passes through. NaN stays NaN: the top 7 payload bits are kept and the quiet bit
//    is forced, so a NaN never turns into Inf. fp32 denormals are rounded like any other value
//    (bf16 has fp32's exponent range, so they stay bf16 denormals or become zero).
//  * Float16 (IEEE half): IEEE round-to-nearest-even including fp16 denormals (gradual
//    underflow), overflow to +-Inf, NaN kept quiet with the top 10 payload bits. This is exactly
//    what g++'s `_Float16` conversion does, which the tests use as the oracle.
//  * Bfp8_b / Bfp4_b: each face row (16 consecutive datums in tile order) shares one 8-bit
//    exponent. The shared exponent is the largest biased exponent among the row's finite, normal
//    values (0 for an all-zero row). Each datum's magnitude is its full mantissa (hidden bit
//    included) shifted right by (shared - own exponent) and rounded to nearest-even to 7 bits
//    (Bfp8_b) or 3 bits (Bfp4_b); a value that rounds past the largest magnitude (only possible
//    for the row's largest element) saturates at 127 / 7 instead of bumping the shared exponent.
//    fp32 denormal inputs are flushed to zero. A datum whose magnitude rounds to zero is stored
//    as +0 (sign cleared), because sign=1/mag=0 decodes as -Inf. If the row holds an Inf or NaN
//    the shared exponent becomes 255: Inf is stored as magnitude 2^(bits-1) (decodes to Inf),
//    NaN as the all-ones magnitude (decodes to NaN), and the row's finite values flush to zero.
//  * Layout: exponents first, one byte per face row in tile order (64 bytes, already a multiple
//    of the 16-byte padding), then the datums in tile order: Bfp8_b one byte each (sign<<7|mag),
//    Bfp4_b two per byte (sign<<3|mag), the even datum in the low nibble.
// Unpacking is exact: every datum of these formats is representable as an fp32 value.
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/numerics/numerics.h"

namespace ttsim::num {

namespace {

uint32_t bits_of(float v) { return std::bit_cast<uint32_t>(v); }
float float_of(uint32_t u) { return std::bit_cast<float>(u); }

// The bf16 conversions inline into the whole-tile loops (the exported float_to_bf16 and
// bf16_to_float are interposable symbols of a shared library, so calls to them stay calls).
inline uint16_t bf16_of(float v) {
  uint32_t u = bits_of(v);
  if ((u & 0x7fffffffu) > 0x7f800000u) {
    return static_cast<uint16_t>((u >> 16) | 0x0040u);
  }
  u += 0x7fffu + ((u >> 16) & 1u);
  return static_cast<uint16_t>(u >> 16);
}
inline float float_of_bf16(uint16_t bits) { return float_of(static_cast<uint32_t>(bits) << 16); }

constexpr int kBfpExpBytes = 64;  // one shared exponent per face row: 4 faces x 16 rows

// Magnitude bits per BFP datum (hidden bit included, no implicit one).
int bfp_mag_bits(DataFormat fmt) { return fmt == DataFormat::Bfp8_b ? 7 : 3; }

// Rounds (m >> shift) to nearest even; m < 2^24.
uint32_t shift_round_even(uint64_t m, int shift) {
  if (shift <= 0) {
    return static_cast<uint32_t>(m << -shift);
  }
  if (shift > 40) {
    return 0;
  }
  uint64_t r = m >> shift;
  uint64_t rem = m & ((uint64_t{1} << shift) - 1);
  uint64_t half = uint64_t{1} << (shift - 1);
  if (rem > half || (rem == half && (r & 1))) {
    ++r;
  }
  return static_cast<uint32_t>(r);
}

void pack_bfp(DataFormat fmt, const float* src, uint8_t* dst) {
  const int mbits = bfp_mag_bits(fmt);
  const uint32_t max_mag = (1u << mbits) - 1;
  uint8_t* exps = dst;
  uint8_t* data = dst + kBfpExpBytes;
  if (fmt == DataFormat::Bfp4_b) {
    std::memset(data, 0, kTileElems / 2);
  }
  for (int row = 0; row < kTileElems / kFaceDim; ++row) {
    const float* v = src + row * kFaceDim;
    int shared = 0;
    bool special = false;
    for (int i = 0; i < kFaceDim; ++i) {
      int e = (bits_of(v[i]) >> 23) & 0xff;
      if (e == 0xff) {
        special = true;
      } else if (e > shared) {
        shared = e;
      }
    }
    if (special) {
      shared = 0xff;
    }
    exps[row] = static_cast<uint8_t>(shared);
    for (int i = 0; i < kFaceDim; ++i) {
      uint32_t u = bits_of(v[i]);
      uint32_t sign = u >> 31;
      int e = (u >> 23) & 0xff;
      uint32_t mant = u & 0x7fffff;
      uint32_t mag = 0;
      if (e == 0xff) {
        mag = mant == 0 ? (1u << (mbits - 1)) : max_mag;
      } else if (e != 0) {
        // value = (mant|hidden) * 2^(e-150); stored value = mag * 2^(shared-127-(mbits-1)).
        mag = shift_round_even(mant | 0x800000u, (24 - mbits) + (shared - e));
        if (mag > max_mag) {
          mag = max_mag;
        }
      }
      if (mag == 0) {
        sign = 0;
      }
      uint32_t datum = (sign << mbits) | mag;
      int idx = row * kFaceDim + i;
      if (fmt == DataFormat::Bfp8_b) {
        data[idx] = static_cast<uint8_t>(datum);
      } else {
        data[idx / 2] |= static_cast<uint8_t>(datum << ((idx & 1) * 4));
      }
    }
  }
}

void unpack_bfp(DataFormat fmt, const uint8_t* src, float* dst) {
  const int mbits = bfp_mag_bits(fmt);
  const uint32_t max_mag = (1u << mbits) - 1;
  const uint8_t* exps = src;
  const uint8_t* data = src + kBfpExpBytes;
  for (int idx = 0; idx < kTileElems; ++idx) {
    int shared = exps[idx / kFaceDim];
    uint32_t datum =
        fmt == DataFormat::Bfp8_b ? data[idx] : (data[idx / 2] >> ((idx & 1) * 4)) & 0xf;
    bool neg = (datum >> mbits) & 1;
    uint32_t mag = datum & max_mag;
    float out;
    if (mag == 0) {
      // Documented encoding: sign=1, mag=0 is -Inf (the packer never produces it).
      out = neg ? -std::numeric_limits<float>::infinity() : 0.0f;
    } else if (shared == 0xff && mag >= (1u << (mbits - 1))) {
      // Leading one in the top bit at exponent 255: Inf (no other bits) or NaN, as in bf16.
      out = mag == (1u << (mbits - 1)) ? std::numeric_limits<float>::infinity()
                                       : std::numeric_limits<float>::quiet_NaN();
      out = neg ? -out : out;
    } else {
      out = std::ldexp(static_cast<float>(mag), shared - 127 - (mbits - 1));
      out = neg ? -out : out;
    }
    dst[idx] = out;
  }
}

}  // namespace

uint32_t tile_size_bytes(DataFormat fmt) {
  switch (fmt) {
    case DataFormat::Float32:
    case DataFormat::Int32:
    case DataFormat::UInt32:
      return 4096;
    case DataFormat::Float16:
    case DataFormat::Float16_b:
      return 2048;
    case DataFormat::Bfp8_b:
      return 1088;
    case DataFormat::Bfp4_b:
      return 576;
    default:
      return 0;
  }
}

const char* format_name(DataFormat fmt) {
  switch (fmt) {
    case DataFormat::Float32:
      return "Float32";
    case DataFormat::Float16:
      return "Float16";
    case DataFormat::Bfp8:
      return "Bfp8";
    case DataFormat::Bfp4:
      return "Bfp4";
    case DataFormat::Tf32:
      return "Tf32";
    case DataFormat::Float16_b:
      return "Float16_b";
    case DataFormat::Bfp8_b:
      return "Bfp8_b";
    case DataFormat::Bfp4_b:
      return "Bfp4_b";
    case DataFormat::Int32:
      return "Int32";
    case DataFormat::UInt16:
      return "UInt16";
    case DataFormat::Lf8:
      return "Lf8";
    case DataFormat::Bfp2:
      return "Bfp2";
    case DataFormat::Int8:
      return "Int8";
    case DataFormat::Bfp2_b:
      return "Bfp2_b";
    case DataFormat::UInt32:
      return "UInt32";
    case DataFormat::UInt8:
      return "UInt8";
    case DataFormat::Invalid:
      return "Invalid";
  }
  return "Unknown";
}

uint16_t float_to_bf16(float v) { return bf16_of(v); }

float bf16_to_float(uint16_t bits) { return float_of_bf16(bits); }

uint16_t float_to_fp16(float v) {
  uint32_t u = bits_of(v);
  uint32_t sign = (u >> 16) & 0x8000u;
  uint32_t a = u & 0x7fffffffu;
  if (a > 0x7f800000u) {
    return static_cast<uint16_t>(sign | 0x7e00u | ((a >> 13) & 0x3ffu));
  }
  if (a >= 0x47800000u) {  // >= 65536 (or Inf): beyond the largest finite half after rounding
    return static_cast<uint16_t>(sign | 0x7c00u);
  }
  if (a < 0x38800000u) {  // below 2^-14: an fp16 denormal (or zero) in units of 2^-24
    int e = static_cast<int>(a >> 23);
    if (e < 102) {  // below 2^-25: rounds to zero
      return static_cast<uint16_t>(sign);
    }
    uint32_t r = shift_round_even((a & 0x7fffffu) | 0x800000u, 126 - e);
    return static_cast<uint16_t>(sign | r);  // r == 0x400 is correctly the smallest normal
  }
  a += 0xfffu + ((a >> 13) & 1u);
  return static_cast<uint16_t>(sign | ((a - (112u << 23)) >> 13));  // may round up to Inf
}

float fp16_to_float(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  uint32_t e = (bits >> 10) & 0x1fu;
  uint32_t m = bits & 0x3ffu;
  if (e == 0x1f) {
    return float_of(sign | 0x7f800000u | (m << 13));
  }
  if (e == 0) {
    float f = std::ldexp(static_cast<float>(m), -24);
    return sign ? -f : f;
  }
  return float_of(sign | ((e + 112u) << 23) | (m << 13));
}

void unpack_tile(DataFormat fmt, const uint8_t* src, float* dst) {
  switch (fmt) {
    case DataFormat::Int32:  // the integers' bits, unchanged (DST in 32-bit mode, integer.cc)
    case DataFormat::UInt32:
    case DataFormat::Float32:
      std::memcpy(dst, src, kTileElems * sizeof(float));
      return;
    case DataFormat::Float16_b:
      for (int i = 0; i < kTileElems; ++i) {
        dst[i] = float_of_bf16(static_cast<uint16_t>(src[2 * i] | (src[2 * i + 1] << 8)));
      }
      return;
    case DataFormat::Float16:
      for (int i = 0; i < kTileElems; ++i) {
        dst[i] = fp16_to_float(static_cast<uint16_t>(src[2 * i] | (src[2 * i + 1] << 8)));
      }
      return;
    case DataFormat::Bfp8_b:
    case DataFormat::Bfp4_b:
      unpack_bfp(fmt, src, dst);
      return;
    default:
      throw std::invalid_argument(std::string("unpack_tile: unsupported data format ") +
                                  format_name(fmt));
  }
}

void pack_tile(DataFormat fmt, const float* src, uint8_t* dst) {
  switch (fmt) {
    case DataFormat::Int32:
    case DataFormat::UInt32:
    case DataFormat::Float32:
      std::memcpy(dst, src, kTileElems * sizeof(float));
      return;
    case DataFormat::Float16_b:
      for (int i = 0; i < kTileElems; ++i) {
        const uint16_t h = bf16_of(src[i]);
        dst[2 * i] = static_cast<uint8_t>(h & 0xff);
        dst[2 * i + 1] = static_cast<uint8_t>(h >> 8);
      }
      return;
    case DataFormat::Float16:
      for (int i = 0; i < kTileElems; ++i) {
        const uint16_t h = float_to_fp16(src[i]);
        dst[2 * i] = static_cast<uint8_t>(h & 0xff);
        dst[2 * i + 1] = static_cast<uint8_t>(h >> 8);
      }
      return;
    case DataFormat::Bfp8_b:
    case DataFormat::Bfp4_b:
      pack_bfp(fmt, src, dst);
      return;
    default:
      throw std::invalid_argument(std::string("pack_tile: unsupported data format ") +
                                  format_name(fmt));
  }
}

float round_to_format(DataFormat fmt, float v) {
  switch (fmt) {
    case DataFormat::Float16_b:
      return float_of_bf16(bf16_of(v));
    case DataFormat::Float16:
      return fp16_to_float(float_to_fp16(v));
    default:
      return v;
  }
}

}  // namespace ttsim::num
