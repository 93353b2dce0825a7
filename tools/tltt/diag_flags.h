// The diagnostic options shared by `tltt parse`, `tltt compile` and `tltt run`:
// --remarks[=PASS,...], -W<name>/-Wno-<name>/-Werror[=<name>], --diagnostics-format=text|json,
// --verify-diagnostics.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "support/diagnostics.h"

namespace CLI {
class App;
}

namespace tltt::cli {

struct DiagFlags {
  std::string remarks;         // "all" for a bare --remarks
  std::vector<std::string> w;  // -W values
  std::string format = "text";
  bool verify = false;

  // Turns the flags into engine options; prints `tltt: error: ...` and returns false on a bad
  // -W name.
  bool to_options(DiagnosticOptions& out) const;
};

// Adds the flags to `tltt parse`, `tltt compile` and `tltt run` (whose JSON diagnostics go to
// stderr, apart from the run's own lines on stdout).
void add_diag_flags(CLI::App& app, DiagFlags& flags);

}  // namespace tltt::cli
