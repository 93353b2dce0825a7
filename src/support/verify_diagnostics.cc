// In-file diagnostic expectations (docs/diagnostics.md):
//   # expected-<error|warning|remark|note>[@+N | @-N | @N | @*] {{message substring}}
// `@+N`/`@-N` are relative to the comment's line, `@N` is absolute, `@*` matches any location
// (command-line errors); without `@` the diagnostic is expected on the comment's own line. One
// expectation per line: the text runs to the line's last `}}`, so it may contain `}}` itself.
#include "support/verify_diagnostics.h"

#include <fstream>
#include <regex>

namespace tltt {

namespace {

struct Expected {
  Severity severity;
  int line = 0;  // 0: any location
  std::string text;
  int comment_line = 0;
  bool met = false;
};

void flatten(const Diagnostic& d, std::vector<const Diagnostic*>& out) {
  out.push_back(&d);
  for (const auto& n : d.notes) {
    flatten(n, out);
  }
}

}  // namespace

bool verify_diagnostics(const std::vector<Diagnostic>& reported, const std::string& file,
                        std::FILE* out) {
  std::ifstream in(file);
  if (!in) {
    std::fprintf(out, "%s: error: cannot read the file to verify its diagnostics\n", file.c_str());
    return false;
  }
  static const std::regex re(
      R"(expected-(error|warning|remark|note)(@(\*|[+-]?[0-9]+))?\s*\{\{(.*)\}\})");
  std::vector<Expected> expected;
  std::string text;
  bool ok = true;
  for (int line_no = 1; std::getline(in, text); ++line_no) {
    for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) {
      const std::smatch& m = *it;
      Expected e;
      e.severity = m[1] == "error"     ? Severity::kError
                   : m[1] == "warning" ? Severity::kWarning
                   : m[1] == "remark"  ? Severity::kRemark
                                       : Severity::kNote;
      e.comment_line = line_no;
      e.line = line_no;
      std::string at = m[3];
      if (at == "*") {
        e.line = 0;
      } else if (!at.empty() && (at[0] == '+' || at[0] == '-')) {
        e.line = line_no + std::stoi(at);
      } else if (!at.empty()) {
        e.line = std::stoi(at);
      }
      e.text = m[4];
      expected.push_back(std::move(e));
    }
  }
  std::vector<const Diagnostic*> all;
  for (const auto& d : reported) {
    flatten(d, all);
  }
  for (const Diagnostic* d : all) {
    bool in_file = d->loc.file == file;
    Expected* match = nullptr;
    for (auto& e : expected) {
      if (!e.met && e.severity == d->severity &&
          (e.line == 0 || (in_file && static_cast<int>(d->loc.line) == e.line)) &&
          d->message.find(e.text) != std::string::npos) {
        match = &e;
        break;
      }
    }
    if (match != nullptr) {
      match->met = true;
    } else {
      ok = false;
      std::fprintf(out, "%s: error: unexpected %s: %s\n", d->loc.str().c_str(),
                   severity_name(d->severity), d->message.c_str());
    }
  }
  for (const auto& e : expected) {
    if (!e.met) {
      ok = false;
      std::fprintf(
          out, "%s:%d: error: expected %s %s{{%s}} was not produced\n", file.c_str(),
          e.comment_line, severity_name(e.severity),
          e.line == 0 ? "at any location " : ("on line " + std::to_string(e.line) + " ").c_str(),
          e.text.c_str());
    }
  }
  return ok;
}

}  // namespace tltt
