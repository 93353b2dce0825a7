// SourceManager: file loading and line lookup for diagnostics.
#include "support/source_manager.h"

#include <fstream>
#include <sstream>

#include "support/location.h"

namespace tltt {

std::optional<std::string_view> SourceManager::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    return std::nullopt;
  }
  return add_buffer(path, ss.str());
}

std::string_view SourceManager::add_buffer(const std::string& name, std::string text) {
  intern_file_name(name);
  auto& slot = files_[name];
  slot = std::move(text);
  return slot;
}

std::string_view SourceManager::line_text(std::string_view file, uint32_t line) const {
  auto it = files_.find(file);
  if (it == files_.end() || line == 0) {
    return {};
  }
  std::string_view text = it->second;
  size_t pos = 0;
  for (uint32_t l = 1; l < line; ++l) {
    pos = text.find('\n', pos);
    if (pos == std::string_view::npos) {
      return {};
    }
    ++pos;
  }
  size_t end = text.find('\n', pos);
  std::string_view result =
      text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
  if (!result.empty() && result.back() == '\r') {
    result.remove_suffix(1);
  }
  return result;
}

}  // namespace tltt
