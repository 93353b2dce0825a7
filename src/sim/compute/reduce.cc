// Compute ops, reduce family: reduce_tile (sum/avg/max over rows, columns or both). Cost:
// ComputeKind::Reduce (compute.reduce_phase_cycles per fidelity phase; max has one phase),
// CalibratedCostModel::compute in src/sim/timing.
#include "sim/compute/compute_util.h"

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
