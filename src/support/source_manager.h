// Holds the text of every source file read in a run, so diagnostics can quote the offending line.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tltt {

class SourceManager {
 public:
  // Reads `path` from disk; returns its text or nullopt when it cannot be read.
  std::optional<std::string_view> load_file(const std::string& path);
  // Registers in-memory text under `name` (tests, fuzzing, --entry expressions).
  std::string_view add_buffer(const std::string& name, std::string text);
  // The text of line `line` (1-based) of `file`, without its newline; empty if unknown.
  std::string_view line_text(std::string_view file, uint32_t line) const;

 private:
  std::map<std::string, std::string, std::less<>> files_;
};

}  // namespace tltt
