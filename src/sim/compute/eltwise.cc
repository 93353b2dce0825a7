// Compute ops, FPU element-wise family: add/sub/mul_tiles (with broadcasts), binary_dest_reuse,
// unary_bcast and copy_tile. Cost: ComputeKind::Eltwise (compute.eltwise_tile_cycles per fidelity
// phase for mul) and ComputeKind::Copy (compute.copy_tile_cycles), plus the unpacker's
// bytes-per-cycle limit; CalibratedCostModel::compute in src/sim/timing.
#include "sim/compute/compute_util.h"

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
  if (num::is_int32_format(ctx.cb_format(cb))) {
    // Integers reach DST as 32-bit patterns; the hardware needs fp32_dest_acc_en for them.
    if (!cfg.fp32_dest_acc && !cfg.reference) {
      ctx.fail(call, "an Int32/UInt32 tile needs DST in 32-bit mode (fp32_dest_acc_en)");
    }
    std::memcpy(d, t.data(), sizeof(float) * kTileElems);
  } else {
    for (int i = 0; i < kTileElems; ++i) {
      d[i] = num::dst_round(cfg, t[i]);
    }
  }
  ttsim::charge_op(ctx, ttsim::ComputeKind::Copy, call, 1, 1, ttsim::tile_bytes(ctx, cb));
}
