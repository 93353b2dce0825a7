// Lenient checks with run-report warnings, errors under TTSIM_STRICT=1 (see strict.h).
#include "sim/core/strict.h"

#include "sim/core/engine.h"

namespace ttsim {

void lenient(Engine& e, Task& t, const char* call, const std::string& message) {
  if (e.settings().strict) {
    e.fail(t, call, message + " (an error because TTSIM_STRICT is set)");
  }
  e.recorder().warn(e.where(t) + ": " + call + ": " + message);
}

}  // namespace ttsim
