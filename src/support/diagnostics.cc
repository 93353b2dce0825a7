// Diagnostic rendering (source line + caret) and reporting.
#include "support/diagnostics.h"

#include <fmt/format.h>

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

namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

void render_one(const SourceManager* sources, const Diagnostic& d, std::string& out) {
  out += fmt::format("{}: {}: {}\n", d.loc.str(), severity_name(d.severity), d.message);
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

void DiagnosticEngine::report(Diagnostic diag) {
  if (diag.severity == Severity::kError) {
    ++error_count_;
  }
  if (handler_) {
    handler_(diag);
  } else if (out_ != nullptr) {
    std::string text = render(diag);
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
  }
  all_.push_back(std::move(diag));
}

}  // namespace tltt
