// Helpers shared by the compute-op family files (src/sim/compute/*.cc): checked tile access
// through the ComputeContext, the per-kernel modes, and charge_op, which describes an op to the
// timing model (ComputeOp: tiles, bytes, fidelity phases, SFPU instructions).
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "api/compute/detail/abi_ext.h"
#include "sim/compute/compute_context.h"
#include "sim/numerics/numerics.h"
#include "ttsim/abi.h"

#define TTSIM_EXPORT extern "C" __attribute__((visibility("default")))

namespace ttsim::compute {

using num::kTileElems;
using Tile = std::array<float, kTileElems>;

// ---- Costs ----------------------------------------------------------------------------------
// Ops describe themselves (tiles, bytes, fidelity phases) to the timing model, which prices them
// per Tensix thread from data/devices/<device>.json (src/sim/timing/).
inline void charge_op(ComputeContext& ctx, ComputeKind kind, const char* name, uint32_t tiles,
                      uint32_t in_tiles, uint32_t in_bytes, uint32_t out_bytes = 0,
                      uint32_t phases = 1, uint32_t sfpu_instr = 0) {
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

inline uint32_t tile_bytes(ComputeContext& ctx, uint32_t cb) {
  return num::tile_size_bytes(ctx.cb_format(cb));
}

inline ComputeModes& state(ComputeContext& ctx) { return ctx.modes; }

// DST tile `idst` for a math op that writes it (remembered for reduce max, see dst_fresh).
inline float* math_dst(ComputeContext& ctx, uint32_t idst, const char* call) {
  float* d = ctx.dst_tile(idst, false, call);  // checks idst against the DST capacity (<= 16)
  state(ctx).dst_written[idst] = true;
  return d;
}

// ---- Tile access ------------------------------------------------------------------------------
inline tt::DataFormat checked_format(ComputeContext& ctx, uint32_t cb, const char* call) {
  tt::DataFormat fmt = ctx.cb_format(cb);
  if (num::tile_size_bytes(fmt) == 0) {
    ctx.fail(call, std::string("CB ") + std::to_string(cb) + " has data format " +
                       num::format_name(fmt) +
                       ", which the simulator's compute engine does not support");
  }
  return fmt;
}

// The checks of load_tile without reading the tile (timing-only paths).
inline void check_tile(ComputeContext& ctx, uint32_t cb, uint32_t index, const char* call) {
  checked_format(ctx, cb, call);
  ctx.front_tile(cb, index, call);
}

inline Tile load_tile(ComputeContext& ctx, uint32_t cb, uint32_t index, const char* call) {
  tt::DataFormat fmt = checked_format(ctx, cb, call);
  Tile t;
  const uint8_t* src = ctx.front_tile(cb, index, call);
  if (!ctx.timing_only()) {
    num::unpack_tile(fmt, src, t.data());
  }
  return t;
}

inline num::MathConfig& config(ComputeContext& ctx) { return ctx.math_config(); }

inline void set_dst_format_from(ComputeContext& ctx, uint32_t cb) {
  if (cb == TTSIM_NO_CB) {
    return;
  }
  config(ctx).dst16_format = ctx.cb_format(cb) == tt::DataFormat::Float16
                                 ? tt::DataFormat::Float16
                                 : tt::DataFormat::Float16_b;
}

}  // namespace ttsim::compute

// The names every family file uses for its TTSIM_EXPORT functions, which sit at global scope.
namespace num = ttsim::num;
using ttsim::ComputeContext;
using ttsim::current_compute;
using ttsim::num::kTileElems;
namespace ttsim {
using namespace compute;  // the family files name helpers as ttsim::load_tile etc.
}
