// libFuzzer target for the front end: any input must either translate to IR that verifies and
// prints, or fail with at least one diagnostic; crashes, sanitizer reports and internal compiler
// errors are bugs.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "frontend/frontend.h"
#include "ir/equality.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "support/assert.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  tltt::SourceManager sources;
  tltt::DiagnosticEngine diag(&sources, nullptr);
  size_t rendered = 0;
  diag.set_handler([&](const tltt::Diagnostic& d) { rendered += diag.render(d).size(); });
  try {
    auto m = tltt::fe::load_source("fuzz.py", text, {}, sources, diag);
    if (m) {
      std::string printed = tltt::ir::print(*m);
      if (!tltt::ir::verify(*m).empty() || printed.empty() || !tltt::ir::structural_equal(*m, *m)) {
        std::fprintf(stderr, "front end produced IR that does not verify:\n%s\n", printed.c_str());
        std::abort();
      }
    } else if (!diag.has_errors()) {
      std::fprintf(stderr, "front end failed without a diagnostic\n");
      std::abort();
    }
  } catch (const tltt::InternalError& e) {
    std::fprintf(stderr, "internal compiler error: %s\n", e.what());
    std::abort();
  }
  return 0;
}
