// The progress line of long simulations: shown on a terminal, never in CI logs or redirected
// output ($TTSIM_PROGRESS=1 forces it on, =0 off), every kProgressTileOps simulated tile ops.
#pragma once
#include <cstdint>
#include <string>

namespace ttsim::timing {

inline constexpr uint64_t kProgressTileOps = 1u << 18;

// Pure decision, from whether stderr is a TTY and the values of $CI and $TTSIM_PROGRESS (null
// when unset).
bool progress_enabled(bool stderr_is_tty, const char* ci, const char* force);
// "\rttsim: simulated N cycles, M tile ops[ (timing only)]": rewrites the current line.
std::string progress_line(uint64_t cycles, uint64_t tile_ops, bool timing_only);

}  // namespace ttsim::timing
