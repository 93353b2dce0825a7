// File-name interning and Location helpers.
#include "support/location.h"

#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <set>

namespace tltt {

std::string_view intern_file_name(std::string_view name) {
  static std::mutex mu;
  static std::set<std::string, std::less<>> names;
  std::lock_guard<std::mutex> lock(mu);
  auto it = names.find(name);
  if (it == names.end()) {
    it = names.emplace(name).first;
  }
  return *it;
}

Location Location::span(const Location& a, const Location& b) {
  if (!a.known()) {
    return b;
  }
  if (!b.known()) {
    return a;
  }
  Location r = a;
  if (b.line < a.line || (b.line == a.line && b.col < a.col)) {
    r.line = b.line;
    r.col = b.col;
  }
  uint32_t ael = a.end_line ? a.end_line : a.line, aec = a.end_col ? a.end_col : a.col;
  uint32_t bel = b.end_line ? b.end_line : b.line, bec = b.end_col ? b.end_col : b.col;
  if (bel > ael || (bel == ael && bec > aec)) {
    r.end_line = bel;
    r.end_col = bec;
  } else {
    r.end_line = ael;
    r.end_col = aec;
  }
  return r;
}

std::string Location::str() const {
  if (!known()) {
    return file.empty() ? std::string("<unknown>") : std::string(file);
  }
  return fmt::format("{}:{}:{}", file, line, col);
}

}  // namespace tltt
