// DST ownership between MATH and PACK: tile_regs_* and the deprecated acquire_dst/release_dst.
#pragma once
#include "api/compute/common.h"

namespace ckernel {

ALWI void tile_regs_acquire() { ttsim_tile_regs_acquire(); }
ALWI void tile_regs_wait() { ttsim_tile_regs_wait(); }
ALWI void tile_regs_commit() { ttsim_tile_regs_commit(); }
ALWI void tile_regs_release() { ttsim_tile_regs_release(); }
ALWI void acquire_dst() { ttsim_acquire_dst(); }
ALWI void release_dst() { ttsim_release_dst(); }

}  // namespace ckernel
