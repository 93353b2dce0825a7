// Progress-line policy and text (progress.h); recorder.cc prints it, stats.cc ends the line.
#include "sim/timing/progress.h"

#include <cstring>

namespace ttsim::timing {

bool progress_enabled(bool stderr_is_tty, const char* ci, const char* force) {
  if (force && *force) {
    return std::strcmp(force, "0") != 0;
  }
  return stderr_is_tty && !(ci && *ci);
}

std::string progress_line(uint64_t cycles, uint64_t tile_ops, bool timing_only) {
  return "\rttsim: simulated " + std::to_string(cycles) + " cycles, " + std::to_string(tile_ops) +
         " tile ops" + (timing_only ? " (timing only)" : "");
}

}  // namespace ttsim::timing
