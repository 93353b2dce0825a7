// Running a child process (the compiler, the host program) with a working directory, extra
// environment, a time limit and its combined output captured to a file.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace tltt::runner {

struct ProcessResult {
  bool started = false;    // false: could not fork/exec (output holds why)
  int exit_code = -1;      // valid when exited normally
  int signal = 0;          // non-zero when killed by a signal
  bool timed_out = false;  // killed after exceeding the limit
  std::string output;      // stdout and stderr, interleaved
  bool ok() const { return started && !timed_out && signal == 0 && exit_code == 0; }
  std::string status_text() const;  // "exit code 3", "killed by signal 11 (...)", "timed out"
};

// argv[0] is looked up on PATH. `log_path` receives the output (and is read back).
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::vector<std::pair<std::string, std::string>>& env,
                          double timeout_seconds, const std::string& log_path);

}  // namespace tltt::runner
