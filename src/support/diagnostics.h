// User-facing diagnostics (R6): `emit error(loc) << "..."` builds an in-flight diagnostic that is
// reported when it goes out of scope, as `file:line:col: error: msg`, the source line and a caret.
#pragma once
#include <cstdio>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "support/location.h"

namespace tltt {

class SourceManager;

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity = Severity::kError;
  Location loc;
  std::string message;
  std::vector<Diagnostic> notes;
};

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
  InFlightDiagnostic warning(const Location& loc) {
    return {this, {Severity::kWarning, loc, {}, {}}};
  }
  // A stand-alone note (front-end remarks: `--remarks`).
  InFlightDiagnostic note(const Location& loc) { return {this, {Severity::kNote, loc, {}, {}}}; }

  // Replaces printing: every finished diagnostic goes to `handler` instead (tests, fuzzing).
  void set_handler(std::function<void(const Diagnostic&)> handler) {
    handler_ = std::move(handler);
  }
  void set_sources(const SourceManager* sources) { sources_ = sources; }

  size_t error_count() const { return error_count_; }
  bool has_errors() const { return error_count_ > 0; }
  const std::vector<Diagnostic>& diagnostics() const { return all_; }

  // `file:line:col: error: msg` + source line + caret line, each newline-terminated.
  std::string render(const Diagnostic& diag) const;
  void report(Diagnostic diag);

 private:
  const SourceManager* sources_;
  std::FILE* out_;
  std::function<void(const Diagnostic&)> handler_;
  std::vector<Diagnostic> all_;
  size_t error_count_ = 0;
};

}  // namespace tltt
