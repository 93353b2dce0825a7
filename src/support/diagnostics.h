// User-facing diagnostics: `emit error(loc) << "..."` builds an in-flight diagnostic that is
// reported when it goes out of scope, as `file:line:col: error: msg`, the source line and a caret.
// Warnings and remarks carry stable names (docs/diagnostics.md): `-W<name>`/`-Wno-<name>`/
// `-Werror` control warnings, `--remarks[=PASS,...]` selects remarks, and the JSON format
// renders every diagnostic as one JSON object per line for tools.
#pragma once
#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/location.h"

namespace tltt {

class SourceManager;

// kRemark: a decision a pass made and why (shown only when asked for with --remarks).
enum class Severity { kError, kWarning, kNote, kRemark };
const char* severity_name(Severity s);

struct Diagnostic {
  Severity severity = Severity::kError;
  Location loc;
  std::string message;
  std::vector<Diagnostic> notes;
  // Stable name: the warning's `-W` name, or `<pass>.<decision>` for a remark; empty for errors
  // and notes.
  std::string name;
  std::string pass;  // pass that emitted a remark or warning (registry name), if any
};

// How diagnostics are filtered and rendered (tltt's -W, --remarks, --diagnostics-format).
struct DiagnosticOptions {
  // Remarks shown: "all", or pass names/ids ("work-partition", "B1", "frontend"); empty: none.
  std::vector<std::string> remarks;
  std::map<std::string, bool> warnings;  // -W<name> (true) / -Wno-<name> (false)
  bool warnings_as_errors = false;       // -Werror
  std::set<std::string> errors;          // -Werror=<name>
  bool json = false;                     // --diagnostics-format=json
  bool verify = false;                   // --verify-diagnostics: collect, print nothing

  // Parses one `-W` value (`error`, `error=NAME`, `no-NAME`, `NAME`); false if malformed.
  bool add_warning_flag(const std::string& value);
  // Parses `--remarks[=A,B]`: "all" or a comma-separated list.
  void set_remarks(const std::string& value);
};

// Every named warning the compiler can emit (for -W validation and docs/diagnostics.md).
const std::vector<std::pair<std::string, std::string>>& known_warnings();

class DiagnosticEngine;

// Reports itself to its engine when destroyed. Converts to `false` ("failure") so a function
// returning bool can `return diag.error(loc) << "...";`.
class InFlightDiagnostic {
 public:
  InFlightDiagnostic(DiagnosticEngine* engine, Diagnostic diag)
      : engine_(engine), diag_(std::move(diag)) {}
  InFlightDiagnostic(InFlightDiagnostic&& other) noexcept
      : engine_(other.engine_), diag_(std::move(other.diag_)), stream_(std::move(other.stream_)) {
    other.engine_ = nullptr;
  }
  InFlightDiagnostic(const InFlightDiagnostic&) = delete;
  ~InFlightDiagnostic();

  template <class T>
  InFlightDiagnostic& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }
  // Attaches a note pointing at another location (e.g. "previous definition is here").
  InFlightDiagnostic& note(const Location& loc, std::string message);
  operator bool() const { return false; }  // NOLINT: deliberate conversion to "failure"

 private:
  DiagnosticEngine* engine_;
  Diagnostic diag_;
  std::ostringstream stream_;
};

class DiagnosticEngine {
 public:
  // Diagnostics are rendered to `out` (stderr by default) unless a handler is installed.
  explicit DiagnosticEngine(const SourceManager* sources = nullptr, std::FILE* out = stderr)
      : sources_(sources), out_(out) {}

  InFlightDiagnostic error(const Location& loc) { return {this, {Severity::kError, loc, {}, {}}}; }
  // A warning with a stable name (see known_warnings()).
  InFlightDiagnostic warning(const Location& loc, std::string name = {}, std::string pass = {}) {
    return {this, {Severity::kWarning, loc, {}, {}, std::move(name), std::move(pass)}};
  }
  // A remark of `pass` (registry name) called `<pass>.<what>`; dropped unless --remarks selects
  // the pass (the returned diagnostic then reports nowhere). `pass_id` also selects it.
  InFlightDiagnostic remark(const Location& loc, const std::string& pass, const std::string& what,
                            const std::string& pass_id = {});
  bool remarks_enabled(const std::string& pass, const std::string& pass_id = {}) const;

  // Replaces printing: every finished diagnostic goes to `handler` instead (tests, fuzzing).
  void set_handler(std::function<void(const Diagnostic&)> handler) {
    handler_ = std::move(handler);
  }
  void set_sources(const SourceManager* sources) { sources_ = sources; }
  void set_options(DiagnosticOptions options) { options_ = std::move(options); }
  const DiagnosticOptions& options() const { return options_; }

  size_t error_count() const { return error_count_; }
  bool has_errors() const { return error_count_ > 0; }
  const std::vector<Diagnostic>& diagnostics() const { return all_; }

  // `file:line:col: error: msg` + source line + caret line, each newline-terminated.
  std::string render(const Diagnostic& diag) const;
  // One JSON object (no trailing newline) in the schema of docs/diagnostics.schema.json.
  static std::string render_json(const Diagnostic& diag);
  void report(Diagnostic diag);

 private:
  const SourceManager* sources_;
  std::FILE* out_;
  std::function<void(const Diagnostic&)> handler_;
  DiagnosticOptions options_;
  std::vector<Diagnostic> all_;
  size_t error_count_ = 0;
};

}  // namespace tltt
