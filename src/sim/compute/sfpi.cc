// Compute ops, SFPI family: the DST loads and stores, MADs and time of vector code that kernels
// write themselves with sfpi.h (vFloat, dst_reg[], v_if). Lane arithmetic is num::sfpu_mad and
// num::sfpu_store; cost ComputeKind::Sfpi, one compute.sfpi_instruction_cycles per instruction.
#include <bit>

#include "sim/compute/compute_util.h"

namespace {

constexpr uint32_t kRowsPerTile = 64;  // 16-column DST rows in a 32x32 tile (four 16x16 faces)
constexpr int kLanes = 32;

// Index in tile order of lane `lane` of an SFPLOAD/SFPSTORE at row address `addr`.
uint32_t lane_index(uint32_t addr, int lane) {
  const uint32_t row = (addr % kRowsPerTile & ~3u) + lane / 8;
  const uint32_t col = (lane & 7) * 2 + ((addr >> 1) & 1);
  return row * 16 + col;
}

}  // namespace

TTSIM_EXPORT void ttsim_sfpi_load(uint32_t addr, uint32_t* lanes) {
  ComputeContext& ctx = current_compute();
  const float* tile = ctx.dst_tile(addr / kRowsPerTile, false, "sfpi dst_reg load");
  for (int l = 0; l < kLanes; ++l) {
    lanes[l] = std::bit_cast<uint32_t>(tile[lane_index(addr, l)]);
  }
}

TTSIM_EXPORT void ttsim_sfpi_store(uint32_t addr, const uint32_t* lanes, uint32_t lane_mask) {
  ComputeContext& ctx = current_compute();
  float* tile = ttsim::math_dst(ctx, addr / kRowsPerTile, "sfpi dst_reg store");
  const num::MathConfig& cfg = ctx.math_config();
  for (int l = 0; l < kLanes; ++l) {
    if (lane_mask >> l & 1) {
      tile[lane_index(addr, l)] = num::sfpu_store(cfg, lanes[l]);
    }
  }
}

TTSIM_EXPORT void ttsim_sfpi_mad(const uint32_t* a, const uint32_t* b, const uint32_t* c,
                                 uint32_t* d, int blackhole) {
  for (int l = 0; l < kLanes; ++l) {
    d[l] = num::sfpu_mad(blackhole != 0, a[l], b[l], c[l]);
  }
}

TTSIM_EXPORT void ttsim_sfpi_charge(const char* call, uint32_t instructions) {
  ComputeContext& ctx = current_compute();
  ttsim::charge_op(ctx, ttsim::ComputeKind::Sfpi, call, 1, 0, 0, 0, 1, instructions);
}
