// D4c: attention's `o *= alpha` folded into the PV product's reload of o (see rescale_reload.h).
// The online softmax rescales its float32 accumulator by a per-row factor before every
// `T.gemm(p, v, o)`; as a step of its own that is, per tile of o, a copy into DST, a broadcast
// of the factor, an SFPU product (4 instructions a vector) and a pack, then the gemm unpacks the
// same tile again to accumulate onto it. D5 reloads a gemm's partials into DST before every
// product anyway: reloading them with mul_tiles_bcast_cols(o, alpha) instead of copy_tile puts
// the rescaled value in DST for one FPU operation and no round trip through the CB.
#include "passes/rescale_reload.h"

#include <fmt/format.h>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool is_ref(const Expr& e, const Buffer& b) {
  Buffer r = ref_buffer(e);
  return r.defined() && r.get() == b.get();
}

// `c = c * bcast_col(v)` (either operand order): v into *v, else false.
bool rescale_step(const Call* s, Buffer* v) {
  if (!is_tt_op(s, TtOp::kSfpu)) {
    return false;
  }
  Buffer c = tt::Sfpu::out(s);
  const Expr& tree = tt::Sfpu::tree(s);
  const Call* mul = as_tile_op(tree, TileOpKind::kBinary);
  if (!mul || tile_op_of(tree)->binary != SfpuBinaryFn::kMul) {
    return false;
  }
  const Expr &x = tile::Binary::x(mul), &y = tile::Binary::y(mul);
  const Expr& vec = is_ref(x, c) ? y : x;
  if (!is_ref(x, c) && !is_ref(y, c)) {
    return false;
  }
  const Call* b = as_tile_op(vec, TileOpKind::kBcastCol);
  if (!b) {
    return false;
  }
  *v = ref_buffer(tile_leaf_block(b));
  return v->defined() && v->get() != c.get();
}

bool pop_of(const Call* c, const Buffer& b) {
  return is_tt_op(c, TtOp::kCbPopFront) && !c->args.empty() && is_ref(c->args[0], b);
}

class Fold : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  bool fast_math = false;
  int folded = 0;

  Stmt visit(const SeqStmt* op) override {
    std::vector<Stmt> in;
    for (const Stmt& s : op->stmts) {
      in.push_back(mutate(s));
    }
    std::vector<Stmt> out;
    for (size_t i = 0; i < in.size(); ++i) {
      size_t end = 0;
      if (try_fold(in, i, &end, out)) {
        i = end;
        continue;
      }
      out.push_back(in[i]);
    }
    return seq(out, op->loc);
  }

 private:
  // in[i] the rescale of c by v; between it and the tt.matmul into c only C4's pops of c's old
  // value and of v and D4's matmul inits. Appends the rewritten statements to `out`.
  bool try_fold(const std::vector<Stmt>& in, size_t i, size_t* end, std::vector<Stmt>& out) {
    const Call* s = as_call_stmt(in[i]);
    Buffer v;
    if (!rescale_step(s, &v)) {
      return false;
    }
    Buffer c = tt::Sfpu::out(s);
    std::vector<Stmt> kept, v_pops;
    bool c_popped = false;
    size_t j = i + 1;
    for (; j < in.size(); ++j) {
      const Call* k = as_call_stmt(in[j]);
      if (pop_of(k, c) && !c_popped) {
        c_popped = true;
      } else if (pop_of(k, v)) {
        v_pops.push_back(in[j]);
      } else if (is_tt_op(k, TtOp::kMatmulInit)) {
        kept.push_back(in[j]);
      } else {
        break;
      }
    }
    const Call* mm = j < in.size() ? as_call_stmt(in[j]) : nullptr;
    if (!is_tt_op(mm, TtOp::kMatmul) || tt::Matmul::c(mm).get() != c.get()) {
      return false;
    }
    const BoolImm* acc = tt::Matmul::accumulate(mm).as<BoolImm>();
    auto vg = tile_grid(v), cg = tile_grid(c);
    std::string why;
    if (!fast_math) {
      why =
          "the kernel does not enable fast math, and the FPU's product keeps a bfloat16 "
          "mantissa of the accumulator at every rescale (the SFPU's is float32)";
    } else if (!c_popped) {
      why = "the old value of the accumulator is read after the rescale";
    } else if (!acc || !acc->value) {
      why = "the product does not add to the accumulator's value at every execution";
    } else if (tt::Matmul::transpose_a(mm) || tt::Matmul::l1_acc(mm)) {
      why = "the product's A is transposed or it accumulates in L1";
    } else if (v->dtype != c->dtype || vg[1] != 1 || vg[0] != cg[0] ||
               v->attrs.get_string(keys::kCbFormat, "") !=
                   c->attrs.get_string(keys::kCbFormat, "")) {
      why = "the factor is not a per-row vector of the accumulator's rows and format";
    }
    if (!why.empty()) {
      ctx->remark(s->loc, "kept") << fmt::format("rescale of '{}' by '{}' kept as its own step: {}",
                                                 c->name, v->name, why);
      return false;
    }
    ctx->remark(s->loc, "fold") << fmt::format(
        "rescale of '{}' by '{}' folded into the product's reload of '{}' "
        "(mul_tiles_bcast_cols instead of copy_tile): no element-wise step, no round trip of "
        "its {} tiles through the CB",
        c->name, v->name, c->name, cg[0] * cg[1]);
    ++folded;
    // The step stays, its product marked: D5 emits nothing for it and reloads the gemm's
    // partials through it. c's old value is the gemm's input now (its pop goes), v lives until
    // the gemm has run.
    const Call* root = tt::Sfpu::tree(s).as<Call>();
    Attrs marked = root->attrs;
    marked.set("rescale_reload", true);
    std::vector<Expr> args = s->args;
    args.back() = Call::make(root->dtype, root->name, root->args, marked, root->loc);
    out.push_back(tt_call_stmt(TtOp::kSfpu, std::move(args), s->attrs, s->loc));
    out.insert(out.end(), kept.begin(), kept.end());
    out.push_back(in[j]);
    out.insert(out.end(), v_pops.begin(), v_pops.end());
    *end = j;
    return true;
  }
};

}  // namespace

Module rescale_reload(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (kernel_role(m, f) != "compute") {
      continue;
    }
    Fold fold;
    fold.ctx = &ctx;
    fold.fast_math = f.attrs.get_bool("tl.enable_fast_math", false);
    f.body = fold.mutate(f.body);
  }
  return out;
}

}  // namespace tltt::passes
