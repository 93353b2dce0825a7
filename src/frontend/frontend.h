// Public API of the front end: read a TileLang file, pick the kernel instantiation (from
// --entry/--set or the file's own literal instantiation) and return its tile IR.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "support/diagnostics.h"
#include "support/source_manager.h"

namespace tltt::fe {

struct EntryOptions {
  // `matmul(1024, 1024, 1024, 128, 128, 32)`, `matmul.compile(M=1024, ...)`, a factory name
  // (its parameters then come from `sets`), or empty to use the file's own instantiation.
  std::string entry;
  // "NAME=VALUE": a factory parameter, a T.const symbol or a module-level constant; VALUE is a
  // number, a bool, a dtype or a string.
  std::vector<std::string> sets;
  // Device queries in factory code (get_num_sms(), ...) answer for this device; callers fill
  // num_sms from its worker grid.
  std::string device = "wormhole_b0";
  int num_sms = 64;
  // Directories searched for imported modules after the kernel file's own directory (--path);
  // the TLTT_PATH environment variable (':'-separated) is searched after them.
  std::vector<std::string> search_path;
  // `T.dynamic("m")` symbols without a --set value: false (compiling) reports a located error;
  // true (the Python package asking for the kernel's signature) gives each symbol a distinct
  // probe size, kDynamicProbeBase + kDynamicProbeStep * (index of the symbol), so shapes that
  // equal a probe name that symbol. The IR has no symbolic sizes.
  bool symbolic_dynamic = false;
  // Receives every T.dynamic symbol met, in order (the probe order when symbolic_dynamic is set).
  std::vector<std::string>* dynamic_symbols = nullptr;
};

inline constexpr int64_t kDynamicProbeBase = 1'000'000'000;
inline constexpr int64_t kDynamicProbeStep = 1024;

// Loads `path` into `sources` and translates it. On user errors the diagnostics have been
// reported to `diag` and the result is empty. Compiler bugs throw tltt::InternalError.
std::optional<ir::Module> load(const std::string& path, const EntryOptions& options,
                               SourceManager& sources, DiagnosticEngine& diag);

// Same, for in-memory text registered under `name` (tests, fuzzing).
std::optional<ir::Module> load_source(const std::string& name, std::string text,
                                      const EntryOptions& options, SourceManager& sources,
                                      DiagnosticEngine& diag);

}  // namespace tltt::fe
