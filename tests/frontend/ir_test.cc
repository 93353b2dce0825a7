// Unit tests of the tile IR: printer text, structural equality, verifier, mutator identity.
#include <gtest/gtest.h>

#include <cmath>

#include "ir/equality.h"
#include "ir/ir.h"
#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/verifier.h"
#include "ir/visitor.h"
#include "support/assert.h"

namespace tltt::ir {
namespace {

Expr c(int64_t v) { return make_int(v); }
Expr add(Expr a, Expr b) { return Binary::make(BinaryOp::kAdd, a, b); }
Expr mul(Expr a, Expr b) { return Binary::make(BinaryOp::kMul, a, b); }

// A small GEMM kernel built by hand: 2x2 grid of 64x64 output blocks, K loop of 4 steps.
PrimFunc make_gemm() {
  auto f16 = DataType::float16();
  Buffer A = Buffer::make("A", f16, {c(128), c(128)}, MemScope::kGlobal);
  Buffer B = Buffer::make("B", f16, {c(128), c(128)}, MemScope::kGlobal);
  Buffer C = Buffer::make("C", f16, {c(128), c(128)}, MemScope::kGlobal);
  Buffer As = Buffer::make("A_shared", f16, {c(64), c(32)}, MemScope::kShared);
  Buffer Bs = Buffer::make("B_shared", f16, {c(32), c(64)}, MemScope::kShared);
  Buffer Cl = Buffer::make("C_local", DataType::float32(), {c(64), c(64)}, MemScope::kFragment);
  Var bx = Variable::make("bx"), by = Variable::make("by"), k = Variable::make("k");
  Region a_src{A, {{mul(by, c(64)), c(64)}, {mul(k, c(32)), c(32)}}, {}};
  Region b_src{B, {{mul(k, c(32)), c(32)}, {mul(bx, c(64)), c(64)}}, {}};
  Region c_dst{C, {{mul(by, c(64)), c(64)}, {mul(bx, c(64)), c(64)}}, {}};
  Stmt kbody =
      SeqStmt::make({Copy::make(a_src, Region::full(As)), Copy::make(b_src, Region::full(Bs)),
                     Gemm::make(Region::full(As), Region::full(Bs), Region::full(Cl), false, true,
                                false, Attrs().with("k_pack", 1))});
  Stmt body = SeqStmt::make({Fill::make(Region::full(Cl), make_zero(DataType::float32())),
                             For::make(k, c(0), c(4), ForKind::kPipelined, kbody, 3),
                             Copy::make(Region::full(Cl), c_dst)});
  body = Allocate::make(Cl, body);
  body = Allocate::make(Bs, body);
  body = Allocate::make(As, body);
  Stmt launch = KernelLaunch::make({c(2), c(2)}, {bx, by}, Attrs().with("threads", 128), body);
  PrimFunc f;
  f.name = "gemm";
  f.params = {{A, {}}, {B, {}}, {C, {}}};
  f.body = launch;
  f.attrs.set("tl.outputs", std::vector<std::string>{"C"});
  f.attrs.set("tl.out_idx", std::vector<int64_t>{2});
  return f;
}

TEST(IrPrinter, PrintsGemmKernelDeterministically) {
  PrimFunc f = make_gemm();
  const char* expected =
      "func gemm(A: global float16[128, 128], B: global float16[128, 128], C: global "
      "float16[128, 128]) attrs {tl.out_idx = [2], tl.outputs = [\"C\"]} {\n"
      "  launch (bx < 2, by < 2) {threads = 128} {\n"
      "    alloc A_shared: shared float16[64, 32]\n"
      "    alloc B_shared: shared float16[32, 64]\n"
      "    alloc C_local: fragment float32[64, 64]\n"
      "    fill C_local, 0.0f\n"
      "    for k in pipelined(0 +: 4, num_stages=3) {\n"
      "      copy A[by * 64 +: 64, k * 32 +: 32] -> A_shared\n"
      "      copy B[k * 32 +: 32, bx * 64 +: 64] -> B_shared\n"
      "      gemm A_shared, B_shared -> C_local transpose_b {k_pack = 1}\n"
      "    }\n"
      "    copy C_local -> C[by * 64 +: 64, bx * 64 +: 64]\n"
      "  }\n"
      "}\n";
  EXPECT_EQ(print(f), expected);
  EXPECT_EQ(print(f), print(make_gemm()));
}

TEST(IrPrinter, ParenthesizesByPrecedence) {
  Var x = Variable::make("x");
  Expr e =
      mul(add(x, c(1)), Binary::make(BinaryOp::kSub, x, Binary::make(BinaryOp::kSub, x, c(2))));
  EXPECT_EQ(print(e), "(x + 1) * (x - (x - 2))");
  Expr f = Binary::make(BinaryOp::kSub, Binary::make(BinaryOp::kSub, x, c(1)), c(2));
  EXPECT_EQ(print(f), "x - 1 - 2");
  Expr g = Logical::make(LogicalOp::kAnd, Compare::make(CompareOp::kLT, x, c(3)),
                         Unary::make(UnaryOp::kNot, Compare::make(CompareOp::kEQ, x, c(0))));
  EXPECT_EQ(print(g), "x < 3 and not x == 0");
  EXPECT_EQ(print(Binary::make(BinaryOp::kCeilDiv, x, c(32))), "ceildiv(x, 32)");
  EXPECT_EQ(print(FloatImm::make(1.5, DataType::float16())), "float16(1.5)");
  EXPECT_EQ(print(FloatImm::make(-INFINITY, DataType::float32())), "float32(-inf)");
  EXPECT_EQ(print(IntImm::make(7, DataType::int64())), "int64(7)");
  EXPECT_EQ(print(Call::make(DataType::float32(), "exp2", {Cast::make(DataType::float32(), x)})),
            "exp2(cast(float32, x))");
}

TEST(IrPrinter, UniquifiesDistinctVariablesWithOneName) {
  Var i1 = Variable::make("i"), i2 = Variable::make("i");
  EXPECT_EQ(print(add(i1, i2)), "i + i_1");
}

TEST(IrPrinter, AttrsAreSortedAndNested) {
  Attrs inner;
  inner.set("z", 1);
  inner.set("a", std::vector<int64_t>{1, 2});
  Attrs a;
  a.set("tt.b", true);
  a.set("tt.a", inner);
  a.set("name", "x\"y");
  a.set("list", AttrList{AttrValue(1.5), AttrValue("s")});
  EXPECT_EQ(a.str(),
            "{list = [1.5, \"s\"], name = \"x\\\"y\", tt.a = {\"a\": [1, 2], \"z\": 1}, tt.b = "
            "true}");
}

TEST(IrEquality, IndependentBuildsAreEqual) {
  std::string why;
  EXPECT_TRUE(structural_equal(make_gemm(), make_gemm(), &why)) << why;
}

TEST(IrEquality, DetectsDifferentConstant) {
  PrimFunc a = make_gemm();
  PrimFunc b = make_gemm();
  const auto* launch = b.body.as<KernelLaunch>();
  b = b.with_body(KernelLaunch::make({c(2), c(3)}, launch->vars, launch->attrs, launch->body));
  std::string why;
  EXPECT_FALSE(structural_equal(a, b, &why));
  EXPECT_NE(why.find("2 vs 3"), std::string::npos) << why;
}

TEST(IrEquality, VariablesMatchByBindingNotName) {
  Var x = Variable::make("x"), y = Variable::make("y");
  Buffer buf = Buffer::make("T", DataType::int32(), {c(4)}, MemScope::kLocal);
  Stmt a = For::make(x, c(0), c(4), ForKind::kSerial, BufferStore::make(buf, {x}, x));
  Stmt b = For::make(y, c(0), c(4), ForKind::kSerial, BufferStore::make(buf, {y}, y));
  EXPECT_TRUE(structural_equal(a, b));
  // Using a different (free) variable in the body breaks the correspondence.
  Var z = Variable::make("x");
  Stmt d = For::make(y, c(0), c(4), ForKind::kSerial, BufferStore::make(buf, {y}, z));
  EXPECT_FALSE(structural_equal(a, d));
}

TEST(IrEquality, AttrsAndFlagsMatter) {
  Buffer buf = Buffer::make("T", DataType::float32(), {c(4), c(4)}, MemScope::kFragment);
  Region r = Region::full(buf);
  EXPECT_FALSE(structural_equal(Gemm::make(r, r, r, false, false, false),
                                Gemm::make(r, r, r, false, true, false)));
  EXPECT_FALSE(structural_equal(Reduce::make(ReduceKind::kMax, r, r, 1, true),
                                Reduce::make(ReduceKind::kMax, r, r, 1, false)));
  EXPECT_TRUE(structural_equal(Reduce::make(ReduceKind::kMax, r, r, 1, true),
                               Reduce::make(ReduceKind::kMax, r, r, 1, true)));
}

TEST(IrVerifier, AcceptsWellFormedKernel) {
  auto errs = verify(make_gemm());
  EXPECT_TRUE(errs.empty()) << format_verify_errors(errs);
}

TEST(IrVerifier, RejectsUndefinedVariable) {
  PrimFunc f = make_gemm();
  Var ghost = Variable::make("ghost", DataType::int32(), {intern_file_name("t.py"), 3, 7, 3, 12});
  Buffer C = f.params[2].buffer;
  f = f.with_body(SeqStmt::make(
      {f.body, KernelLaunch::make(
                   {c(1)}, {Variable::make("b")}, {},
                   BufferStore::make(C, {ghost, c(0)}, FloatImm::make(0, DataType::float16())))}));
  auto errs = verify(f);
  ASSERT_EQ(errs.size(), 1u) << format_verify_errors(errs);
  EXPECT_EQ(errs[0].message, "use of undefined variable 'ghost'");
  EXPECT_EQ(errs[0].loc.str(), "t.py:3:7");
}

TEST(IrVerifier, RejectsRankMismatchAndTypeErrors) {
  Buffer A = Buffer::make("A", DataType::float32(), {c(8), c(8)}, MemScope::kGlobal);
  Var i = Variable::make("i");
  PrimFunc f;
  f.name = "k";
  f.params = {{A, {}}};
  Stmt store = BufferStore::make(A, {i}, FloatImm::make(1.0));
  Stmt store2 = BufferStore::make(A, {i, i}, IntImm::make(1));
  f.body = KernelLaunch::make(
      {c(1)}, {Variable::make("bx")}, {},
      For::make(i, c(0), c(8), ForKind::kParallel, SeqStmt::make({store, store2})));
  auto errs = verify(f);
  ASSERT_EQ(errs.size(), 2u) << format_verify_errors(errs);
  EXPECT_EQ(errs[0].message, "buffer 'A' of rank 2 indexed with 1 indices");
  EXPECT_EQ(errs[1].message, "store of int32 value into float32 buffer 'A'");
}

TEST(IrVerifier, RejectsNestedLaunchAndBufferOutOfScope) {
  Buffer S = Buffer::make("S", DataType::float32(), {c(4)}, MemScope::kShared);
  PrimFunc f;
  f.name = "k";
  Stmt inner = KernelLaunch::make({c(1)}, {Variable::make("b2")}, {},
                                  Fill::make(Region::full(S), FloatImm::make(0)));
  f.body = KernelLaunch::make({c(1)}, {Variable::make("b1")}, {}, inner);
  auto errs = verify(f);
  ASSERT_EQ(errs.size(), 2u) << format_verify_errors(errs);
  EXPECT_EQ(errs[0].message, "nested kernel launch");
  EXPECT_EQ(errs[1].message, "use of buffer 'S' outside its allocation");
}

TEST(IrVerifier, RejectsRebindingAndBadLoops) {
  Var i = Variable::make("i");
  Buffer S = Buffer::make("S", DataType::float32(), {c(4)}, MemScope::kLocal);
  Stmt body = For::make(
      i, c(0), c(4), ForKind::kSerial,
      For::make(i, c(0), c(4), ForKind::kSerial, BufferStore::make(S, {i}, FloatImm::make(0))), 2);
  PrimFunc f;
  f.name = "k";
  f.body = KernelLaunch::make({c(0)}, {Variable::make("bx")}, {}, Allocate::make(S, body));
  auto errs = verify(f);
  ASSERT_EQ(errs.size(), 3u) << format_verify_errors(errs);
  EXPECT_EQ(errs[0].message, "grid extent 0 is not positive");
  EXPECT_EQ(errs[1].message, "num_stages on a non-pipelined loop");
  EXPECT_EQ(errs[2].message, "variable 'i' bound again inside its own scope");
}

class Identity : public Mutator {
 public:
  using Mutator::visit;
};

TEST(IrMutator, IdentityReturnsOriginalNodes) {
  PrimFunc f = make_gemm();
  Identity id;
  PrimFunc g = id.mutate(f);
  EXPECT_TRUE(g.body.same_as(f.body));
}

// Replaces the constant 3 (num_stages is a field, not an expression) with 5 everywhere.
class ReplaceFour : public Mutator {
 public:
  using Mutator::visit;
  Expr visit(const IntImm* op) override { return op->value == 4 ? make_int(5) : Expr(op); }
};

TEST(IrMutator, RebuildsOnlyChangedPath) {
  PrimFunc f = make_gemm();
  ReplaceFour m;
  PrimFunc g = m.mutate(f);
  ASSERT_FALSE(g.body.same_as(f.body));
  EXPECT_NE(print(g).find("for k in pipelined(0 +: 5, num_stages=3)"), std::string::npos);
  // Untouched subtrees are shared: the final copy statement is the same node.
  auto last = [](const PrimFunc& fn) {
    const Stmt* s = &fn.body.as<KernelLaunch>()->body;
    while (const auto* a = s->as<Allocate>()) {
      s = &a->body;
    }
    return s->as<SeqStmt>()->stmts.back();
  };
  EXPECT_TRUE(last(f).same_as(last(g)));
}

TEST(IrVisitor, PostOrderVisitsChildrenFirst) {
  std::vector<std::string> kinds;
  post_order_visit(make_gemm().body, [&](const Node* n) {
    if (n->kind == NodeKind::kGemm || n->kind == NodeKind::kFor ||
        n->kind == NodeKind::kKernelLaunch) {
      kinds.push_back(node_kind_name(n->kind));
    }
  });
  EXPECT_EQ(kinds, (std::vector<std::string>{"Gemm", "For", "KernelLaunch"}));
}

TEST(IrNodes, ConstructionChecksAreInternalErrors) {
  EXPECT_THROW(Binary::make(BinaryOp::kAdd, c(1), FloatImm::make(1.0)), InternalError);
  EXPECT_THROW(IntImm::make(1, DataType::float32()), InternalError);
}

TEST(IrDtype, ParsesTileLangSpellings) {
  EXPECT_EQ(DataType::parse("float"), DataType::float32());
  EXPECT_EQ(DataType::parse("bfloat16"), DataType::bfloat16());
  EXPECT_EQ(DataType::parse("uint8"), DataType::uint8());
  EXPECT_EQ(DataType::parse("float17"), std::nullopt);
  EXPECT_EQ(DataType::bfloat16().str(), "bfloat16");
  EXPECT_EQ(DataType::float16().bytes(), 2);
}

}  // namespace
}  // namespace tltt::ir
