// Builders of the test kernels' front-end IR.
#include "kernels.h"

namespace tltt::testing {

using namespace ir;

namespace {
Expr c(int64_t v) { return make_int(v); }
Expr add(Expr a, Expr b) { return Binary::make(BinaryOp::kAdd, a, b); }
Expr mul(Expr a, Expr b) { return Binary::make(BinaryOp::kMul, a, b); }
int64_t cdiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
}  // namespace

Location fake_loc(uint32_t line) {
  Location l;
  l.file = intern_file_name("kernel.py");
  l.line = line;
  l.col = 5;
  l.end_line = line;
  l.end_col = 20;
  return l;
}

Module make_gemm(const GemmConfig& g) {
  std::vector<Expr> a_shape =
      g.transpose_a ? std::vector<Expr>{c(g.k), c(g.m)} : std::vector<Expr>{c(g.m), c(g.k)};
  std::vector<Expr> b_shape =
      g.transpose_b ? std::vector<Expr>{c(g.n), c(g.k)} : std::vector<Expr>{c(g.k), c(g.n)};
  Buffer A = Buffer::make("A", g.in, a_shape, MemScope::kGlobal, {}, fake_loc(2));
  Buffer B = Buffer::make("B", g.in, b_shape, MemScope::kGlobal, {}, fake_loc(3));
  Buffer C = Buffer::make("C", g.out, {c(g.m), c(g.n)}, MemScope::kGlobal, {}, fake_loc(4));
  std::vector<Expr> as =
      g.transpose_a ? std::vector<Expr>{c(g.bk), c(g.bm)} : std::vector<Expr>{c(g.bm), c(g.bk)};
  std::vector<Expr> bs =
      g.transpose_b ? std::vector<Expr>{c(g.bn), c(g.bk)} : std::vector<Expr>{c(g.bk), c(g.bn)};
  Buffer As = Buffer::make("A_shared", g.in, as, MemScope::kShared, {}, fake_loc(6));
  Buffer Bs = Buffer::make("B_shared", g.in, bs, MemScope::kShared, {}, fake_loc(7));
  Buffer Cl =
      Buffer::make("C_local", g.acc, {c(g.bm), c(g.bn)}, MemScope::kFragment, {}, fake_loc(8));
  Buffer Cs =
      Buffer::make("C_shared", g.out, {c(g.bm), c(g.bn)}, MemScope::kShared, {}, fake_loc(9));
  Var bx = Variable::make("bx"), by = Variable::make("by"), k = Variable::make("k");
  Region a_src = g.transpose_a
                     ? Region{A, {{mul(k, c(g.bk)), c(g.bk)}, {mul(by, c(g.bm)), c(g.bm)}}, {}}
                     : Region{A, {{mul(by, c(g.bm)), c(g.bm)}, {mul(k, c(g.bk)), c(g.bk)}}, {}};
  Region b_src = g.transpose_b
                     ? Region{B, {{mul(bx, c(g.bn)), c(g.bn)}, {mul(k, c(g.bk)), c(g.bk)}}, {}}
                     : Region{B, {{mul(k, c(g.bk)), c(g.bk)}, {mul(bx, c(g.bn)), c(g.bn)}}, {}};
  Region c_dst{C, {{mul(by, c(g.bm)), c(g.bm)}, {mul(bx, c(g.bn)), c(g.bn)}}, {}};
  Stmt kbody =
      SeqStmt::make({Copy::make(a_src, Region::full(As), {}, fake_loc(12)),
                     Copy::make(b_src, Region::full(Bs), {}, fake_loc(13)),
                     Gemm::make(Region::full(As), Region::full(Bs), Region::full(Cl), g.transpose_a,
                                g.transpose_b, g.clear_accum, {}, fake_loc(14))});
  std::vector<Stmt> body;
  if (!g.clear_accum) {
    Expr value = g.fill_value == 0.0 ? make_zero(g.acc) : FloatImm::make(g.fill_value, g.acc);
    body.push_back(Fill::make(Region::full(Cl), value, fake_loc(10)));
  }
  body.push_back(For::make(k, c(0), c(cdiv(g.k, g.bk)), ForKind::kPipelined, kbody, g.num_stages,
                           {}, fake_loc(11)));
  if (g.stage_output) {
    body.push_back(Copy::make(Region::full(Cl), Region::full(Cs), {}, fake_loc(15)));
    body.push_back(Copy::make(Region::full(Cs), c_dst, {}, fake_loc(16)));
  } else {
    body.push_back(Copy::make(Region::full(Cl), c_dst, {}, fake_loc(15)));
  }
  Stmt s = SeqStmt::make(body);
  if (g.stage_output) {
    s = Allocate::make(Cs, s, fake_loc(9));
  }
  s = Allocate::make(Cl, s, fake_loc(8));
  s = Allocate::make(Bs, s, fake_loc(7));
  s = Allocate::make(As, s, fake_loc(6));
  Stmt launch = KernelLaunch::make({c(cdiv(g.n, g.bn)), c(cdiv(g.m, g.bm))}, {bx, by},
                                   Attrs().with("threads", 128), s, fake_loc(5));
  PrimFunc f;
  f.name = "gemm";
  f.params = {{A, {}}, {B, {}}, {C, {}}};
  f.body = launch;
  f.loc = fake_loc(1);
  f.attrs.set("tl.out_idx", std::vector<int64_t>{2});
  Module m;
  m.functions.push_back(f);
  return m;
}

Module make_eltwise(const EltwiseConfig& e) {
  Buffer A = Buffer::make("A", e.dtype, {c(e.m), c(e.n)}, MemScope::kGlobal, {}, fake_loc(2));
  Buffer B = Buffer::make("B", e.dtype, {c(e.m), c(e.n)}, MemScope::kGlobal, {}, fake_loc(3));
  Buffer C = Buffer::make("C", e.dtype, {c(e.m), c(e.n)}, MemScope::kGlobal, {}, fake_loc(4));
  Var bx = Variable::make("bx"), by = Variable::make("by");
  Var i = Variable::make("i"), j = Variable::make("j");
  Expr r0 = mul(by, c(e.bm)), c0 = mul(bx, c(e.bn));
  Stmt s;
  if (e.form == EltwiseForm::kStaged) {
    Buffer As =
        Buffer::make("A_shared", e.dtype, {c(e.bm), c(e.bn)}, MemScope::kShared, {}, fake_loc(6));
    Buffer Bs =
        Buffer::make("B_shared", e.dtype, {c(e.bm), c(e.bn)}, MemScope::kShared, {}, fake_loc(7));
    Buffer Cl =
        Buffer::make("C_local", e.dtype, {c(e.bm), c(e.bn)}, MemScope::kFragment, {}, fake_loc(8));
    Stmt store = BufferStore::make(
        Cl, {i, j}, Binary::make(e.op, BufferLoad::make(As, {i, j}), BufferLoad::make(Bs, {i, j})),
        fake_loc(12));
    Stmt loop =
        For::make(i, c(0), c(e.bm), ForKind::kParallel,
                  For::make(j, c(0), c(e.bn), ForKind::kParallel, store), 0, {}, fake_loc(11));
    s = SeqStmt::make({Copy::make(Region{A, {{r0, c(e.bm)}, {c0, c(e.bn)}}, {}}, Region::full(As),
                                  {}, fake_loc(9)),
                       Copy::make(Region{B, {{r0, c(e.bm)}, {c0, c(e.bn)}}, {}}, Region::full(Bs),
                                  {}, fake_loc(10)),
                       loop,
                       Copy::make(Region::full(Cl), Region{C, {{r0, c(e.bm)}, {c0, c(e.bn)}}, {}},
                                  {}, fake_loc(13))});
    s = Allocate::make(Cl, s, fake_loc(8));
    s = Allocate::make(Bs, s, fake_loc(7));
    s = Allocate::make(As, s, fake_loc(6));
  } else {
    std::vector<Expr> idx = {add(r0, i), add(c0, j)};
    Stmt store = BufferStore::make(
        C, idx, Binary::make(e.op, BufferLoad::make(A, idx), BufferLoad::make(B, idx)),
        fake_loc(8));
    s = For::make(i, c(0), c(e.bm), ForKind::kParallel,
                  For::make(j, c(0), c(e.bn), ForKind::kParallel, store), 0, {}, fake_loc(7));
  }
  Stmt launch = KernelLaunch::make({c((e.n + e.bn - 1) / e.bn), c((e.m + e.bm - 1) / e.bm)},
                                   {bx, by}, Attrs().with("threads", 128), s, fake_loc(5));
  PrimFunc f;
  f.name = e.form == EltwiseForm::kStaged ? "eltwise" : "eltwise_direct";
  f.params = {{A, {}}, {B, {}}, {C, {}}};
  f.body = launch;
  f.loc = fake_loc(1);
  Module m;
  m.functions.push_back(f);
  return m;
}

}  // namespace tltt::testing
