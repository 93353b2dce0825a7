// Compute ops, init family: the *_init calls and hw_startup (TTSIM_INIT_*) and the mode calls that
// later ops read (ttsim_compute_set_mode). Cost: ComputeKind::Init (compute.init_cycles on each
// thread, CalibratedCostModel::compute in src/sim/timing).
#include "sim/compute/compute_util.h"

TTSIM_EXPORT void ttsim_compute_init(int kind, uint32_t icb0, uint32_t icb1, uint32_t ocb) {
  ComputeContext& ctx = current_compute();
  auto& st = ttsim::state(ctx);
  switch (kind) {
    case TTSIM_INIT_HW_STARTUP:
    case TTSIM_INIT_UNARY_COMMON:
      // A new kernel (or a full re-init): modes and pack cursors restart. DST contents are not
      // touched by inits, so what was written since acquire stays written.
      st = ttsim::ComputeModes{.dst_written = st.dst_written};
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
