// Tests of the `tltt run` harness pieces: data files, seeded inputs, tolerances, comparison, the
// plan reader, child processes, and a whole run_artifacts() over a stand-in host program that
// follows the artifact contract without the simulator (flags overridden through the environment).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "ir/ir.h"
#include "reference/reference.h"
#include "runner/build.h"
#include "runner/check.h"
#include "runner/data_io.h"
#include "runner/plan.h"
#include "runner/process.h"
#include "runner/runner.h"
#include "sim/core/compile_cache.h"

namespace fs = std::filesystem;

namespace tltt::runner {
namespace {

using ir::DataType;

fs::path scratch(const std::string& name) {
  fs::path p =
      fs::temp_directory_path() / ("tltt-runner-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p);
  out << text;
}

TEST(DataIo, RoundTripsEveryEncoding) {
  fs::path dir = scratch("io");
  for (DataType dt : {DataType::bfloat16(), DataType::float16(), DataType::float32(),
                      DataType::int32(), DataType::uint8(), DataType::int8()}) {
    reference::Tensor t = random_tensor(dt, {3, 5}, 42, 0);
    std::string err;
    const std::string path = (dir / (dt.str() + ".bin")).string();
    ASSERT_TRUE(write_tensor_file(path, t, &err)) << err;
    EXPECT_EQ(fs::file_size(path), 15u * static_cast<unsigned>(element_bytes(dt)));
    reference::Tensor back;
    ASSERT_TRUE(read_tensor_file(path, dt, {3, 5}, &back, &err)) << err;
    EXPECT_EQ(back.data, t.data) << dt.str();
  }
  std::string err;
  reference::Tensor back;
  EXPECT_FALSE(
      read_tensor_file((dir / "int32.bin").string(), DataType::int32(), {4, 5}, &back, &err));
  EXPECT_NE(err.find("has 60 bytes, expected 80"), std::string::npos) << err;
}

TEST(DataIo, Bf16FileHoldsRawBits) {
  fs::path dir = scratch("bits");
  reference::Tensor t = reference::Tensor::zeros(DataType::bfloat16(), {2});
  t.data = {1.0, -2.0};
  std::string err;
  ASSERT_TRUE(write_tensor_file((dir / "x.bin").string(), t, &err));
  std::ifstream in(dir / "x.bin", std::ios::binary);
  unsigned char b[4];
  in.read(reinterpret_cast<char*>(b), 4);
  EXPECT_EQ(b[0], 0x80);  // 1.0 = 0x3F80, little-endian
  EXPECT_EQ(b[1], 0x3F);
  EXPECT_EQ(b[2], 0x00);  // -2.0 = 0xC000
  EXPECT_EQ(b[3], 0xC0);
}

TEST(DataIo, RandomInputsAreSeededRoundedAndInRange) {
  auto a = random_tensor(DataType::bfloat16(), {64, 64}, 7, 0);
  auto b = random_tensor(DataType::bfloat16(), {64, 64}, 7, 0);
  auto c = random_tensor(DataType::bfloat16(), {64, 64}, 7, 1);
  auto d = random_tensor(DataType::bfloat16(), {64, 64}, 8, 0);
  EXPECT_EQ(a.data, b.data);
  EXPECT_NE(a.data, c.data);
  EXPECT_NE(a.data, d.data);
  double lo = 1, hi = -1;
  for (double v : a.data) {
    EXPECT_EQ(v, reference::round_to_dtype(DataType::bfloat16(), v));
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  EXPECT_GE(lo, -1.0);
  EXPECT_LE(hi, 1.0);
  EXPECT_LT(lo, -0.9);
  EXPECT_GT(hi, 0.9);
  for (double v : random_tensor(DataType::int32(), {100}, 1, 0).data) {
    EXPECT_EQ(v, std::trunc(v));
    EXPECT_LE(std::fabs(v), 8.0);
  }
}

TEST(Check, ToleranceTermsFollowFormats) {
  reference::Stats gemm;
  gemm.gemm_count = 1;
  gemm.max_gemm_chain = 256;
  gemm.gemm_in_dtype = DataType::bfloat16();
  gemm.gemm_accum_dtype = DataType::float32();
  MathInfo hifi4{"HiFi4", true};
  Tolerance t = derive_tolerance(DataType::bfloat16(), 10.0, gemm, hifi4);
  // Output rounding 2 * 2^-8 * 10 plus fp32 DST storage; no fidelity error for bf16 at HiFi4.
  EXPECT_NEAR(t.abs_tol, 2 * std::ldexp(1.0, -8) * 10 + std::ldexp(1.0, -24) * 10, 1e-12);
  EXPECT_EQ(t.pcc_min, 0.999);
  // 16-bit DST: 8 K-tile steps of bf16 rounding add 2 * 2^-8 * 10 * sqrt(8).
  Tolerance t16 = derive_tolerance(DataType::bfloat16(), 10.0, gemm, MathInfo{"HiFi4", false});
  EXPECT_NEAR(t16.abs_tol,
              2 * std::ldexp(1.0, -8) * 10 + std::ldexp(1.0, -8) * 10 +
                  2 * std::ldexp(1.0, -8) * 10 * std::sqrt(8.0),
              1e-12);
  EXPECT_EQ(t16.pcc_min, 0.99);
  // LoFi adds the phase-0 truncation error of a product.
  Tolerance lofi = derive_tolerance(DataType::float32(), 10.0, gemm, MathInfo{"LoFi", true});
  EXPECT_GT(lofi.abs_tol, (std::ldexp(1.0, -4)) * 10);
  EXPECT_EQ(lofi.pcc_min, 0.99);
  // fp32 element-wise add at fp32 DST: tight.
  Tolerance add = derive_tolerance(DataType::float32(), 2.0, reference::Stats{}, hifi4);
  EXPECT_LT(add.abs_tol, 1e-6);
  EXPECT_EQ(add.pcc_min, 0.9999);
  EXPECT_FALSE(t.terms.empty());
  // A K split over 8 devices: float32 partial sums, rounded once to bf16 at the end; the
  // all-reduce's 7 additions add 7 float32 roundings, nothing at 16 bits.
  Tolerance tp = derive_tolerance(DataType::bfloat16(), 10.0, gemm, MathInfo{"HiFi4", true, 8});
  EXPECT_NEAR(tp.abs_tol, t.abs_tol + 7 * std::ldexp(1.0, -24) * 10, 1e-12);
  EXPECT_EQ(tp.pcc_min, t.pcc_min);
  // Block-float inputs: per input 2 * 2^-m max|ref| for its m-bit magnitudes (Bfp8_b 7,
  // Bfp4_b 3); Bfp4_b data lowers the PCC threshold to 0.99.
  MathInfo bfp{"HiFi4", true};
  bfp.block_float_inputs = {{"A", 7}, {"B", 3}};
  Tolerance tb = derive_tolerance(DataType::bfloat16(), 10.0, gemm, bfp);
  EXPECT_NEAR(tb.abs_tol, t.abs_tol + 2 * std::ldexp(1.0, -7) * 10 + 2 * std::ldexp(1.0, -3) * 10,
              1e-12);
  EXPECT_EQ(tb.pcc_min, 0.99);
  // A float32 element-wise result packed to Bfp8_b: it rounds to 7-bit magnitudes.
  MathInfo out8{"HiFi4", true};
  out8.out_block_float_bits = 7;
  Tolerance to = derive_tolerance(DataType::float32(), 2.0, reference::Stats{}, out8);
  EXPECT_NEAR(to.abs_tol, 2 * std::ldexp(1.0, -7) * 2 + std::ldexp(1.0, -24) * 2, 1e-12);
  EXPECT_EQ(to.pcc_min, 0.999);
}

TEST(Check, CompareComputesPccAndErrors) {
  std::vector<double> ref = {1, 2, 3, 4}, got = {1, 2.5, 3, 4};
  Comparison c = compare(got, ref, 0.1);
  EXPECT_DOUBLE_EQ(c.max_abs_err, 0.5);
  EXPECT_EQ(c.worst_index, 1);
  EXPECT_EQ(c.over_tol, 1);
  EXPECT_GT(c.pcc, 0.95);
  EXPECT_LT(c.pcc, 1.0);
  EXPECT_DOUBLE_EQ(compare(ref, ref, 0).pcc, 1.0);
  // Constant outputs: pcc is 1 exactly when they match.
  EXPECT_DOUBLE_EQ(compare({0, 0}, {0, 0}, 0.01).pcc, 1.0);
  EXPECT_DOUBLE_EQ(compare({0, 1}, {0, 0}, 0.01).pcc, 0.0);
  // Non-finite values must match exactly.
  const double inf = INFINITY;
  EXPECT_EQ(compare({-inf, 1, 2}, {-inf, 1, 2}, 0).nonfinite_mismatch, 0);
  Comparison nf = compare({NAN, 1, 2}, {-inf, 1, 2}, 0);
  EXPECT_EQ(nf.nonfinite_mismatch, 1);
  EXPECT_TRUE(std::isinf(nf.max_abs_err));
}

TEST(Plan, ReadsParamsCoresAndCompute) {
  fs::path dir = scratch("plan");
  write_file(dir / "tt.plan.json", R"JSON({"schema_version": 2, "device": "blackhole",
    "params": [{"name": "A", "shape": [64, 32], "dtype": "bfloat16", "role": "input"},
               {"name": "C", "shape": [64, 64], "dtype": "float32", "role": "output"}],
    "partition": {"mode": "global", "core_grid": [2, 2], "block_grid": [3],
                  "core_ranges": [{"start": [0, 0], "extent": [2, 1]},
                                  {"start": [0, 1], "extent": [1, 1]}],
                  "work": [{"core": [0, 0], "start_id": 0, "count": 1},
                           {"core": [1, 0], "start_id": 1, "count": 1},
                           {"core": [0, 1], "start_id": 2, "count": 1}]},
    "compute": {"math_fidelity": "HiFi2", "fp32_dest_acc_en": true, "math_approx_mode": false,
                "dst_capacity": 4}
})JSON");
  std::string err;
  std::optional<ir::DevicePlan> plan = read_plan((dir / "tt.plan.json").string(), &err);
  ASSERT_TRUE(plan) << err;
  EXPECT_EQ(plan->device, "blackhole");
  ASSERT_EQ(plan->tensors.size(), 2u);
  EXPECT_EQ(plan->tensors[1].shape, (std::vector<int64_t>{64, 64}));
  EXPECT_TRUE(plan->tensors[1].is_output());
  EXPECT_EQ(plan->partition->work.size(), 3u);
  EXPECT_EQ(plan->partition->work[2].core, (ir::CoreCoord{0, 1}));
  EXPECT_EQ(plan->compute->math_fidelity, "HiFi2");
  EXPECT_TRUE(plan->compute->fp32_dest_acc_en);
  // The plan survives a round trip through its serialization.
  std::optional<ir::DevicePlan> again = ir::from_json(ir::to_json(*plan), &err);
  ASSERT_TRUE(again) << err;
  EXPECT_EQ(*again, *plan);
  write_file(dir / "bad.json", "{\"params\": 3");
  EXPECT_FALSE(read_plan((dir / "bad.json").string(), &err));
  EXPECT_NE(err.find("not valid JSON"), std::string::npos);
  write_file(dir / "old.json", R"JSON({"schema_version": 1, "params": []})JSON");
  EXPECT_FALSE(read_plan((dir / "old.json").string(), &err));
  EXPECT_NE(err.find("schema_version"), std::string::npos);
}

TEST(Process, ReportsExitCodesOutputAndTimeouts) {
  fs::path dir = scratch("proc");
  ProcessResult ok = run_process({"sh", "-c", "echo hi; echo err >&2; pwd; echo $FOO"},
                                 dir.string(), {{"FOO", "bar"}}, 10, (dir / "log").string());
  EXPECT_TRUE(ok.ok());
  EXPECT_NE(ok.output.find("hi\n"), std::string::npos);
  EXPECT_NE(ok.output.find("err\n"), std::string::npos);
  EXPECT_NE(ok.output.find(dir.string()), std::string::npos);
  EXPECT_NE(ok.output.find("bar"), std::string::npos);
  ProcessResult bad = run_process({"sh", "-c", "exit 3"}, "", {}, 10, (dir / "log").string());
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_EQ(bad.status_text(), "exit code 3");
  ProcessResult slow = run_process({"sleep", "5"}, "", {}, 0.2, (dir / "log").string());
  EXPECT_TRUE(slow.timed_out);
  ProcessResult none = run_process({"/nonexistent/prog"}, "", {}, 10, (dir / "log").string());
  EXPECT_EQ(none.exit_code, 127);
}

// A stand-in host program for C = A + B over bf16 [64, 64] that honours the data-file contract
// (and optionally perturbs one element), compiled with plain flags instead of the simulator's.
const char* kFakeMain = R"CPP(
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
  static float bf(uint16_t b) {
    uint32_t u = uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
  }
  static uint16_t to_bf(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    u += 0x7FFF + ((u >> 16) & 1);
    return uint16_t(u >> 16);
  }
  static std::vector<uint16_t> rd(const std::string& p) {
    std::vector<uint16_t> v(64 * 64);
    FILE* f = std::fopen(p.c_str(), "rb");
    if (!f || std::fread(v.data(), 2, v.size(), f) != v.size()) {
      std::fprintf(stderr, "cannot read %s\n", p.c_str());
      std::exit(4);
    }
    std::fclose(f);
    return v;
  }
  int main(int argc, char** argv) {
    if (argc != 2) {
      std::fprintf(stderr, "usage: program DATA_DIR\n");
      return 2;
    }
    std::string d = argv[1];
    auto a = rd(d + "/A.bin"), b = rd(d + "/B.bin");
    std::vector<uint16_t> c(a.size());
    for (size_t i = 0; i < c.size(); ++i) {
      c[i] = to_bf(bf(a[i]) + bf(b[i]));
    }
    PERTURB
    FILE* f = std::fopen((d + "/C.bin").c_str(), "wb");
    std::fwrite(c.data(), 2, c.size(), f);
    std::fclose(f);
    if (const char* s = std::getenv("TTSIM_STATS_FILE")) {
      FILE* g = std::fopen(s, "w");
      std::fprintf(g, "{\"device_cycles\": 1234, \"device\": \"%s\"}\n", std::getenv("TTSIM_DEVICE"));
      std::fclose(g);
    }
    return 0;
  }
)CPP";

ir::PrimFunc add_kernel() {
  using namespace ir;
  auto bf = DataType::bfloat16();
  auto c = [](int64_t v) { return make_int(v); };
  Buffer A = Buffer::make("A", bf, {c(64), c(64)}, MemScope::kGlobal);
  Buffer B = Buffer::make("B", bf, {c(64), c(64)}, MemScope::kGlobal);
  Buffer C = Buffer::make("C", bf, {c(64), c(64)}, MemScope::kGlobal);
  Var bx = Variable::make("bx"), i = Variable::make("i"), j = Variable::make("j");
  std::vector<Expr> idx = {i, j};
  Stmt st = BufferStore::make(
      C, idx, Binary::make(BinaryOp::kAdd, BufferLoad::make(A, idx), BufferLoad::make(B, idx)));
  PrimFunc fn;
  fn.name = "add";
  fn.params = {Param{A, {}}, Param{B, {}}, Param{C, {}}};
  fn.body = KernelLaunch::make({c(1)}, {bx}, {},
                               For::make(i, c(0), c(64), ForKind::kParallel,
                                         For::make(j, c(0), c(64), ForKind::kParallel, st)));
  return fn;
}

const char* kAddPlan = R"JSON({"schema_version": 2, "device": "wormhole_b0",
  "params": [{"name": "A", "shape": [64, 64], "dtype": "bfloat16", "role": "input"},
             {"name": "B", "shape": [64, 64], "dtype": "bfloat16", "role": "input"},
             {"name": "C", "shape": [64, 64], "dtype": "bfloat16", "role": "output"}],
  "partition": {"mode": "global", "core_grid": [1, 1],
                "core_ranges": [{"start": [0, 0], "extent": [1, 1]}], "block_grid": [1, 1],
                "work": [{"core": [0, 0], "start_id": 0, "count": 1}]},
  "compute": {"math_fidelity": "HiFi4", "fp32_dest_acc_en": false, "math_approx_mode": false,
              "dst_capacity": 8}})JSON";

class RunArtifacts : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = scratch("run");
    ::setenv("TLTT_WORK_DIR", (root_ / "work").c_str(), 1);
    ::setenv("TLTT_SIM_CXXFLAGS", "-Wall", 1);
    ::setenv("TLTT_SIM_LDFLAGS", "-lm", 1);
  }
  void TearDown() override {
    ::unsetenv("TLTT_WORK_DIR");
    ::unsetenv("TLTT_SIM_CXXFLAGS");
    ::unsetenv("TLTT_SIM_LDFLAGS");
  }
  fs::path artifacts(const std::string& name, const std::string& perturb) {
    fs::path dir = root_ / name;
    fs::create_directories(dir);
    std::string main = kFakeMain;
    main.replace(main.find("PERTURB"), 7, perturb);
    write_file(dir / "main.cpp", main);
    write_file(dir / "tt.plan.json", kAddPlan);
    return dir;
  }
  int run(const fs::path& art, const std::string& work) {
    RunOptions opts;
    opts.seed = 3;
    opts.timeout_seconds = 120;
    fs::create_directories(root_ / work);
    return run_artifacts(add_kernel(), art.string(), (root_ / work).string(), opts);
  }
  fs::path root_;
};

TEST_F(RunArtifacts, PassesACorrectProgramAndCachesTheBuild) {
  fs::path art = artifacts("good", "");
  testing::internal::CaptureStdout();
  int code = run(art, "w1");
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(code, kPass) << out;
  EXPECT_NE(out.find("(built)"), std::string::npos) << out;
  const std::string last = out.substr(out.rfind("\n", out.size() - 2) + 1);
  EXPECT_EQ(last.rfind("PASS pcc=1.000000 max_abs_err=0 tol=", 0), 0u) << last;
  EXPECT_NE(last.find("device_cycles=1234 device=wormhole_b0 cores=1"), std::string::npos) << last;
  testing::internal::CaptureStdout();
  EXPECT_EQ(run(art, "w2"), kPass);
  out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("(cached)"), std::string::npos) << out;
}

TEST_F(RunArtifacts, FailsAWrongProgram) {
  fs::path art = artifacts("wrong", "c[100] = to_bf(bf(c[100]) + 0.5f);");
  testing::internal::CaptureStdout();
  int code = run(art, "w3");
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(code, kFail);
  EXPECT_NE(out.find("worst at [1, 36]"), std::string::npos) << out;
  EXPECT_NE(out.find("\nFAIL pcc="), std::string::npos) << out;
}

TEST_F(RunArtifacts, ReportsAProgramError) {
  fs::path art =
      artifacts("crash", "std::fprintf(stderr, \"simulated device error\\n\"); return 5;");
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  int code = run(art, "w4");
  std::string out = testing::internal::GetCapturedStdout();
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kProgramError);
  EXPECT_NE(err.find("simulated device error"), std::string::npos) << err;
  EXPECT_NE(err.find("exit code 5"), std::string::npos) << err;
  EXPECT_NE(out.find("FAIL reason=program"), std::string::npos) << out;
}

TEST_F(RunArtifacts, ReportsABuildError) {
  fs::path art = artifacts("broken", "this is not C++;");
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  int code = run(art, "w5");
  std::string out = testing::internal::GetCapturedStdout();
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(code, kBuildError);
  EXPECT_NE(err.find("error"), std::string::npos) << err;
  EXPECT_NE(out.find("FAIL reason=host-build"), std::string::npos);
}

// Host programs are keyed by the simulator's ContentHash (the runner has no hash of its own).
TEST(Build, HashIsStable) {
  auto hex = [](const std::string& text) {
    ttsim::ContentHash h;
    h.add(text);
    return h.hex();
  };
  EXPECT_EQ(hex(""), hex(""));
  EXPECT_NE(hex("a"), hex("b"));
}

}  // namespace
}  // namespace tltt::runner
