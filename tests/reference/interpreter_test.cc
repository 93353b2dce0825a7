// Tests of the reference interpreter on tile IR built by hand: GEMM against a naive loop,
// element-wise kernels, a row softmax, reductions, copies with point origins, dtype rounding and
// located errors.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ir/ir.h"
#include "reference/reference.h"
#include "support/diagnostics.h"

namespace tltt::reference {
namespace {

using namespace tltt::ir;

Expr c(int64_t v) { return make_int(v); }
Expr f(double v) { return FloatImm::make(v, DataType::float32()); }
Expr add(Expr a, Expr b) { return Binary::make(BinaryOp::kAdd, a, b); }
Expr sub(Expr a, Expr b) { return Binary::make(BinaryOp::kSub, a, b); }
Expr mul(Expr a, Expr b) { return Binary::make(BinaryOp::kMul, a, b); }
Expr load(Buffer b, std::vector<Expr> idx) { return BufferLoad::make(b, std::move(idx)); }

Tensor random_tensor(DataType dt, std::vector<int64_t> shape, unsigned seed) {
  Tensor t = Tensor::zeros(dt, std::move(shape));
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  for (double& v : t.data) {
    v = round_to_dtype(dt, dist(gen));
  }
  return t;
}

struct Errors {
  DiagnosticEngine diag;
  std::vector<std::string> messages;
  Errors() {
    diag.set_handler([this](const Diagnostic& d) { messages.push_back(d.message); });
  }
};

// The canonical TileLang GEMM: grid (N/bn, M/bm), K loop over bk-wide slabs, fragment accumulator.
PrimFunc make_gemm(int64_t M, int64_t N, int64_t K, int64_t bm, int64_t bn, int64_t bk, DataType in,
                   DataType acc, DataType out, bool transpose_b) {
  Buffer A = Buffer::make("A", in, {c(M), c(K)}, MemScope::kGlobal);
  Buffer B = transpose_b ? Buffer::make("B", in, {c(N), c(K)}, MemScope::kGlobal)
                         : Buffer::make("B", in, {c(K), c(N)}, MemScope::kGlobal);
  Buffer C = Buffer::make("C", out, {c(M), c(N)}, MemScope::kGlobal);
  Buffer As = Buffer::make("A_shared", in, {c(bm), c(bk)}, MemScope::kShared);
  Buffer Bs = transpose_b ? Buffer::make("B_shared", in, {c(bn), c(bk)}, MemScope::kShared)
                          : Buffer::make("B_shared", in, {c(bk), c(bn)}, MemScope::kShared);
  Buffer Cl = Buffer::make("C_local", acc, {c(bm), c(bn)}, MemScope::kFragment);
  Var bx = Variable::make("bx"), by = Variable::make("by"), k = Variable::make("k");
  // Point origins: extents come from the shared buffers, as the front end may leave them.
  Region a_src{A, {{mul(by, c(bm)), c(1)}, {mul(k, c(bk)), c(1)}}, {}};
  Region b_src{B, {{mul(k, c(bk)), c(bk)}, {mul(bx, c(bn)), c(bn)}}, {}};
  if (transpose_b) {
    b_src.ranges = {{mul(bx, c(bn)), c(bn)}, {mul(k, c(bk)), c(bk)}};
  }
  Region c_dst{C, {{mul(by, c(bm)), c(bm)}, {mul(bx, c(bn)), c(bn)}}, {}};
  Stmt kbody =
      SeqStmt::make({Copy::make(a_src, Region::full(As)), Copy::make(b_src, Region::full(Bs)),
                     Gemm::make(Region::full(As), Region::full(Bs), Region::full(Cl), false,
                                transpose_b, false)});
  Stmt body = SeqStmt::make({Fill::make(Region::full(Cl), make_zero(acc)),
                             For::make(k, c(0), c(K / bk), ForKind::kPipelined, kbody, 3),
                             Copy::make(Region::full(Cl), c_dst)});
  body = Allocate::make(As, Allocate::make(Bs, Allocate::make(Cl, body)));
  body = KernelLaunch::make({c(N / bn), c(M / bm)}, {bx, by}, {}, body);
  PrimFunc fn;
  fn.name = "gemm";
  fn.params = {Param{A, {}}, Param{B, {}}, Param{C, {}}};
  fn.body = body;
  return fn;
}

TEST(Reference, GemmMatchesNaiveLoop) {
  for (bool tb : {false, true}) {
    const int64_t M = 64, N = 96, K = 128;
    PrimFunc fn = make_gemm(M, N, K, 32, 32, 32, DataType::bfloat16(), DataType::float32(),
                            DataType::float32(), tb);
    std::map<std::string, Tensor> t;
    t["A"] = random_tensor(DataType::bfloat16(), {M, K}, 1);
    t["B"] = random_tensor(DataType::bfloat16(),
                           tb ? std::vector<int64_t>{N, K} : std::vector<int64_t>{K, N}, 2);
    t["C"] = Tensor::zeros(DataType::float32(), {M, N});
    Errors e;
    Stats stats;
    ASSERT_TRUE(run(fn, t, {}, e.diag, &stats)) << (e.messages.empty() ? "" : e.messages[0]);
    double max_err = 0;
    for (int64_t i = 0; i < M; ++i) {
      for (int64_t j = 0; j < N; ++j) {
        double s = 0;
        for (int64_t k = 0; k < K; ++k) {
          s += t["A"].data[i * K + k] * (tb ? t["B"].data[j * K + k] : t["B"].data[k * N + j]);
        }
        // The accumulator is fp32: each block-step store rounds to float.
        max_err = std::max(max_err, std::fabs(s - t["C"].data[i * N + j]));
      }
    }
    EXPECT_LT(max_err, 1e-5);
    EXPECT_GT(std::fabs(t["C"].data[5]), 0.0);
    EXPECT_EQ(stats.max_gemm_chain, K);
    EXPECT_EQ(stats.gemm_count, (M / 32) * (N / 32) * (K / 32));
  }
}

// --check=sample: a seeded subset of blocks runs; the elements it writes equal the full run's,
// the rest keep their initial values, and the same seed picks the same blocks.
TEST(Reference, BlockSampleRunsASeededSubset) {
  const int64_t M = 128, N = 128, K = 64;
  PrimFunc fn = make_gemm(M, N, K, 32, 32, 32, DataType::bfloat16(), DataType::float32(),
                          DataType::float32(), false);
  auto inputs = [&] {
    std::map<std::string, Tensor> t;
    t["A"] = random_tensor(DataType::bfloat16(), {M, K}, 5);
    t["B"] = random_tensor(DataType::bfloat16(), {K, N}, 6);
    t["C"] = Tensor::zeros(DataType::float32(), {M, N});
    return t;
  };
  auto full = inputs();
  Errors e;
  Stats fs;
  ASSERT_TRUE(run(fn, full, {}, e.diag, &fs));
  EXPECT_EQ(fs.blocks_run, 16);
  EXPECT_EQ(fs.blocks_total, 16);
  std::vector<double> first;
  for (int rep = 0; rep < 2; ++rep) {
    auto part = inputs();
    std::fill(part["C"].data.begin(), part["C"].data.end(), -7.0);
    Stats ss;
    ASSERT_TRUE(run(fn, part, {}, e.diag, &ss, BlockSample{3, 42}));
    EXPECT_EQ(ss.blocks_run, 3);
    EXPECT_EQ(ss.blocks_total, 16);
    int64_t written = 0;
    for (size_t i = 0; i < part["C"].data.size(); ++i) {
      if (part["C"].data[i] != -7.0) {
        ++written;
        EXPECT_EQ(part["C"].data[i], full["C"].data[i]);
      }
    }
    EXPECT_EQ(written, 3 * 32 * 32);  // three 32x32 output blocks
    // The last block (the partial edge of sizes that are not multiples of the blocks) is one.
    EXPECT_NE(part["C"].data[M * N - 1], -7.0);
    if (rep == 0) {
      first = part["C"].data;
    } else {
      EXPECT_EQ(part["C"].data, first) << "the same seed chose different blocks";
    }
  }
}

TEST(Reference, GemmBf16OutputIsRounded) {
  PrimFunc fn = make_gemm(32, 32, 64, 32, 32, 32, DataType::bfloat16(), DataType::float32(),
                          DataType::bfloat16(), false);
  std::map<std::string, Tensor> t;
  t["A"] = random_tensor(DataType::bfloat16(), {32, 64}, 3);
  t["B"] = random_tensor(DataType::bfloat16(), {64, 32}, 4);
  t["C"] = Tensor::zeros(DataType::bfloat16(), {32, 32});
  Errors e;
  ASSERT_TRUE(run(fn, t, {}, e.diag));
  for (double v : t["C"].data) {
    EXPECT_EQ(v, round_to_dtype(DataType::bfloat16(), v));
  }
}

TEST(Reference, ElementwiseAddDirectGlobal) {
  // with T.Kernel(2, 2) as (bx, by): for i, j in T.Parallel(32, 32): C[..] = A[..] + B[..]
  auto bf = DataType::bfloat16();
  Buffer A = Buffer::make("A", bf, {c(64), c(64)}, MemScope::kGlobal);
  Buffer B = Buffer::make("B", bf, {c(64), c(64)}, MemScope::kGlobal);
  Buffer C = Buffer::make("C", bf, {c(64), c(64)}, MemScope::kGlobal);
  Var bx = Variable::make("bx"), by = Variable::make("by");
  Var i = Variable::make("i"), j = Variable::make("j");
  std::vector<Expr> idx = {add(mul(by, c(32)), i), add(mul(bx, c(32)), j)};
  Stmt st = BufferStore::make(C, idx, add(load(A, idx), load(B, idx)));
  Stmt body = For::make(i, c(0), c(32), ForKind::kParallel,
                        For::make(j, c(0), c(32), ForKind::kParallel, st));
  PrimFunc fn;
  fn.params = {Param{A, {}}, Param{B, {}}, Param{C, {}}};
  fn.body = KernelLaunch::make({c(2), c(2)}, {bx, by}, {}, body);
  std::map<std::string, Tensor> t;
  t["A"] = random_tensor(bf, {64, 64}, 5);
  t["B"] = random_tensor(bf, {64, 64}, 6);
  t["C"] = Tensor::zeros(bf, {64, 64});
  Errors e;
  ASSERT_TRUE(run(fn, t, {}, e.diag));
  for (size_t k = 0; k < t["C"].data.size(); ++k) {
    EXPECT_EQ(t["C"].data[k], round_to_dtype(bf, t["A"].data[k] + t["B"].data[k]));
  }
}

TEST(Reference, IntegerArithmeticWrapsToItsDtype) {
  // Y[i] = (A[i] - B[i]) >> 28 over uint32: 3 - 5 is 2^32 - 2 before the shift (15), as C and
  // the SFPU's integer ops compute it.
  auto u32 = DataType::uint32();
  Buffer A = Buffer::make("A", u32, {c(2)}, MemScope::kGlobal);
  Buffer B = Buffer::make("B", u32, {c(2)}, MemScope::kGlobal);
  Buffer Y = Buffer::make("Y", u32, {c(2)}, MemScope::kGlobal);
  Var i = Variable::make("i");
  Expr diff = sub(load(A, {i}), load(B, {i}));
  Expr v = Binary::make(BinaryOp::kShr, diff, IntImm::make(28, u32));
  PrimFunc fn;
  fn.params = {Param{A, {}}, Param{B, {}}, Param{Y, {}}};
  fn.body = For::make(i, c(0), c(2), ForKind::kSerial, BufferStore::make(Y, {i}, v));
  std::map<std::string, Tensor> t;
  t["A"] = Tensor::zeros(u32, {2});
  t["B"] = Tensor::zeros(u32, {2});
  t["Y"] = Tensor::zeros(u32, {2});
  t["A"].data = {3, 9};
  t["B"].data = {5, 2};
  Errors e;
  ASSERT_TRUE(run(fn, t, {}, e.diag));
  EXPECT_EQ(t["Y"].data[0], 15.0);
  EXPECT_EQ(t["Y"].data[1], 0.0);
}

TEST(Reference, SixteenBitFragmentRoundsOnStoreAndCast) {
  auto f32 = DataType::float32();
  Buffer X = Buffer::make("X", f32, {c(4)}, MemScope::kGlobal);
  Buffer Y = Buffer::make("Y", f32, {c(4)}, MemScope::kGlobal);
  Buffer Z = Buffer::make("Z", f32, {c(4)}, MemScope::kGlobal);
  Buffer frag = Buffer::make("frag", DataType::float16(), {c(4)}, MemScope::kFragment);
  Var i = Variable::make("i"), b = Variable::make("b");
  Stmt body = SeqStmt::make(
      {For::make(i, c(0), c(4), ForKind::kParallel, BufferStore::make(frag, {i}, load(X, {i}))),
       For::make(i, c(0), c(4), ForKind::kParallel, BufferStore::make(Y, {i}, load(frag, {i}))),
       For::make(i, c(0), c(4), ForKind::kSerial,
                 BufferStore::make(
                     Z, {i}, Cast::make(f32, Cast::make(DataType::bfloat16(), load(X, {i})))))});
  PrimFunc fn;
  fn.params = {Param{X, {}}, Param{Y, {}}, Param{Z, {}}};
  fn.body = KernelLaunch::make({c(1)}, {b}, {}, Allocate::make(frag, body));
  std::map<std::string, Tensor> t;
  t["X"] = Tensor::zeros(f32, {4});
  t["X"].data = {1.0 + std::ldexp(1.0, -12), 3.14159274101257324, 65519.0, -1e-8};
  t["Y"] = Tensor::zeros(f32, {4});
  t["Z"] = Tensor::zeros(f32, {4});
  Errors e;
  ASSERT_TRUE(run(fn, t, {}, e.diag));
  EXPECT_EQ(t["Y"].data[0], 1.0);       // below half an fp16 ulp of 1
  EXPECT_EQ(t["Y"].data[1], 3.140625);  // fp16 nearest to pi
  EXPECT_EQ(t["Y"].data[2], 65504.0);   // rounds down to the fp16 maximum
  EXPECT_EQ(t["Z"].data[1], 3.140625);  // bf16 nearest to pi
  EXPECT_EQ(t["Z"].data[0], 1.0);
}

// GPU semantics: `half + half` is computed in half precision before it is stored to float32.
TEST(Reference, SixteenBitArithmeticRoundsEachOperation) {
  auto f32 = DataType::float32(), f16 = DataType::float16();
  Buffer A = Buffer::make("A", f16, {c(1)}, MemScope::kGlobal);
  Buffer B = Buffer::make("B", f16, {c(1)}, MemScope::kGlobal);
  Buffer C = Buffer::make("C", f32, {c(1)}, MemScope::kGlobal);
  Var b = Variable::make("b");
  PrimFunc fn;
  fn.params = {Param{A, {}}, Param{B, {}}, Param{C, {}}};
  fn.body = KernelLaunch::make(
      {c(1)}, {b}, {},
      BufferStore::make(
          C, {c(0)},
          Cast::make(f32, Binary::make(BinaryOp::kAdd, load(A, {c(0)}), load(B, {c(0)})))));
  std::map<std::string, Tensor> t;
  t["A"] = Tensor::zeros(f16, {1});
  t["A"].data = {1.0};
  t["B"] = Tensor::zeros(f16, {1});
  t["B"].data = {std::ldexp(1.0, -11) * 3};  // 1 + 3*2^-11 is not a half: rounds to 1 + 2^-9
  t["C"] = Tensor::zeros(f32, {1});
  Errors e;
  Stats stats;
  ASSERT_TRUE(run(fn, t, {}, e.diag, &stats));
  EXPECT_EQ(t["C"].data[0], 1.0 + std::ldexp(1.0, -9));
  EXPECT_EQ(stats.arith_dtype, f16);
}

// Row softmax over a [M, N] tensor, one row per block, with reduce_max/reduce_sum and exp2.
TEST(Reference, RowSoftmax) {
  const int64_t M = 3, N = 64;
  auto f32 = DataType::float32();
  Buffer X = Buffer::make("X", f32, {c(M), c(N)}, MemScope::kGlobal);
  Buffer Y = Buffer::make("Y", f32, {c(M), c(N)}, MemScope::kGlobal);
  Buffer x = Buffer::make("x", f32, {c(N)}, MemScope::kFragment);
  Buffer mx = Buffer::make("mx", f32, {c(1)}, MemScope::kFragment);
  Buffer sm = Buffer::make("sm", f32, {c(1)}, MemScope::kFragment);
  Var m = Variable::make("m"), j = Variable::make("j");
  const double scale = 1.44269504088896340736;
  Region row{X, {{m, c(1)}, {c(0), c(N)}}, {}};
  Region out{Y, {{m, c(1)}, {c(0), c(N)}}, {}};
  Expr e2 = Call::make(f32, "T.exp2",
                       {sub(mul(load(x, {j}), f(scale)), mul(load(mx, {c(0)}), f(scale)))});
  Stmt body = SeqStmt::make(
      {Copy::make(row, Region::full(x)),
       Reduce::make(ReduceKind::kMax, Region::full(x), Region::full(mx), 0, true),
       For::make(j, c(0), c(N), ForKind::kParallel, BufferStore::make(x, {j}, e2)),
       Reduce::make(ReduceKind::kSum, Region::full(x), Region::full(sm), 0, true),
       For::make(
           j, c(0), c(N), ForKind::kParallel,
           BufferStore::make(x, {j}, Binary::make(BinaryOp::kDiv, load(x, {j}), load(sm, {c(0)})))),
       Copy::make(Region::full(x), out)});
  PrimFunc fn;
  fn.params = {Param{X, {}}, Param{Y, {}}};
  fn.body = KernelLaunch::make({c(M)}, {m}, {},
                               Allocate::make(x, Allocate::make(mx, Allocate::make(sm, body))));
  std::map<std::string, Tensor> t;
  t["X"] = random_tensor(f32, {M, N}, 7);
  t["Y"] = Tensor::zeros(f32, {M, N});
  Errors e;
  Stats stats;
  ASSERT_TRUE(run(fn, t, {}, e.diag, &stats)) << (e.messages.empty() ? "" : e.messages[0]);
  for (int64_t r = 0; r < M; ++r) {
    double mxv = -1e30, s = 0;
    for (int64_t k = 0; k < N; ++k) {
      mxv = std::max(mxv, t["X"].data[r * N + k]);
    }
    for (int64_t k = 0; k < N; ++k) {
      s += std::exp(t["X"].data[r * N + k] - mxv);
    }
    for (int64_t k = 0; k < N; ++k) {
      EXPECT_NEAR(t["Y"].data[r * N + k], std::exp(t["X"].data[r * N + k] - mxv) / s, 1e-6);
    }
  }
  EXPECT_EQ(stats.max_reduce_len, N);
  EXPECT_EQ(stats.transcendentals, M * N);
}

TEST(Reference, ReduceWithoutClearFoldsIntoDestination) {
  auto f32 = DataType::float32();
  Buffer X = Buffer::make("X", f32, {c(2), c(3)}, MemScope::kGlobal);
  Buffer O = Buffer::make("O", f32, {c(2)}, MemScope::kGlobal);
  Buffer A = Buffer::make("A", f32, {c(4)}, MemScope::kGlobal);
  Var b = Variable::make("b");
  Stmt body = SeqStmt::make(
      {Reduce::make(ReduceKind::kSum, Region::full(X), Region::full(O), 1, false),
       Reduce::make(ReduceKind::kAbsMax, Region::full(X), Region{A, {{c(1), c(3)}}, {}}, 0, true)});
  PrimFunc fn;
  fn.params = {Param{X, {}}, Param{O, {}}, Param{A, {}}};
  fn.body = KernelLaunch::make({c(1)}, {b}, {}, body);
  std::map<std::string, Tensor> t;
  t["X"] = Tensor::zeros(f32, {2, 3});
  t["X"].data = {1, -2, 3, -4, 5, -6};
  t["O"] = Tensor::zeros(f32, {2});
  t["O"].data = {10, 20};
  t["A"] = Tensor::zeros(f32, {4});
  Errors e;
  ASSERT_TRUE(run(fn, t, {}, e.diag)) << (e.messages.empty() ? "" : e.messages[0]);
  EXPECT_EQ(t["O"].data, (std::vector<double>{12, 15}));
  EXPECT_EQ(t["A"].data, (std::vector<double>{0, 4, 5, 6}));
}

TEST(Reference, CopyWithSingletonAxesAndMaskedTail) {
  // A 4-D tensor [1, 5, 2, 3]; copy X[0, 2:6, 1, :] (rows 2..5, the last past the end) into a
  // [4, 3] shared buffer and back out to Y[4, 3].
  auto f32 = DataType::float32();
  Buffer X = Buffer::make("X", f32, {c(1), c(5), c(2), c(3)}, MemScope::kGlobal);
  Buffer Y = Buffer::make("Y", f32, {c(4), c(3)}, MemScope::kGlobal);
  Buffer S = Buffer::make("S", f32, {c(4), c(3)}, MemScope::kShared);
  Var b = Variable::make("b");
  Region src{X, {{c(0), c(1)}, {c(2), c(4)}, {c(1), c(1)}, {c(0), c(3)}}, {}};
  Stmt body =
      SeqStmt::make({Fill::make(Region::full(S), f(7.0)), Copy::make(src, Region::full(S)),
                     Copy::make(Region::full(S), Region{Y, {{c(0), c(1)}, {c(0), c(1)}}, {}})});
  PrimFunc fn;
  fn.params = {Param{X, {}}, Param{Y, {}}};
  fn.body = KernelLaunch::make({c(1)}, {b}, {}, Allocate::make(S, body));
  std::map<std::string, Tensor> t;
  t["X"] = Tensor::zeros(f32, {1, 5, 2, 3});
  for (size_t k = 0; k < t["X"].data.size(); ++k) {
    t["X"].data[k] = static_cast<double>(k);
  }
  t["Y"] = Tensor::zeros(f32, {4, 3});
  Errors e;
  ASSERT_TRUE(run(fn, t, {}, e.diag)) << (e.messages.empty() ? "" : e.messages[0]);
  // X[0, r, 1, col] = r * 6 + 3 + col for r in 2..4; row 5 is past the end and reads 0.
  EXPECT_EQ(t["Y"].data, (std::vector<double>{15, 16, 17, 21, 22, 23, 27, 28, 29, 0, 0, 0}));
}

// Element stores past the end of a global tensor are dropped (TileLang predicates them, and
// the device writes them into the tensor's padding); a negative index is an error.
TEST(Reference, StorePastTheEndOfATensorIsDropped) {
  auto f32 = DataType::float32();
  Buffer X = Buffer::make("X", f32, {c(4)}, MemScope::kGlobal);
  Var i = Variable::make("i"), b = Variable::make("b");
  PrimFunc fn;
  fn.params = {Param{X, {}}};
  fn.body = KernelLaunch::make(
      {c(1)}, {b}, {},
      For::make(i, c(0), c(5), ForKind::kSerial, BufferStore::make(X, {i}, f(1.0))));
  std::map<std::string, Tensor> t;
  t["X"] = Tensor::zeros(f32, {4});
  Errors e;
  ASSERT_TRUE(run(fn, t, {}, e.diag));
  EXPECT_EQ(t["X"].data, std::vector<double>(4, 1.0));
}

TEST(Reference, OutOfBoundsStoreIsALocatedError) {
  auto f32 = DataType::float32();
  Location loc{intern_file_name("k.py"), 7, 9, 7, 20};
  Buffer X = Buffer::make("X", f32, {c(4)}, MemScope::kGlobal);
  Var i = Variable::make("i"), b = Variable::make("b");
  PrimFunc fn;
  fn.params = {Param{X, {}}};
  fn.body = KernelLaunch::make({c(1)}, {b}, {},
                               For::make(i, c(0), c(4), ForKind::kSerial,
                                         BufferStore::make(X, {sub(i, c(1))}, f(1.0), loc)));
  std::map<std::string, Tensor> t;
  t["X"] = Tensor::zeros(f32, {4});
  Errors e;
  EXPECT_FALSE(run(fn, t, {}, e.diag));
  ASSERT_EQ(e.diag.diagnostics().size(), 1u);
  EXPECT_EQ(e.diag.diagnostics()[0].loc.line, 7u);
  EXPECT_NE(e.messages[0].find("index -1 of axis 0 of 'X' is outside its extent 4"),
            std::string::npos);
}

TEST(Reference, UnknownCallIsAnError) {
  auto f32 = DataType::float32();
  Buffer X = Buffer::make("X", f32, {c(1)}, MemScope::kGlobal);
  Var b = Variable::make("b");
  PrimFunc fn;
  fn.params = {Param{X, {}}};
  fn.body = KernelLaunch::make({c(1)}, {b}, {},
                               BufferStore::make(X, {c(0)}, Call::make(f32, "T.wait_wgmma", {})));
  std::map<std::string, Tensor> t;
  t["X"] = Tensor::zeros(f32, {1});
  Errors e;
  EXPECT_FALSE(run(fn, t, {}, e.diag));
  ASSERT_FALSE(e.messages.empty());
  EXPECT_NE(e.messages[0].find("does not support the call 'T.wait_wgmma'"), std::string::npos);
}

TEST(Reference, ShapeMismatchIsAnError) {
  PrimFunc fn = make_gemm(32, 32, 32, 32, 32, 32, DataType::bfloat16(), DataType::float32(),
                          DataType::float32(), false);
  std::map<std::string, Tensor> t;
  t["A"] = Tensor::zeros(DataType::bfloat16(), {32, 16});
  t["B"] = Tensor::zeros(DataType::bfloat16(), {32, 32});
  t["C"] = Tensor::zeros(DataType::float32(), {32, 32});
  Errors e;
  EXPECT_FALSE(run(fn, t, {}, e.diag));
  ASSERT_FALSE(e.messages.empty());
  EXPECT_NE(e.messages[0].find("tensor 'A' has shape [32, 16], the kernel expects [32, 32]"),
            std::string::npos);
}

TEST(Reference, RoundToDtype) {
  EXPECT_EQ(round_to_dtype(DataType::int32(), 3.7), 3.0);
  EXPECT_EQ(round_to_dtype(DataType::int32(), -3.7), -3.0);
  EXPECT_EQ(round_to_dtype(DataType::int8(), 130.0), -126.0);
  EXPECT_EQ(round_to_dtype(DataType::uint8(), -1.0), 255.0);
  EXPECT_EQ(round_to_dtype(DataType::bfloat16(), 1.0 + std::ldexp(1.0, -8)), 1.0);  // tie: even
  EXPECT_EQ(round_to_dtype(DataType::bfloat16(), 1.0 + 3 * std::ldexp(1.0, -8)),
            1.0 + std::ldexp(1.0, -6));
  EXPECT_EQ(round_to_dtype(DataType::float32(), 0.1), static_cast<double>(0.1f));
  EXPECT_TRUE(std::isinf(round_to_dtype(DataType::float16(), 1e6)));
}

}  // namespace
}  // namespace tltt::reference
