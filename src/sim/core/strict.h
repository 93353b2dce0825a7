// Strictness like the hardware's: what the hardware allows and real programs do, though the SDK's
// contract does not promise it, runs with a run-report warning; TTSIM_STRICT=1 makes it an error.
#pragma once
#include <string>

namespace ttsim {
class Engine;
struct Task;
// Warns (once per distinct message, in the run report) or, in strict mode, fails the task.
void lenient(Engine& e, Task& t, const char* call, const std::string& message);
}  // namespace ttsim
