// Compute ops, matmul family: matmul_tiles and matmul_block. Cost: ComputeKind::Matmul (unpack at
// compute.matmul_unpack_bytes_per_cycle for float operand tiles and
// compute.matmul_unpack_bfp_bytes_per_cycle for block-float ones, math compute.matmul_phase_cycles
// + overhead per fidelity phase, CalibratedCostModel::compute in src/sim/timing).
#include <memory>

#include "sim/compute/compute_util.h"
#include "sim/numerics/block_float.h"

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
    // Each operand tile is prepared for the multiplier once, not once per product (an in1 tile
    // serves rt_dim products, an in0 tile ct_dim). A tile holding an Inf/NaN is not prepared:
    // its products take matmul_tile's general path. Heap, not the fiber's stack: up to 16 tiles
    // of 8 KiB.
    const bool prepared = num::matmul_prepared_path(cfg);
    std::unique_ptr<double[]> bv, av;
    std::unique_ptr<bool[]> b_ok;
    if (prepared) {
      bv.reset(new double[size_t{ct_dim} * kTileElems]);
      av.reset(new double[kTileElems]);
      b_ok.reset(new bool[ct_dim]);
      for (uint32_t c = 0; c < ct_dim; ++c) {
        b_ok[c] = num::prepare_matmul_in1(cfg, b[c].data(), tr, &bv[size_t{c} * kTileElems]);
      }
    }
    for (uint32_t r = 0; r < rt_dim; ++r) {
      ttsim::Tile a = ttsim::load_tile(ctx, in0, i0 + r * kt_dim, call);
      const bool a_ok = prepared && num::prepare_matmul_in0(cfg, a.data(), av.get());
      for (uint32_t c = 0; c < ct_dim; ++c) {
        float* d = ttsim::math_dst(ctx, idst + r * ct_dim + c, call);
        if (a_ok && b_ok[c]) {
          num::matmul_prepared(cfg, av.get(), &bv[size_t{c} * kTileElems], d);
        } else {
          num::matmul_tile(cfg, a.data(), b[c].data(), tr, d);
        }
      }
    }
  }
  uint64_t phases = cfg.reference ? 1 : num::fidelity_phases(cfg.fidelity);
  ttsim::ComputeOp op;
  op.kind = ttsim::ComputeKind::Matmul;
  op.name = call;
  op.tiles = rt_dim * ct_dim;
  op.in_tiles = rt_dim + ct_dim;
  op.phases = static_cast<uint32_t>(phases);
  for (uint32_t cb : {in0, in1}) {
    const uint32_t bytes = ttsim::tile_bytes(ctx, cb);
    op.in_bytes += bytes;
    op.in_bfp_bytes += num::is_block_float(ctx.cb_format(cb)) ? bytes : 0;
  }
  ctx.charge_op(op);
}
