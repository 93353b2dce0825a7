// Compute ops, SFPU family: unary ops on a DST tile and DST-to-DST binary ops. Cost:
// ComputeKind::Sfpu with the instruction counts below (compute.sfpu_vectors_per_tile per
// instruction plus compute.sfpu_op_overhead, CalibratedCostModel::compute in src/sim/timing).
#include "sim/compute/compute_util.h"

namespace ttsim::compute {
namespace {

// Rough SFPU instruction counts per op (what one 32-lane vector costs): the table's column.
uint64_t sfpu_instructions(num::SfpuOp op) {
  switch (op) {
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) \
  case num::SfpuOp::Id:                                                \
    return instructions;
#include "sim/include/ttsim/sfpu_functions.def"
  }
  return 8;
}

uint64_t sfpu_binary_instructions(num::SfpuBinaryOp op) {
  switch (op) {
#define TLTT_SFPU_BINARY(Id, tile_op, metalium, instructions) \
  case num::SfpuBinaryOp::Id:                                 \
    return instructions;
#include "sim/include/ttsim/sfpu_functions.def"
  }
  return 8;
}

}  // namespace
}  // namespace ttsim::compute

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
  if (op < 0 || op >= num::kSfpuBinaryOpCount) {
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
