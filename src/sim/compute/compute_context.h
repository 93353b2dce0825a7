// The simulator's view of one core's compute kernel, as used by the compute-op implementations
// (src/sim/compute/*.cc): checked access to CB tiles and DST, the math configuration, time.
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "sim/numerics/numerics.h"
#include "sim/timing/compute_op.h"

namespace ttsim {

// What inits set and later ops read, per compute kernel. It lives in the kernel's context (the
// task), so a kernel never sees state an earlier kernel left behind.
struct ComputeModes {
  std::array<uint32_t, 64> pack_cursor{};  // sequential pack_tile position per CB since push
  bool acc_to_dest = false;
  bool copy_transpose = false;
  bool matmul_transpose = false;
  bool pack_l1_acc = false;
  std::array<bool, 16> dst_written{};  // DST tiles written since the last acquire
};

class ComputeContext {
 public:
  virtual ~ComputeContext() = default;

  ComputeModes modes;
  // DST was just acquired (tile_regs_acquire / acquire_dst): every tile is fresh again.
  void dst_acquired() { modes.dst_written.fill(false); }
  // cb_push_back by this kernel: the packer's sequential write cursor of `cb` restarts at 0.
  void cb_pushed(uint32_t cb) {
    if (cb < modes.pack_cursor.size()) {
      modes.pack_cursor[cb] = 0;
    }
  }

  // Tile `index` (in pages) past the front of `cb`; an error unless that many pages were waited
  // for. `call` names the kernel API call for diagnostics.
  virtual const uint8_t* front_tile(uint32_t cb, uint32_t index, const char* call) = 0;
  // Tile `index` past the back of `cb`; an error unless that many pages are reserved.
  virtual uint8_t* back_tile(uint32_t cb, uint32_t index, const char* call) = 0;
  virtual tt::DataFormat cb_format(uint32_t cb) = 0;

  // DST tile `idst` as 1024 floats in tile order; an error unless DST is acquired by MATH (or
  // waited by PACK when `for_pack`) and idst is below the capacity for the sync/accumulate mode.
  virtual float* dst_tile(uint32_t idst, bool for_pack, const char* call) = 0;

  // Fidelity, fp32 DST, approx mode from ComputeConfig; dst16 format set by the inits.
  virtual num::MathConfig& math_config() = 0;

  // Charges `cycles` of simulated time to the compute RISC for the op `what`.
  virtual void charge(const char* what, uint64_t cycles) = 0;
  // Describes the op to the timing model (unpack/math/pack threads); by default a flat charge.
  virtual void charge_op(const ComputeOp& op) { charge(op.name, placeholder_cycles(op)); }
  // TTSIM_TIMING_ONLY: ops keep their checks and timing but skip the arithmetic.
  virtual bool timing_only() const { return false; }

  // Reports misuse with the kernel, core and call, and ends the run (does not return).
  [[noreturn]] virtual void fail(const char* call, const std::string& message) = 0;
};

// The context of the compute kernel that is running now (valid only inside a compute kernel).
ComputeContext& current_compute();

}  // namespace ttsim
