// Host helpers of tt-metalium/bfloat8.hpp and bfloat4.hpp: Bfp8_b/Bfp4_b tiles packed with the
// simulator's own numerics so host data and packer output agree bit for bit.
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/numerics/numerics.h"
#include "tt-metalium/bfloat4.hpp"
#include "tt-metalium/bfloat8.hpp"

namespace {

namespace num = ttsim::num;

std::vector<uint32_t> pack_bfp(tt::DataFormat fmt, const std::vector<float>& in, bool row_major,
                               bool is_exp_a, const char* fn) {
  if (is_exp_a) {
    throw std::invalid_argument(std::string(fn) +
                                ": is_exp_a (5-bit exponent BFP) is not supported");
  }
  if (in.empty() || in.size() % num::kTileElems != 0) {
    throw std::invalid_argument(std::string(fn) + ": input must hold whole 32x32 tiles (got " +
                                std::to_string(in.size()) + " values)");
  }
  const size_t tiles = in.size() / num::kTileElems;
  const uint32_t bytes = num::tile_size_bytes(fmt);
  std::vector<uint32_t> out(tiles * bytes / 4);
  std::vector<float> tile(num::kTileElems);
  for (size_t t = 0; t < tiles; ++t) {
    const float* src = in.data() + t * num::kTileElems;
    if (row_major) {
      num::tilize_tile(src, num::kTileDim, tile.data());
      src = tile.data();
    }
    num::pack_tile(fmt, src, reinterpret_cast<uint8_t*>(out.data()) + t * bytes);
  }
  return out;
}

std::vector<float> unpack_bfp(tt::DataFormat fmt, const std::vector<uint32_t>& in, bool row_major,
                              bool is_exp_a, const char* fn) {
  if (is_exp_a) {
    throw std::invalid_argument(std::string(fn) +
                                ": is_exp_a (5-bit exponent BFP) is not supported");
  }
  const uint32_t bytes = num::tile_size_bytes(fmt);
  if (in.empty() || (in.size() * 4) % bytes != 0) {
    throw std::invalid_argument(std::string(fn) + ": input must hold whole tiles of " +
                                std::to_string(bytes) + " bytes");
  }
  const size_t tiles = in.size() * 4 / bytes;
  std::vector<float> out(tiles * num::kTileElems);
  std::vector<float> tile(num::kTileElems);
  for (size_t t = 0; t < tiles; ++t) {
    const uint8_t* src = reinterpret_cast<const uint8_t*>(in.data()) + t * bytes;
    float* dst = out.data() + t * num::kTileElems;
    if (row_major) {
      num::unpack_tile(fmt, src, tile.data());
      num::untilize_tile(tile.data(), dst, num::kTileDim);
    } else {
      num::unpack_tile(fmt, src, dst);
    }
  }
  return out;
}

}  // namespace

std::vector<uint32_t> pack_fp32_vec_as_bfp8_tiles(const std::vector<float>& fp32_vec,
                                                  bool row_major_input, bool is_exp_a) {
  return pack_bfp(tt::DataFormat::Bfp8_b, fp32_vec, row_major_input, is_exp_a,
                  "pack_fp32_vec_as_bfp8_tiles");
}
std::vector<float> unpack_bfp8_tiles_into_float_vec(const std::vector<uint32_t>& bfp_tiles,
                                                    bool row_major_output, bool is_exp_a) {
  return unpack_bfp(tt::DataFormat::Bfp8_b, bfp_tiles, row_major_output, is_exp_a,
                    "unpack_bfp8_tiles_into_float_vec");
}
std::vector<uint32_t> pack_fp32_vec_as_bfp4_tiles(const std::vector<float>& fp32_vec,
                                                  bool row_major_input, bool is_exp_a) {
  return pack_bfp(tt::DataFormat::Bfp4_b, fp32_vec, row_major_input, is_exp_a,
                  "pack_fp32_vec_as_bfp4_tiles");
}
std::vector<float> unpack_bfp4_tiles_into_float_vec(const std::vector<uint32_t>& bfp_tiles,
                                                    bool row_major_output, bool is_exp_a) {
  return unpack_bfp(tt::DataFormat::Bfp4_b, bfp_tiles, row_major_output, is_exp_a,
                    "unpack_bfp4_tiles_into_float_vec");
}
