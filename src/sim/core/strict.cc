// Lenient checks with run-report warnings, errors under TTSIM_STRICT=1 (see strict.h).
#include "sim/core/strict.h"

#include <cstdlib>

#include "sim/core/engine.h"
#include "sim/timing/recorder.h"

namespace ttsim {

bool strict_mode() {
  const char* s = std::getenv("TTSIM_STRICT");
  return s && *s && std::string(s) != "0";
}

void lenient(Engine& e, Task& t, const char* call, const std::string& message) {
  if (strict_mode()) e.fail(t, call, message + " (an error because TTSIM_STRICT is set)");
  timing::warn(e.where(t) + ": " + call + ": " + message);
}

}  // namespace ttsim
