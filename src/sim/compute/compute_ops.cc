// The compute ops of the kernel ABI (ttsim_matmul, ttsim_binary, ttsim_pack_tile, ...): they move
// tiles between circular buffers and DST through the numerics library, keep the per-kernel state
// that inits set (modes, the packer's write cursor) and charge placeholder costs.
#include <array>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "api/compute/detail/abi_ext.h"
#include "sim/compute/compute_context.h"
#include "sim/numerics/numerics.h"
#include "ttsim/abi.h"

#define TTSIM_EXPORT extern "C" __attribute__((visibility("default")))

namespace ttsim {
namespace {

using num::kTileElems;
using Tile = std::array<float, kTileElems>;

// ---- Costs ----------------------------------------------------------------------------------
// Ops describe themselves (tiles, bytes, fidelity phases) to the timing model, which prices them
// per Tensix thread from data/devices/<device>.json (src/sim/timing/).
void charge_op(ComputeContext& ctx, ComputeKind kind, const char* name, uint32_t tiles,
               uint32_t in_tiles, uint32_t in_bytes, uint32_t out_bytes = 0, uint32_t phases = 1,
               uint32_t sfpu_instr = 0) {
  ComputeOp op;
  op.kind = kind;
  op.name = name;
  op.tiles = tiles;
  op.in_tiles = in_tiles;
  op.in_bytes = in_bytes;
  op.out_bytes = out_bytes;
  op.phases = phases;
  op.sfpu_instr = sfpu_instr;
  ctx.charge_op(op);
}

uint32_t tile_bytes(ComputeContext& ctx, uint32_t cb) {
  return num::tile_size_bytes(ctx.cb_format(cb));
}

// Rough SFPU instruction counts per op (what one 32-lane vector costs): the table's column.
uint64_t sfpu_instructions(num::SfpuOp op) {
  switch (op) {
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) \
  case num::SfpuOp::Id:                                                \
    return instructions;
#include "support/sfpu_functions.def"
  }
  return 8;
}

uint64_t sfpu_binary_instructions(num::SfpuBinaryOp op) {
  switch (op) {
    case num::SfpuBinaryOp::Div:
      return 12;
    case num::SfpuBinaryOp::Power:
      return 24;
    default:
      return 4;
  }
}

// ---- Per-kernel state set by inits ------------------------------------------------------------
struct KernelState {
  std::array<uint32_t, 64> pack_cursor{};  // sequential pack_tile position per CB since push
  bool acc_to_dest = false;
  bool copy_transpose = false;
  bool matmul_transpose = false;
  bool pack_l1_acc = false;
  std::array<bool, 16> dst_written{};  // DST tiles written since the last acquire
};

// Keyed by the running kernel's context (lookups only; never iterated).
std::map<const ComputeContext*, KernelState>& states() {
  static std::map<const ComputeContext*, KernelState> s;
  return s;
}
// Map nodes are never erased, so the last lookup can be remembered: consecutive calls mostly come
// from the same kernel, and this lookup runs several times per tile op.
KernelState& state(ComputeContext& ctx) {
  static const ComputeContext* last = nullptr;
  static KernelState* last_state = nullptr;
  if (&ctx != last) {
    last_state = &states()[&ctx];
    last = &ctx;
  }
  return *last_state;
}

// DST tile `idst` for a math op that writes it (remembered for reduce max, see dst_fresh).
float* math_dst(ComputeContext& ctx, uint32_t idst, const char* call) {
  float* d = ctx.dst_tile(idst, false, call);  // checks idst against the DST capacity (<= 16)
  state(ctx).dst_written[idst] = true;
  return d;
}

// ---- Tile access ------------------------------------------------------------------------------
tt::DataFormat checked_format(ComputeContext& ctx, uint32_t cb, const char* call) {
  tt::DataFormat fmt = ctx.cb_format(cb);
  if (num::tile_size_bytes(fmt) == 0) {
    ctx.fail(call, std::string("CB ") + std::to_string(cb) + " has data format " +
                       num::format_name(fmt) +
                       ", which the simulator's compute engine does not support");
  }
  return fmt;
}

// The checks of load_tile without reading the tile (timing-only paths).
void check_tile(ComputeContext& ctx, uint32_t cb, uint32_t index, const char* call) {
  checked_format(ctx, cb, call);
  ctx.front_tile(cb, index, call);
}

Tile load_tile(ComputeContext& ctx, uint32_t cb, uint32_t index, const char* call) {
  tt::DataFormat fmt = checked_format(ctx, cb, call);
  Tile t;
  const uint8_t* src = ctx.front_tile(cb, index, call);
  if (!ctx.timing_only()) num::unpack_tile(fmt, src, t.data());
  return t;
}

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

num::MathConfig& config(ComputeContext& ctx) { return ctx.math_config(); }

void set_dst_format_from(ComputeContext& ctx, uint32_t cb) {
  if (cb == TTSIM_NO_CB) {
    return;
  }
  config(ctx).dst16_format = ctx.cb_format(cb) == tt::DataFormat::Float16
                                 ? tt::DataFormat::Float16
                                 : tt::DataFormat::Float16_b;
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
}  // namespace ttsim

using ttsim::ComputeContext;
using ttsim::current_compute;
namespace num = ttsim::num;
using ttsim::num::kTileElems;

TTSIM_EXPORT void ttsim_compute_init(int kind, uint32_t icb0, uint32_t icb1, uint32_t ocb) {
  ComputeContext& ctx = current_compute();
  auto& st = ttsim::state(ctx);
  switch (kind) {
    case TTSIM_INIT_HW_STARTUP:
    case TTSIM_INIT_UNARY_COMMON:
      // A new kernel (or a full re-init): modes and pack cursors restart. DST contents are not
      // touched by inits, so what was written since acquire stays written.
      st = ttsim::KernelState{.dst_written = st.dst_written};
      break;
    case TTSIM_INIT_BINARY:
    case TTSIM_INIT_BCAST:
      st.acc_to_dest = false;
      break;
    case TTSIM_INIT_COPY:
      st.copy_transpose = false;
      break;
    case TTSIM_INIT_MATMUL:
      st.matmul_transpose = false;
      break;
    default:
      break;
  }
  if (kind != TTSIM_INIT_SFPU && kind != TTSIM_INIT_PACK && kind != TTSIM_INIT_REDUCE_UNINIT) {
    ttsim::set_dst_format_from(ctx, icb0);
  }
  ttsim::charge_op(ctx, ttsim::ComputeKind::Init, "compute init", 1, 0, 0);
}

TTSIM_EXPORT void ttsim_compute_set_mode(int mode, uint32_t value) {
  ComputeContext& ctx = current_compute();
  auto& st = ttsim::state(ctx);
  switch (mode) {
    case TTSIM_MODE_ACC_TO_DEST:
      st.acc_to_dest = value != 0;
      break;
    case TTSIM_MODE_COPY_TRANSPOSE:
      st.copy_transpose = value != 0;
      break;
    case TTSIM_MODE_MATMUL_TRANSPOSE:
      st.matmul_transpose = value != 0;
      break;
    case TTSIM_MODE_PACK_L1_ACC:
      st.pack_l1_acc = value != 0;
      break;
    case TTSIM_MODE_DST_FORMAT_FROM_CB:
      ttsim::set_dst_format_from(ctx, value);
      break;
    default:
      ctx.fail("compute mode", "unknown mode " + std::to_string(mode));
  }
}

TTSIM_EXPORT void ttsim_compute_dst_acquired(void) {
  ttsim::state(current_compute()).dst_written.fill(false);
}

TTSIM_EXPORT void ttsim_compute_cb_pushed(uint32_t cb) {
  ComputeContext& ctx = current_compute();
  auto& st = ttsim::state(ctx);
  if (cb < st.pack_cursor.size()) {
    st.pack_cursor[cb] = 0;
  }
}

TTSIM_EXPORT void ttsim_matmul(uint32_t in0, uint32_t in1, uint32_t i0, uint32_t i1, uint32_t idst,
                               uint32_t transpose, uint32_t ct_dim, uint32_t rt_dim,
                               uint32_t kt_dim) {
  ComputeContext& ctx = current_compute();
  const char* call = (ct_dim == 1 && rt_dim == 1) ? "matmul_tiles" : "matmul_block";
  if (ct_dim == 0 || rt_dim == 0 || kt_dim == 0) {
    ctx.fail(call, "ct_dim, rt_dim and kt_dim must be at least 1");
  }
  bool tr = transpose == TTSIM_FROM_INIT ? ttsim::state(ctx).matmul_transpose : transpose != 0;
  const num::MathConfig& cfg = ttsim::config(ctx);
  if (ctx.timing_only()) {
    // The same checks in the same order, without staging tiles nobody multiplies (this is the
    // hot path of timing-only GEMMs: no allocation, no 4 KiB copies per operand tile).
    for (uint32_t c = 0; c < ct_dim; ++c) {
      ttsim::check_tile(ctx, in1, i1 + c, call);
    }
    for (uint32_t r = 0; r < rt_dim; ++r) {
      ttsim::check_tile(ctx, in0, i0 + r * kt_dim, call);
      for (uint32_t c = 0; c < ct_dim; ++c) {
        ttsim::math_dst(ctx, idst + r * ct_dim + c, call);
      }
    }
  } else {
    std::unique_ptr<ttsim::Tile[]> b(new ttsim::Tile[ct_dim]);  // left uninitialized: loaded next
    for (uint32_t c = 0; c < ct_dim; ++c) {
      b[c] = ttsim::load_tile(ctx, in1, i1 + c, call);
    }
    for (uint32_t r = 0; r < rt_dim; ++r) {
      ttsim::Tile a = ttsim::load_tile(ctx, in0, i0 + r * kt_dim, call);
      for (uint32_t c = 0; c < ct_dim; ++c) {
        float* d = ttsim::math_dst(ctx, idst + r * ct_dim + c, call);
        num::matmul_tile(cfg, a.data(), b[c].data(), tr, d);
      }
    }
  }
  uint64_t phases = cfg.reference ? 1 : num::fidelity_phases(cfg.fidelity);
  ttsim::charge_op(ctx, ttsim::ComputeKind::Matmul, call, rt_dim * ct_dim, rt_dim + ct_dim,
                   ttsim::tile_bytes(ctx, in0) + ttsim::tile_bytes(ctx, in1), 0,
                   static_cast<uint32_t>(phases));
}

TTSIM_EXPORT void ttsim_binary(int op, int bcast, uint32_t in0, uint32_t in1, uint32_t i0,
                               uint32_t i1, uint32_t idst, int acc_to_dest) {
  ComputeContext& ctx = current_compute();
  const char* call = op == 0 ? "add_tiles" : op == 1 ? "sub_tiles" : "mul_tiles";
  if (op < 0 || op > 2 || bcast < 0 || bcast > 3) {
    ctx.fail(call, "invalid binary op or broadcast");
  }
  bool acc = acc_to_dest < 0 ? ttsim::state(ctx).acc_to_dest : acc_to_dest != 0;
  const num::MathConfig& cfg = ttsim::config(ctx);
  ttsim::Tile a = ttsim::load_tile(ctx, in0, i0, call);
  ttsim::Tile b = ttsim::load_tile(ctx, in1, i1, call);
  float* d = ttsim::math_dst(ctx, idst, call);
  auto bop = static_cast<num::BinaryOp>(op);
  if (!ctx.timing_only()) {
    num::binary_tile(cfg, bop, static_cast<num::BcastDim>(bcast), a.data(), b.data(), d, acc);
  }
  uint64_t phases =
      bop == num::BinaryOp::Mul && !cfg.reference ? num::fidelity_phases(cfg.fidelity) : 1;
  ttsim::charge_op(ctx, ttsim::ComputeKind::Eltwise, call, 1, 2,
                   ttsim::tile_bytes(ctx, in0) + ttsim::tile_bytes(ctx, in1), 0,
                   static_cast<uint32_t>(phases));
}

TTSIM_EXPORT void ttsim_binary_dest_reuse(int op, int reuse_srca, uint32_t cb, uint32_t itile,
                                          uint32_t idst) {
  ComputeContext& ctx = current_compute();
  const char* call = "binary_dest_reuse_tiles";
  if (op < 0 || op > 2) {
    ctx.fail(call, "invalid binary op");
  }
  const num::MathConfig& cfg = ttsim::config(ctx);
  ttsim::Tile t = ttsim::load_tile(ctx, cb, itile, call);
  float* d = ttsim::math_dst(ctx, idst, call);
  ttsim::Tile dcopy;
  std::memcpy(dcopy.data(), d, sizeof(float) * kTileElems);
  const float* a = reuse_srca ? dcopy.data() : t.data();
  const float* b = reuse_srca ? t.data() : dcopy.data();
  auto bop = static_cast<num::BinaryOp>(op);
  num::binary_tile(cfg, bop, num::BcastDim::None, a, b, d, false);
  uint64_t phases =
      bop == num::BinaryOp::Mul && !cfg.reference ? num::fidelity_phases(cfg.fidelity) : 1;
  ttsim::charge_op(ctx, ttsim::ComputeKind::Eltwise, call, 1, 1, ttsim::tile_bytes(ctx, cb), 0,
                   static_cast<uint32_t>(phases));
}

TTSIM_EXPORT void ttsim_unary_bcast(int bcast, uint32_t cb, uint32_t itile, uint32_t idst) {
  ComputeContext& ctx = current_compute();
  const char* call = "unary_bcast";
  ttsim::Tile t = ttsim::load_tile(ctx, cb, itile, call);
  ttsim::Tile zero{};
  float* d = ttsim::math_dst(ctx, idst, call);
  num::binary_tile(ttsim::config(ctx), num::BinaryOp::Add, static_cast<num::BcastDim>(bcast),
                   zero.data(), t.data(), d, false);
  ttsim::charge_op(ctx, ttsim::ComputeKind::Copy, call, 1, 1, ttsim::tile_bytes(ctx, cb));
}

TTSIM_EXPORT void ttsim_copy_tile(uint32_t cb, uint32_t itile, uint32_t idst, int transpose) {
  ComputeContext& ctx = current_compute();
  const char* call = "copy_tile";
  bool tr = transpose < 0 ? ttsim::state(ctx).copy_transpose : transpose != 0;
  ttsim::Tile t = ttsim::load_tile(ctx, cb, itile, call);
  if (tr) {
    num::transpose_tile(t.data());
  }
  float* d = ttsim::math_dst(ctx, idst, call);
  const num::MathConfig& cfg = ttsim::config(ctx);
  for (int i = 0; i < kTileElems; ++i) {
    d[i] = num::dst_round(cfg, t[i]);
  }
  ttsim::charge_op(ctx, ttsim::ComputeKind::Copy, call, 1, 1, ttsim::tile_bytes(ctx, cb));
}

TTSIM_EXPORT void ttsim_pack_tile(uint32_t idst, uint32_t cb, uint32_t out_index,
                                  int out_of_order) {
  ComputeContext& ctx = current_compute();
  const char* call = "pack_tile";
  auto& st = ttsim::state(ctx);
  tt::DataFormat fmt = ttsim::checked_format(ctx, cb, call);
  const float* d = ctx.dst_tile(idst, true, call);
  uint32_t index = out_index;
  if (!out_of_order) {
    if (cb >= st.pack_cursor.size()) {
      ctx.fail(call, "CB index " + std::to_string(cb) + " out of range");
    }
    index = st.pack_cursor[cb]++;
  }
  uint8_t* dst = ctx.back_tile(cb, index, call);
  if (ctx.timing_only()) {
    // No arithmetic: neither the packer's L1 accumulation nor the conversion.
  } else if (st.pack_l1_acc) {
    ttsim::Tile old, sum;
    num::unpack_tile(fmt, dst, old.data());
    for (int i = 0; i < kTileElems; ++i) {
      sum[i] = old[i] + d[i];
    }
    num::pack_tile(fmt, sum.data(), dst);
  } else {
    num::pack_tile(fmt, d, dst);
  }
  ttsim::charge_op(ctx, ttsim::ComputeKind::Pack, call, 1, 0, 0, num::tile_size_bytes(fmt));
}

TTSIM_EXPORT void ttsim_reduce_tile(int pool, int dim, uint32_t icb, uint32_t scaler_cb,
                                    uint32_t itile, uint32_t iscaler, uint32_t idst) {
  ComputeContext& ctx = current_compute();
  const char* call = "reduce_tile";
  if (pool < 0 || pool > 2 || dim < 0 || dim > 2) {
    ctx.fail(call, "invalid PoolType or ReduceDim");
  }
  const num::MathConfig& cfg = ttsim::config(ctx);
  ttsim::Tile a = ttsim::load_tile(ctx, icb, itile, call);
  ttsim::Tile s = ttsim::load_tile(ctx, scaler_cb, iscaler, call);
  float* d = ctx.dst_tile(idst, false, call);
  auto& written = ttsim::state(ctx).dst_written[idst];
  bool fresh = !written;
  written = true;
  auto p = static_cast<num::PoolType>(pool);
  if (!ctx.timing_only()) {
    num::reduce_tile(cfg, p, static_cast<num::ReduceDim>(dim), a.data(), s.data(), d, fresh);
  }
  uint64_t phases =
      p == num::PoolType::Max || cfg.reference ? 1 : num::fidelity_phases(cfg.fidelity);
  ttsim::charge_op(ctx, ttsim::ComputeKind::Reduce, call, 1, 2,
                   ttsim::tile_bytes(ctx, icb) + ttsim::tile_bytes(ctx, scaler_cb), 0,
                   static_cast<uint32_t>(phases));
}

TTSIM_EXPORT void ttsim_sfpu_unary(int op, uint32_t idst, uint32_t param) {
  ComputeContext& ctx = current_compute();
  const char* call = "sfpu op";
  if (op < 0 || op >= num::kSfpuOpCount) {
    ctx.fail(call, "unknown SFPU op " + std::to_string(op));
  }
  auto o = static_cast<num::SfpuOp>(op);
  num::sfpu_unary(ttsim::config(ctx), o, ttsim::math_dst(ctx, idst, call), param);
  ttsim::charge_op(ctx, ttsim::ComputeKind::Sfpu, call, 1, 0, 0, 0, 1,
                   static_cast<uint32_t>(ttsim::sfpu_instructions(o)));
}

TTSIM_EXPORT void ttsim_sfpu_binary_to(int op, uint32_t idst0, uint32_t idst1, uint32_t odst) {
  ComputeContext& ctx = current_compute();
  const char* call = "sfpu binary op";
  if (op < 0 || op > static_cast<int>(num::SfpuBinaryOp::Power)) {
    ctx.fail(call, "unknown SFPU binary op " + std::to_string(op));
  }
  auto o = static_cast<num::SfpuBinaryOp>(op);
  ttsim::Tile a;
  std::memcpy(a.data(), ctx.dst_tile(idst0, false, call), sizeof(float) * kTileElems);
  const float* b = ctx.dst_tile(idst1, false, call);
  num::sfpu_binary(ttsim::config(ctx), o, a.data(), b);
  std::memcpy(ttsim::math_dst(ctx, odst, call), a.data(), sizeof(float) * kTileElems);
  ttsim::charge_op(ctx, ttsim::ComputeKind::Sfpu, call, 1, 0, 0, 0, 1,
                   static_cast<uint32_t>(ttsim::sfpu_binary_instructions(o)));
}

TTSIM_EXPORT void ttsim_sfpu_binary(int op, uint32_t idst0, uint32_t idst1) {
  ttsim_sfpu_binary_to(op, idst0, idst1, idst0);
}

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
