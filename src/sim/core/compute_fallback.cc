// Weak stand-ins for the compute-op ABI entry points that src/sim/compute/*.cc defines; they
// keep libttsim linkable before those land and report a clear error if a kernel reaches one.
#include "sim/compute/compute_context.h"
#include "ttsim/abi.h"

#define TTSIM_WEAK extern "C" __attribute__((weak))

namespace {
[[noreturn]] void missing(const char* call) {
  ttsim::current_compute().fail(call, "this compute op is not implemented in this build");
}
}  // namespace

TTSIM_WEAK void ttsim_compute_init(int, uint32_t, uint32_t, uint32_t) {}
TTSIM_WEAK void ttsim_matmul(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t,
                             uint32_t, uint32_t) {
  missing("matmul_tiles");
}
TTSIM_WEAK void ttsim_binary(int, int, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, int) {
  missing("binary op");
}
TTSIM_WEAK void ttsim_copy_tile(uint32_t, uint32_t, uint32_t, int) { missing("copy_tile"); }
TTSIM_WEAK void ttsim_pack_tile(uint32_t, uint32_t, uint32_t, int) { missing("pack_tile"); }
TTSIM_WEAK void ttsim_reduce_tile(int, int, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) {
  missing("reduce_tile");
}
TTSIM_WEAK void ttsim_sfpu_unary(int, uint32_t, uint32_t) { missing("sfpu op"); }
TTSIM_WEAK void ttsim_sfpu_binary(int, uint32_t, uint32_t) { missing("sfpu binary op"); }
TTSIM_WEAK void ttsim_tilize_block(uint32_t, uint32_t, uint32_t) { missing("tilize_block"); }
TTSIM_WEAK void ttsim_untilize_block(uint32_t, uint32_t, uint32_t) { missing("untilize_block"); }
TTSIM_WEAK void ttsim_transpose_dst(uint32_t) { missing("transpose"); }
