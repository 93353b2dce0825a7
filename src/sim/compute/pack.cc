// Compute ops, pack family: pack_tile (sequential or out of order, with optional L1
// accumulation). Cost: ComputeKind::Pack (compute.pack_tile_overhead plus
// compute.pack_bytes_per_cycle), CalibratedCostModel::compute in src/sim/timing.
#include "sim/compute/compute_util.h"

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
