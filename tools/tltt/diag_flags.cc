// Command-line spelling of the diagnostic options (docs/diagnostics.md).
#include "diag_flags.h"

#include <CLI/CLI.hpp>
#include <cstdio>

namespace tltt::cli {

void add_diag_flags(CLI::App& app, DiagFlags& flags) {
  // A flag, not an option, so `--remarks FILE` never takes FILE as the pass list.
  app.add_flag("--remarks{all}", flags.remarks,
               "print remarks (each decision of a pass and why); --remarks=B1,shared-to-cb "
               "limits them to those passes (ids or names; `frontend` for the front end)");
  app.add_option("-W", flags.w,
                 "-W<name> / -Wno-<name> enable/disable a named warning, -Werror makes every "
                 "warning an error, -Werror=<name> one of them");
  app.add_option("--diagnostics-format", flags.format,
                 "text (default) or json: one JSON object per line (docs/diagnostics.schema.json)")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--verify-diagnostics", flags.verify,
               "check the diagnostics against `# expected-...` comments in the file (tests)");
}

bool DiagFlags::to_options(DiagnosticOptions& out) const {
  for (const auto& v : w) {
    if (!out.add_warning_flag(v)) {
      std::string names;
      for (const auto& [name, _] : known_warnings()) {
        names += (names.empty() ? "" : ", ") + name;
      }
      std::fprintf(stderr, "tltt: error: unknown warning option '-W%s' (known warnings: %s)\n",
                   v.c_str(), names.c_str());
      return false;
    }
  }
  out.set_remarks(remarks);
  out.json = format == "json";
  out.verify = verify;
  return true;
}

}  // namespace tltt::cli
