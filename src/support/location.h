// Source locations stamped on every IR node and token: file, start and end (1-based line/col).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace tltt {

// Returns a stable view of `name` that lives for the whole process (file names are interned so a
// Location stays a small trivially-copyable value).
std::string_view intern_file_name(std::string_view name);

struct Location {
  std::string_view file;  // interned; empty when unknown
  uint32_t line = 0;      // 0 = unknown
  uint32_t col = 0;
  uint32_t end_line = 0;
  uint32_t end_col = 0;  // exclusive

  bool known() const { return line != 0; }
  // The smallest location covering both `a` and `b` (either may be unknown).
  static Location span(const Location& a, const Location& b);
  std::string str() const;  // "file:line:col"
  bool operator==(const Location&) const = default;
};

}  // namespace tltt
