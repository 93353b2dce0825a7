// Front-end tests through the public API: pass-free round trip of the examples, classic and eager
// forms agreeing, instantiation from --entry/--set, skipped test code, error recovery.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "frontend/frontend.h"
#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/verifier.h"

namespace tltt::fe {
namespace {

std::string example_path(const std::string& name) {
  return std::string(TLTT_SOURCE_DIR) + "/examples/" + name;
}

struct Result {
  std::optional<ir::Module> module;
  std::vector<std::string> errors;
};

Result load_file(const std::string& path, EntryOptions opts = {}) {
  SourceManager sources;
  DiagnosticEngine diag(&sources, nullptr);
  Result r;
  diag.set_handler(
      [&](const Diagnostic& d) { r.errors.push_back(d.loc.str() + ": " + d.message); });
  r.module = load(path, opts, sources, diag);
  return r;
}

Result load_text(const std::string& text, EntryOptions opts = {}) {
  SourceManager sources;
  DiagnosticEngine diag(&sources, nullptr);
  Result r;
  diag.set_handler(
      [&](const Diagnostic& d) { r.errors.push_back(d.loc.str() + ": " + d.message); });
  r.module = load_source("t.py", text, opts, sources, diag);
  return r;
}

const char* kExamples[] = {
    "gemm.py",      "gemm_eager.py",      "elementwise_add.py", "elementwise_add_eager.py",
    "softmax.py",   "softmax_eager.py",   "rmsnorm.py",         "rmsnorm_eager.py",
    "layernorm.py", "layernorm_eager.py", "flash_attention.py", "flash_attention_eager.py"};

class Examples : public ::testing::TestWithParam<const char*> {};

// Pass-free round trip: two independent reads of a file give structurally equal, verified IR
// with identical text, and an identity mutator returns the very same nodes.
TEST_P(Examples, TwoIndependentParsesAreStructurallyEqual) {
  Result a = load_file(example_path(GetParam()));
  Result b = load_file(example_path(GetParam()));
  ASSERT_TRUE(a.module) << (a.errors.empty() ? "" : a.errors[0]);
  ASSERT_TRUE(b.module);
  std::string why;
  EXPECT_TRUE(ir::structural_equal(*a.module, *b.module, &why)) << why;
  EXPECT_EQ(ir::print(*a.module), ir::print(*b.module));
  EXPECT_TRUE(ir::verify(*a.module).empty());
  struct Identity : ir::Mutator {
    using ir::Mutator::visit;
  } id;
  const ir::PrimFunc& f = a.module->functions[0];
  EXPECT_TRUE(id.mutate(f).body.same_as(f.body));
}

INSTANTIATE_TEST_SUITE_P(Frontend, Examples, ::testing::ValuesIn(kExamples));

class ClassicVsEager : public ::testing::TestWithParam<const char*> {};

// The classic factory and the eager form of the same kernel produce the same kernel body.
TEST_P(ClassicVsEager, BodiesMatch) {
  std::string base = GetParam();
  Result classic = load_file(example_path(base + ".py"));
  Result eager = load_file(example_path(base + "_eager.py"));
  ASSERT_TRUE(classic.module && eager.module);
  const ir::PrimFunc& c = classic.module->functions[0];
  const ir::PrimFunc& e = eager.module->functions[0];
  EXPECT_EQ(c.attrs.find("tl.out_idx")->as_int_list(), e.attrs.find("tl.out_idx")->as_int_list());
  ASSERT_EQ(c.params.size(), e.params.size());
  std::string why;
  EXPECT_TRUE(ir::structural_equal(c.body, e.body, &why)) << why;
}

INSTANTIATE_TEST_SUITE_P(Frontend, ClassicVsEager,
                         ::testing::Values("gemm", "elementwise_add", "softmax", "rmsnorm",
                                           "layernorm"));

TEST(Entry, EntryExpressionReplacesTheFilesInstantiation) {
  EntryOptions opts;
  opts.entry = "matmul(128, 64, 32, 32, 32, 16)";
  Result r = load_file(example_path("gemm.py"), opts);
  ASSERT_TRUE(r.module);
  std::string text = ir::print(*r.module);
  EXPECT_NE(text.find("A: global bfloat16[128, 32]"), std::string::npos) << text;
  EXPECT_NE(text.find("launch (bx < 2, by < 4)"), std::string::npos) << text;
  EXPECT_NE(text.find("for ko in pipelined(0 +: 2, num_stages=2)"), std::string::npos) << text;
}

TEST(Entry, FactoryNameWithSetValues) {
  EntryOptions opts;
  opts.entry = "matmul";
  opts.sets = {"M=64", "N=64", "K=64", "block_M=32", "block_N=32", "block_K=32", "dtype=float16"};
  Result r = load_file(example_path("gemm.py"), opts);
  ASSERT_TRUE(r.module) << (r.errors.empty() ? "" : r.errors[0]);
  std::string text = ir::print(*r.module);
  EXPECT_NE(text.find("A: global float16[64, 64]"), std::string::npos) << text;
  EXPECT_NE(text.find("launch (bx < 2, by < 2)"), std::string::npos) << text;
}

TEST(Entry, SetProvidesEagerConstSymbols) {
  EntryOptions opts;
  opts.entry = "vector_add";
  opts.sets = {"M=64", "N=128", "block_M=32", "block_N=32"};
  Result r = load_file(example_path("elementwise_add_eager.py"), opts);
  ASSERT_TRUE(r.module) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_NE(ir::print(*r.module).find("A: global float16[64, 128]"), std::string::npos);
}

TEST(Entry, SetOverridesAModuleConstant) {
  const char* src = R"(import tilelang
import tilelang.language as T
BLOCK = 32

@tilelang.jit(out_idx=[-1])
def fill(M):
    @T.prim_func
    def k(A: T.Tensor((M,), "float32")):
        with T.Kernel(M // BLOCK) as bx:
            T.fill(A[bx * BLOCK:(bx + 1) * BLOCK], 1.5)
    return k

kernel = fill(128)
)";
  Result plain = load_text(src);
  ASSERT_TRUE(plain.module);
  EXPECT_NE(ir::print(*plain.module).find("launch (bx < 4)"), std::string::npos);
  EntryOptions opts;
  opts.sets = {"BLOCK=64"};
  Result r = load_text(src, opts);
  ASSERT_TRUE(r.module);
  std::string text = ir::print(*r.module);
  EXPECT_NE(text.find("launch (bx < 2)"), std::string::npos) << text;
  EXPECT_NE(text.find("fill A[bx * 64 +: 64], 1.5f"), std::string::npos) << text;
}

TEST(Entry, TestAndBenchmarkCodeIsNeverEvaluated) {
  const char* src = R"(import argparse
import torch
import tilelang
import tilelang.language as T
from tilelang.profiler import do_bench

def ref_program(A):
    return torch.relu(A) + [x for x in range(3)] @ weird

def benchmark(:   # not even valid Python
    pass

@tilelang.jit(out_idx=[-1])
def relu(N, dtype="float32"):
    @T.prim_func
    def k(A: T.Tensor((N,), dtype), B: T.Tensor((N,), dtype)):
        with T.Kernel(1) as bx:
            for i in T.Parallel(N):
                B[i] = T.max(A[i], 0)
    return k

parser = argparse.ArgumentParser()
args = parser.parse_args()
kernel = relu(256)
print(do_bench(lambda: kernel(torch.randn(256))))
)";
  Result r = load_text(src);
  ASSERT_TRUE(r.module) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_NE(ir::print(*r.module).find("B[i] = max(A[i], 0.0f)"), std::string::npos)
      << ir::print(*r.module);
}

TEST(Entry, TilelangCompileSetsOutputs) {
  const char* src = R"(import tilelang
import tilelang.language as T

def scale(N):
    @T.prim_func
    def k(A: T.Tensor((N,), "float32"), B: T.Tensor((N,), "float32")):
        with T.Kernel(1) as bx:
            for i in T.Parallel(N):
                B[i] = A[i] * 2
    return k

func = scale(64)
kernel = tilelang.compile(func, out_idx=[1], target="tenstorrent")
)";
  Result r = load_text(src);
  ASSERT_TRUE(r.module) << (r.errors.empty() ? "" : r.errors[0]);
  const auto& f = r.module->functions[0];
  EXPECT_EQ(f.attrs.find("tl.out_idx")->as_int_list(), std::vector<int64_t>{1});
  EXPECT_EQ(f.attrs.find("tl.outputs")->as_string_list(), std::vector<std::string>{"B"});
}

TEST(Diagnostics, KernelErrorsAreAllReportedWithLocations) {
  const char* src = R"(import tilelang
import tilelang.language as T

@tilelang.jit(out_idx=[-1])
def bad(N):
    @T.prim_func
    def k(A: T.Tensor((N, N), "float32")):
        with T.Kernel(1) as bx:
            A[0] = 1.0
            T.not_a_construct()
            A[0, 0] = undefined_name
            T.clear(A)
    return k

kernel = bad(8)
)";
  Result r = load_text(src);
  EXPECT_FALSE(r.module);
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0], "t.py:9:13: buffer 'A' has rank 2 but is indexed with 1 index");
  EXPECT_EQ(r.errors[1], "t.py:10:13: 'T.not_a_construct' is not a supported TileLang construct");
  EXPECT_EQ(r.errors[2], "t.py:11:23: name 'undefined_name' is not defined (NameError)");
}

TEST(Diagnostics, RenderedFormHasSourceLineAndCaret) {
  SourceManager sources;
  std::string out;
  DiagnosticEngine diag(&sources, nullptr);
  diag.set_handler([&](const Diagnostic& d) { out += diag.render(d); });
  auto m = load_source("x.py", "import tilelang.language as T\nk = T.float17\n", {}, sources, diag);
  EXPECT_FALSE(m);
  EXPECT_EQ(out,
            "x.py: error: no kernel instantiation with literal arguments found in the file; "
            "pass --entry, e.g. --entry 'factory(...)'\n");
  out.clear();
  EntryOptions opts;
  opts.entry = "T.float17(1)";
  m = load_source("y.py", "import tilelang.language as T\n", opts, sources, diag);
  EXPECT_EQ(out,
            "<entry>:1:1: error: 'T.float17' is not a supported TileLang construct\n"
            "T.float17(1)\n"
            "^~~~~~~~~\n");
}

}  // namespace
}  // namespace tltt::fe
