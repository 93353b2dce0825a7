// Compute ops, layout family: tilize_block, untilize (from a CB or, pack_untilize, from DST) and
// transpose_wh_dest. Cost: ComputeKind::Tilize, Untilize, PackUntilize and Transpose
// (compute.tilize_*/untilize_*/pack_untilize_*/transpose_tile_cycles), CalibratedCostModel::compute
// in src/sim/timing.
#include <vector>

#include "sim/compute/compute_util.h"

namespace ttsim::compute {
namespace {

// Element size of a row-major (untilized) CB; only plain float formats can hold row-major data.
uint32_t row_major_elem_bytes(ComputeContext& ctx, uint32_t cb, tt::DataFormat fmt,
                              const char* call) {
  switch (fmt) {
    case tt::DataFormat::Float32:
      return 4;
    case tt::DataFormat::Float16:
    case tt::DataFormat::Float16_b:
      return 2;
    default:
      break;
  }
  ctx.fail(call, std::string("CB ") + std::to_string(cb) + " holds row-major data in format " +
                     num::format_name(fmt) + "; only Float32, Float16 and Float16_b can");
  __builtin_unreachable();  // fail() does not return
}

float read_elem(tt::DataFormat fmt, const uint8_t* p) {
  if (fmt == tt::DataFormat::Float32) {
    float v;
    std::memcpy(&v, p, 4);
    return v;
  }
  uint16_t h = static_cast<uint16_t>(p[0] | (p[1] << 8));
  return fmt == tt::DataFormat::Float16_b ? num::bf16_to_float(h) : num::fp16_to_float(h);
}

void write_elem(tt::DataFormat fmt, uint8_t* p, float v) {
  if (fmt == tt::DataFormat::Float32) {
    std::memcpy(p, &v, 4);
    return;
  }
  uint16_t h = fmt == tt::DataFormat::Float16_b ? num::float_to_bf16(v) : num::float_to_fp16(v);
  p[0] = static_cast<uint8_t>(h & 0xff);
  p[1] = static_cast<uint8_t>(h >> 8);
}

void untilize_into(ComputeContext& ctx, const Tile& tile, uint32_t ocb, uint32_t out_page,
                   uint32_t row_tiles, uint32_t col_tile, const char* call) {
  tt::DataFormat fmt = ctx.cb_format(ocb);
  uint32_t es = row_major_elem_bytes(ctx, ocb, fmt, call);
  uint32_t page = num::tile_size_bytes(fmt);
  if (col_tile >= row_tiles) {
    ctx.fail(call, "column tile " + std::to_string(col_tile) + " outside a row of " +
                       std::to_string(row_tiles) + " tiles");
  }
  for (int r = 0; r < num::kTileDim; ++r) {
    for (int c = 0; c < num::kTileDim; ++c) {
      uint64_t off = uint64_t(out_page) * page +
                     (uint64_t(r) * row_tiles * num::kTileDim + col_tile * num::kTileDim + c) * es;
      uint8_t* p = ctx.back_tile(ocb, static_cast<uint32_t>(off / page), call) + off % page;
      write_elem(fmt, p, tile[num::tile_index(r, c)]);
    }
  }
}

}  // namespace
}  // namespace ttsim::compute

TTSIM_EXPORT void ttsim_tilize_block(uint32_t icb, uint32_t block, uint32_t ocb) {
  ComputeContext& ctx = current_compute();
  const char* call = "tilize_block";
  tt::DataFormat in_fmt = ctx.cb_format(icb);
  tt::DataFormat out_fmt = ttsim::checked_format(ctx, ocb, call);
  uint32_t es = ttsim::row_major_elem_bytes(ctx, icb, in_fmt, call);
  uint32_t page = num::tile_size_bytes(in_fmt);
  const uint32_t width = block * num::kTileDim;
  std::vector<float> rows(size_t(num::kTileDim) * width);
  for (uint32_t i = 0; i < rows.size(); ++i) {
    uint64_t off = uint64_t(i) * es;
    rows[i] = ttsim::read_elem(
        in_fmt, ctx.front_tile(icb, static_cast<uint32_t>(off / page), call) + off % page);
  }
  const num::MathConfig& cfg = ttsim::config(ctx);
  for (uint32_t t = 0; t < block; ++t) {
    ttsim::Tile tile;
    num::tilize_tile(rows.data() + t * num::kTileDim, static_cast<int>(width), tile.data());
    for (float& v : tile) {
      v = num::dst_round(cfg, v);  // the data passes through DST on its way to the packer
    }
    num::pack_tile(out_fmt, tile.data(), ctx.back_tile(ocb, t, call));
  }
  ttsim::charge_op(ctx, ttsim::ComputeKind::Tilize, call, block, block, block * page,
                   block * num::tile_size_bytes(out_fmt));
}

TTSIM_EXPORT void ttsim_untilize_tiles(uint32_t icb, uint32_t in_tile, uint32_t ntiles,
                                       uint32_t ocb, uint32_t out_page, uint32_t row_tiles,
                                       uint32_t col_tile) {
  ComputeContext& ctx = current_compute();
  const char* call = "untilize_block";
  for (uint32_t t = 0; t < ntiles; ++t) {
    ttsim::Tile tile = ttsim::load_tile(ctx, icb, in_tile + t, call);
    ttsim::untilize_into(ctx, tile, ocb, out_page, row_tiles, col_tile + t, call);
  }
  ttsim::charge_op(ctx, ttsim::ComputeKind::Untilize, call, ntiles, ntiles, 0);
}

TTSIM_EXPORT void ttsim_untilize_block(uint32_t icb, uint32_t block, uint32_t ocb) {
  ttsim_untilize_tiles(icb, 0, block, ocb, 0, block, 0);
}

TTSIM_EXPORT void ttsim_pack_untilize_dst(uint32_t idst, uint32_t ntiles, uint32_t ocb,
                                          uint32_t out_page, uint32_t row_tiles,
                                          uint32_t col_tile) {
  ComputeContext& ctx = current_compute();
  const char* call = "pack_untilize_dest";
  for (uint32_t t = 0; t < ntiles; ++t) {
    ttsim::Tile tile;
    std::memcpy(tile.data(), ctx.dst_tile(idst + t, true, call), sizeof(float) * kTileElems);
    ttsim::untilize_into(ctx, tile, ocb, out_page, row_tiles, col_tile + t, call);
  }
  ttsim::charge_op(ctx, ttsim::ComputeKind::PackUntilize, call, ntiles, 0, 0);
}

TTSIM_EXPORT void ttsim_transpose_dst(uint32_t idst) {
  ComputeContext& ctx = current_compute();
  num::transpose_tile(ttsim::math_dst(ctx, idst, "transpose_wh_dest"));
  ttsim::charge_op(ctx, ttsim::ComputeKind::Transpose, "transpose_wh_dest", 1, 0, 0);
}
