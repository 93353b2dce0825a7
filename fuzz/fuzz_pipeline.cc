// libFuzzer target for the compiler pipeline: any input the front end accepts must either go
// through every pass of the registry and code generation or stop at a pass with at least one
// error diagnostic; crashes, sanitizer reports and internal compiler errors are bugs.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "codegen/codegen.h"
#include "frontend/frontend.h"
#include "passes/pass_manager.h"
#include "support/assert.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  tltt::SourceManager sources;
  tltt::DiagnosticEngine diag(&sources, nullptr);
  size_t rendered = 0;
  diag.set_handler([&](const tltt::Diagnostic& d) { rendered += diag.render(d).size(); });
  try {
    auto m = tltt::fe::load_source("fuzz.py", text, {}, sources, diag);
    if (!m) {
      return 0;
    }
    tltt::passes::PassContext ctx;
    ctx.diag = &diag;
    ctx.device = *tltt::passes::DeviceModel::by_name("wormhole_b0");
    tltt::ir::Module cur = *m;
    for (const auto& p : tltt::passes::pass_registry()) {
      auto next = tltt::passes::run_pass(p, cur, ctx);
      if (!next) {
        if (!diag.has_errors()) {
          std::fprintf(stderr, "pass %s failed without a diagnostic\n",
                       std::string(p.name).c_str());
          std::abort();
        }
        return 0;
      }
      cur = *next;
    }
    if (tltt::codegen::generate(cur).empty()) {
      std::fprintf(stderr, "code generation produced no files\n");
      std::abort();
    }
  } catch (const tltt::InternalError& e) {
    std::fprintf(stderr, "internal compiler error: %s\n", e.what());
    std::abort();
  }
  return 0;
}
