// Runs the hand-written GEMM artifacts (tests/e2e/handwritten/gemm) on the simulator through
// run_artifacts() on both devices, with the reference IR built by hand (the same kernel as
// tests/e2e/kernels/gemm_handwritten.py), so the harness is checked without the front end.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>

#include "ir/ir.h"
#include "runner/runner.h"

namespace fs = std::filesystem;

namespace tltt::runner {
namespace {

using namespace tltt::ir;

Expr c(int64_t v) { return make_int(v); }
Expr mul(Expr a, Expr b) { return Binary::make(BinaryOp::kMul, a, b); }

PrimFunc gemm_ir(int64_t M, int64_t N, int64_t K, int64_t bs) {
  auto bf = DataType::bfloat16();
  Buffer A = Buffer::make("A", bf, {c(M), c(K)}, MemScope::kGlobal);
  Buffer B = Buffer::make("B", bf, {c(K), c(N)}, MemScope::kGlobal);
  Buffer C = Buffer::make("C", bf, {c(M), c(N)}, MemScope::kGlobal);
  Buffer As = Buffer::make("a_tile", bf, {c(bs), c(bs)}, MemScope::kShared);
  Buffer Bs = Buffer::make("b_tile", bf, {c(bs), c(bs)}, MemScope::kShared);
  Buffer acc = Buffer::make("acc", DataType::float32(), {c(bs), c(bs)}, MemScope::kFragment);
  Var bx = Variable::make("bx"), by = Variable::make("by"), k = Variable::make("ko");
  Region a_src{A, {{mul(by, c(bs)), c(bs)}, {mul(k, c(bs)), c(bs)}}, {}};
  Region b_src{B, {{mul(k, c(bs)), c(bs)}, {mul(bx, c(bs)), c(bs)}}, {}};
  Region c_dst{C, {{mul(by, c(bs)), c(bs)}, {mul(bx, c(bs)), c(bs)}}, {}};
  Stmt kbody = SeqStmt::make(
      {Copy::make(a_src, Region::full(As)), Copy::make(b_src, Region::full(Bs)),
       Gemm::make(Region::full(As), Region::full(Bs), Region::full(acc), false, false, false)});
  Stmt body = SeqStmt::make({Fill::make(Region::full(acc), make_zero(DataType::float32())),
                             For::make(k, c(0), c(K / bs), ForKind::kPipelined, kbody, 2),
                             Copy::make(Region::full(acc), c_dst)});
  body = Allocate::make(As, Allocate::make(Bs, Allocate::make(acc, body)));
  PrimFunc fn;
  fn.name = "kernel";
  fn.params = {Param{A, {}}, Param{B, {}}, Param{C, {}}};
  fn.body = KernelLaunch::make({c(N / bs), c(M / bs)}, {bx, by}, {}, body);
  return fn;
}

class Handwritten : public ::testing::TestWithParam<const char*> {};

TEST_P(Handwritten, GemmPassesOnTheSimulator) {
  const fs::path work =
      fs::temp_directory_path() / ("tltt-e2e-hw-" + std::to_string(::getpid()) + "-" + GetParam());
  fs::remove_all(work);
  fs::create_directories(work);
  RunOptions opts;
  opts.compile.device = GetParam();
  opts.seed = 11;
  opts.timeout_seconds = 600;
  testing::internal::CaptureStdout();
  int code = run_artifacts(gemm_ir(128, 128, 256, 32),
                           std::string(TLTT_SOURCE_DIR) + "/tests/e2e/handwritten/gemm",
                           work.string(), opts);
  std::string out = testing::internal::GetCapturedStdout();
  std::printf("%s", out.c_str());
  EXPECT_EQ(code, kPass) << out;
  EXPECT_NE(out.find("device=" + std::string(GetParam()) + " cores=8"), std::string::npos);
  // Cycles come from the simulator; a program that ran has some.
  EXPECT_EQ(out.find("device_cycles=0 "), std::string::npos) << out;
  fs::remove_all(work);
}

INSTANTIATE_TEST_SUITE_P(Devices, Handwritten, ::testing::Values("wormhole_b0", "blackhole"));

}  // namespace
}  // namespace tltt::runner
