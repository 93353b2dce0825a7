// Debug aid: prints the IR after every pass for the test kernels (run with --gtest_filter).
#include <gtest/gtest.h>

#include <iostream>

#include "ir/printer.h"
#include "kernels.h"
#include "codegen/codegen.h"
#include "passes/pass_manager.h"

namespace tltt::testing {
namespace {

TEST(DumpPipeline, DISABLED_Gemm) {
  DiagnosticEngine diag;
  passes::PassContext ctx;
  ctx.diag = &diag;
  ir::Module m = make_gemm({});
  for (const auto& p : passes::pass_registry()) {
    auto next = passes::run_pass(p, m, ctx);
    ASSERT_TRUE(next) << p.name;
    m = *next;
    std::cout << "// ---- after " << p.name << "\n" << ir::print(m);
  }
  for (const auto& [name, text] : codegen::generate(m)) {
    std::cout << "// ==== " << name << "\n" << text;
  }
}

}  // namespace
}  // namespace tltt::testing
