// Diagnostic rendering (source line + caret) and reporting.
#include "support/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "support/source_manager.h"

namespace tltt {

InFlightDiagnostic::~InFlightDiagnostic() {
  if (engine_ == nullptr) {
    return;
  }
  diag_.message = stream_.str();
  engine_->report(std::move(diag_));
}

InFlightDiagnostic& InFlightDiagnostic::note(const Location& loc, std::string message) {
  diag_.notes.push_back({Severity::kNote, loc, std::move(message), {}});
  return *this;
}

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
    case Severity::kRemark:
      return "remark";
  }
  return "error";
}

const std::vector<std::pair<std::string, std::string>>& known_warnings() {
  static const std::vector<std::pair<std::string, std::string>> names = {
      {"sharding-fallback",
       "an L1-sharded tensor's shards are not local to the blocks, so the partition stays global "
       "and shards are read remotely (B1 work-partition)"},
  };
  return names;
}

bool DiagnosticOptions::add_warning_flag(const std::string& value) {
  auto known = [](const std::string& name) {
    const auto& k = known_warnings();
    return std::any_of(k.begin(), k.end(), [&](const auto& w) { return w.first == name; });
  };
  if (value == "error") {
    warnings_as_errors = true;
    return true;
  }
  if (value.rfind("error=", 0) == 0 && known(value.substr(6))) {
    errors.insert(value.substr(6));
    return true;
  }
  if (value.rfind("no-", 0) == 0 && known(value.substr(3))) {
    warnings[value.substr(3)] = false;
    return true;
  }
  if (known(value)) {
    warnings[value] = true;
    return true;
  }
  return false;
}

void DiagnosticOptions::set_remarks(const std::string& value) {
  remarks.clear();
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    std::string item = value.substr(start, comma == std::string::npos ? comma : comma - start);
    if (!item.empty()) {
      remarks.push_back(item);
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
}

namespace {

void render_one(const SourceManager* sources, const Diagnostic& d, std::string& out) {
  std::string tag;
  if (d.severity == Severity::kWarning && !d.name.empty()) {
    tag = " [-W" + d.name + "]";
  } else if (d.severity == Severity::kError && !d.name.empty()) {
    tag = " [-Werror=" + d.name + "]";  // a warning promoted by -Werror
  } else if (d.severity == Severity::kRemark) {
    tag = " [" + d.name + "]";
  }
  out += fmt::format("{}: {}: {}{}\n", d.loc.str(), severity_name(d.severity), d.message, tag);
  if (sources == nullptr || !d.loc.known()) {
    return;
  }
  std::string_view line = sources->line_text(d.loc.file, d.loc.line);
  if (line.empty() && d.loc.col > 1) {
    return;
  }
  out += line;
  out += '\n';
  // Keep tabs from the source line so the caret lines up under it.
  std::string caret;
  uint32_t col = d.loc.col == 0 ? 1 : d.loc.col;
  for (uint32_t i = 1; i < col; ++i) {
    caret += (i - 1 < line.size() && line[i - 1] == '\t') ? '\t' : ' ';
  }
  caret += '^';
  uint32_t end = col + 1;
  if (d.loc.end_line == d.loc.line && d.loc.end_col > col + 1) {
    end = d.loc.end_col;
  } else if (d.loc.end_line > d.loc.line) {
    end = static_cast<uint32_t>(line.size()) + 1;
  }
  for (uint32_t i = col + 1; i < end; ++i) {
    caret += '~';
  }
  out += caret;
  out += '\n';
}

}  // namespace

std::string DiagnosticEngine::render(const Diagnostic& diag) const {
  std::string out;
  render_one(sources_, diag, out);
  for (const auto& n : diag.notes) {
    render_one(sources_, n, out);
  }
  return out;
}

namespace {
nlohmann::ordered_json to_json(const Diagnostic& d) {
  nlohmann::ordered_json j;
  j["severity"] = severity_name(d.severity);
  j["name"] = d.name;
  j["pass"] = d.pass;
  j["file"] = std::string(d.loc.file);
  j["line"] = d.loc.line;
  j["column"] = d.loc.col;
  j["message"] = d.message;
  if (d.severity != Severity::kNote) {
    auto notes = nlohmann::ordered_json::array();
    for (const auto& n : d.notes) {
      notes.push_back(to_json(n));
    }
    j["notes"] = notes;
  }
  return j;
}
}  // namespace

std::string DiagnosticEngine::render_json(const Diagnostic& diag) { return to_json(diag).dump(); }

bool DiagnosticEngine::remarks_enabled(const std::string& pass, const std::string& pass_id) const {
  for (const auto& r : options_.remarks) {
    if (r == "all" || r == pass || (!pass_id.empty() && r == pass_id)) {
      return true;
    }
  }
  return false;
}

InFlightDiagnostic DiagnosticEngine::remark(const Location& loc, const std::string& pass,
                                            const std::string& what, const std::string& pass_id) {
  DiagnosticEngine* target = remarks_enabled(pass, pass_id) ? this : nullptr;
  return {target, {Severity::kRemark, loc, {}, {}, pass + "." + what, pass}};
}

void DiagnosticEngine::report(Diagnostic diag) {
  if (diag.severity == Severity::kWarning) {
    auto it = options_.warnings.find(diag.name);
    if (it != options_.warnings.end() && !it->second) {
      return;  // -Wno-<name>
    }
    if (options_.warnings_as_errors || options_.errors.count(diag.name) > 0) {
      diag.severity = Severity::kError;
    }
  }
  if (diag.severity == Severity::kError) {
    ++error_count_;
  }
  if (handler_) {
    handler_(diag);
  } else if (out_ != nullptr && !options_.verify) {
    std::string text = options_.json ? render_json(diag) + "\n" : render(diag);
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
  }
  all_.push_back(std::move(diag));
}

}  // namespace tltt
