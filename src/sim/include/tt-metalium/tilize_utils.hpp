// Host-side tile layout conversion of the TT-Metalium SDK: row-major (m x n) <-> tiles of
// 32x32 in row-major tile order, each tile as four 16x16 faces (TILED_NFACES) or row-major
// within the tile (TILED_SWIZZLED). Header-only templates.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "tt-metalium/bfloat16.hpp"
#include "tt-metalium/constants.hpp"

enum class TensorLayoutType { LIN_ROW_MAJOR = 0, TILED_SWIZZLED = 1, TILED_NFACES = 2 };

inline std::uint32_t round_up_to_mul32(std::uint32_t val) { return (val + 31) / 32 * 32; }
inline std::uint32_t round_up_to_tile(int val, int tile_val) {
  return static_cast<std::uint32_t>((val + tile_val - 1) / tile_val * tile_val);
}

namespace ttsim_tilize_detail {

// Offset inside one 32x32 tile of element (r, c).
inline size_t in_tile(TensorLayoutType layout, uint32_t r, uint32_t c) {
  if (layout == TensorLayoutType::TILED_NFACES) {
    return ((r / 16) * 2 + (c / 16)) * 256 + (r % 16) * 16 + (c % 16);
  }
  return r * 32 + c;
}

inline void check(size_t size, uint32_t m, uint32_t n, const char* fn) {
  if (size == 0 || m == 0 || n == 0 || size % (size_t(m) * n) != 0 || m % 32 != 0 || n % 32 != 0) {
    throw std::invalid_argument(std::string(fn) + ": need a non-empty input of whole " +
                                "(m x n) matrices with m and n multiples of 32 (got size " +
                                std::to_string(size) + ", m " + std::to_string(m) + ", n " +
                                std::to_string(n) + ")");
  }
}

// Converts every (m x n) matrix of `in` between row-major and the tiled layout.
template <typename T>
std::vector<T> convert(const std::vector<T>& in, uint32_t m, uint32_t n, TensorLayoutType tiled,
                       bool to_tiles, const char* fn) {
  check(in.size(), m, n, fn);
  std::vector<T> out(in.size());
  const size_t mat = size_t(m) * n;
  const uint32_t tiles_per_row = n / 32;
  for (size_t base = 0; base < in.size(); base += mat) {
    for (uint32_t r = 0; r < m; ++r) {
      for (uint32_t c = 0; c < n; ++c) {
        size_t rm = base + size_t(r) * n + c;
        size_t tile = size_t(r / 32) * tiles_per_row + c / 32;
        size_t tl = base + tile * 1024 + in_tile(tiled, r % 32, c % 32);
        if (to_tiles) {
          out[tl] = in[rm];
        } else {
          out[rm] = in[tl];
        }
      }
    }
  }
  return out;
}

}  // namespace ttsim_tilize_detail

template <typename T>
std::vector<T> tilize_nfaces(const std::vector<T>& input, uint32_t m, uint32_t n) {
  return ttsim_tilize_detail::convert(input, m, n, TensorLayoutType::TILED_NFACES, true,
                                      "tilize_nfaces");
}
template <typename T>
std::vector<T> untilize_nfaces(const std::vector<T>& input, uint32_t m, uint32_t n) {
  return ttsim_tilize_detail::convert(input, m, n, TensorLayoutType::TILED_NFACES, false,
                                      "untilize_nfaces");
}
template <typename T>
std::vector<T> tilize_swizzled(const std::vector<T>& input, uint32_t m, uint32_t n) {
  return ttsim_tilize_detail::convert(input, m, n, TensorLayoutType::TILED_SWIZZLED, true,
                                      "tilize_swizzled");
}
template <typename T>
std::vector<T> untilize_swizzled(const std::vector<T>& input, uint32_t m, uint32_t n) {
  return ttsim_tilize_detail::convert(input, m, n, TensorLayoutType::TILED_SWIZZLED, false,
                                      "untilize_swizzled");
}
