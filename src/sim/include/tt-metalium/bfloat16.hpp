// Host-side bfloat16 of the TT-Metalium SDK (round-to-nearest-even from float, truncate on
// request, widening to float) and the helpers examples use to build bf16 test data. Header-only.
#pragma once
#include <bit>
#include <cmath>
#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iostream>
#include <ostream>
#include <random>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "tt-metalium/constants.hpp"

// FP32 -> BF16 bits with round-to-nearest-even; NaN maps to the canonical quiet NaN (0x7FC0).
constexpr uint16_t fp32_to_bf16_bits_round_to_nearest_even(float val) {
  uint32_t u = std::bit_cast<uint32_t>(val);
  if ((u & 0x7fffffffu) > 0x7f800000u) {
    return 0x7FC0;
  }
  u += 0x7fffu + ((u >> 16) & 1u);
  return static_cast<uint16_t>(u >> 16);
}

class bfloat16 {
 public:
  constexpr bfloat16() = default;
  // From any arithmetic value, rounding to nearest even (as the SDK does).
  template <class T>
    requires std::is_arithmetic_v<T>
  constexpr bfloat16(T v) noexcept
      : uint16_data(fp32_to_bf16_bits_round_to_nearest_even(static_cast<float>(v))) {}

  // From float by dropping the low 16 bits.
  static bfloat16 truncate(float float_num) {
    return from_bits(static_cast<uint16_t>(std::bit_cast<uint32_t>(float_num) >> 16));
  }
  // From raw bf16 bits (what older SDKs' bfloat16(uint16_t) meant).
  static constexpr bfloat16 from_bits(uint16_t bits) {
    bfloat16 b;
    b.uint16_data = bits;
    return b;
  }

  constexpr operator float() const {
    return std::bit_cast<float>(static_cast<uint32_t>(uint16_data) << 16);
  }
  // Older SDK accessors.
  constexpr float to_float() const { return static_cast<float>(*this); }
  constexpr uint16_t to_uint16() const { return uint16_data; }
  constexpr uint32_t to_packed() const { return static_cast<uint32_t>(uint16_data) << 16; }

  constexpr bool operator==(bfloat16 rhs) const {
    return static_cast<float>(*this) == static_cast<float>(rhs);
  }
  constexpr std::partial_ordering operator<=>(bfloat16 rhs) const noexcept {
    return static_cast<float>(*this) <=> static_cast<float>(rhs);
  }

  bfloat16& operator+=(bfloat16 rhs) noexcept { return *this = *this + rhs; }
  bfloat16& operator-=(bfloat16 rhs) noexcept { return *this = *this - rhs; }
  bfloat16& operator*=(bfloat16 rhs) noexcept { return *this = *this * rhs; }
  bfloat16& operator/=(bfloat16 rhs) noexcept { return *this = *this / rhs; }
  bfloat16 operator+(bfloat16 rhs) const { return bfloat16(float(*this) + float(rhs)); }
  bfloat16 operator-(bfloat16 rhs) const { return bfloat16(float(*this) - float(rhs)); }
  bfloat16 operator*(bfloat16 rhs) const { return bfloat16(float(*this) * float(rhs)); }
  bfloat16 operator/(bfloat16 rhs) const { return bfloat16(float(*this) / float(rhs)); }

 private:
  uint16_t uint16_data = 0;
};

inline std::ostream& operator<<(std::ostream& os, const bfloat16& v) {
  return os << static_cast<float>(v);
}

inline bool operator==(const std::vector<bfloat16>& lhs, const std::vector<bfloat16>& rhs) {
  if (lhs.size() != rhs.size()) {
    return false;
  }
  for (size_t i = 0; i < lhs.size(); ++i) {
    if (!(lhs[i] == rhs[i])) {
      return false;
    }
  }
  return true;
}

// The first value goes to the low 16 bits (little-endian element order in L1).
inline uint32_t pack_two_bfloat16_into_uint32(std::pair<bfloat16, bfloat16> two_bfloats) {
  return static_cast<uint32_t>(two_bfloats.first.to_uint16()) |
         (static_cast<uint32_t>(two_bfloats.second.to_uint16()) << 16);
}

inline std::vector<uint32_t> pack_bfloat16_vec_into_uint32_vec(const std::vector<bfloat16>& data) {
  if (data.size() % 2 != 0) {
    throw std::invalid_argument("pack_bfloat16_vec_into_uint32_vec: odd number of elements");
  }
  std::vector<uint32_t> out(data.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = pack_two_bfloat16_into_uint32({data[2 * i], data[2 * i + 1]});
  }
  return out;
}

inline bfloat16 bfloat16_identity_transform(const bfloat16& input) { return input; }

inline std::vector<bfloat16> unpack_uint32_vec_into_bfloat16_vec(
    const std::vector<uint32_t>& data,
    const std::function<bfloat16(const bfloat16&)>& transform = bfloat16_identity_transform) {
  std::vector<bfloat16> out;
  out.reserve(data.size() * 2);
  for (uint32_t w : data) {
    out.push_back(transform(bfloat16::from_bits(static_cast<uint16_t>(w & 0xffff))));
    out.push_back(transform(bfloat16::from_bits(static_cast<uint16_t>(w >> 16))));
  }
  return out;
}

// num_bytes / 2 values uniform in [offset, offset + rand_max_float), deterministic per seed.
inline std::vector<bfloat16> create_random_vector_of_bfloat16_native(size_t num_bytes,
                                                                     float rand_max_float, int seed,
                                                                     float offset = 0.0f) {
  std::mt19937 gen(static_cast<uint32_t>(seed));
  std::uniform_real_distribution<float> dist(0.0f, rand_max_float);
  std::vector<bfloat16> out(num_bytes / 2);
  for (auto& v : out) {
    v = bfloat16(dist(gen) + offset);
  }
  return out;
}

inline std::vector<uint32_t> create_random_vector_of_bfloat16(size_t num_bytes, int rand_max_float,
                                                              int seed, float offset = 0.0f) {
  return pack_bfloat16_vec_into_uint32_vec(create_random_vector_of_bfloat16_native(
      num_bytes, static_cast<float>(rand_max_float), seed, offset));
}

inline std::vector<uint32_t> create_constant_vector_of_bfloat16(size_t num_bytes, float value) {
  return pack_bfloat16_vec_into_uint32_vec(std::vector<bfloat16>(num_bytes / 2, bfloat16(value)));
}

// rows x cols, row-major, with ones on the first num_ones diagonal entries.
inline std::vector<bfloat16> create_identity_matrix(int rows, int cols, int num_ones) {
  std::vector<bfloat16> out(static_cast<size_t>(rows) * cols, bfloat16(0.0f));
  for (int i = 0; i < num_ones && i < rows && i < cols; ++i) {
    out[static_cast<size_t>(i) * cols + i] = bfloat16(1.0f);
  }
  return out;
}

inline bool equal_within_n_sig_figs(float a, float b, int n) {
  if (a == b) {
    return true;
  }
  float scale = std::pow(10.0f, static_cast<float>(n - 1) -
                                    std::floor(std::log10(std::max(std::fabs(a), std::fabs(b)))));
  return std::round(a * scale) == std::round(b * scale);
}

// numpy.isclose: |a - b| <= atol + rtol * |b|.
inline bool is_close(float a, float b, float rtol = 0.01f, float atol = 0.001f) {
  return std::fabs(a - b) <= atol + rtol * std::fabs(b);
}
