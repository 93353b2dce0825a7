// Host-side Bfp4_b tile packing of the TT-Metalium SDK (pack_fp32_vec_as_bfp4_tiles and its
// inverse), bit-identical to what the simulated packer produces. Defined in libttsim.
#pragma once
#include <cstdint>
#include <vector>

// fp32_vec holds whole 32x32 tiles: in face order, or row-major within each tile when
// row_major_input. is_exp_a (5-bit-exponent Bfp4) is not supported and throws.
std::vector<uint32_t> pack_fp32_vec_as_bfp4_tiles(const std::vector<float>& fp32_vec,
                                                  bool row_major_input, bool is_exp_a);
std::vector<float> unpack_bfp4_tiles_into_float_vec(const std::vector<uint32_t>& bfp_tiles,
                                                    bool row_major_output, bool is_exp_a);
