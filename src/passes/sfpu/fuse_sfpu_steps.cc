// B4: fusion of consecutive tt.sfpu steps (see fuse_sfpu_steps.h), run to a fixpoint.
#include "passes/sfpu/fuse_sfpu_steps.h"

#include <fmt/format.h>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu/dead_values.h"
#include "passes/sfpu/lowerer.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

// Fusion of consecutive steps: `t = f(...)` followed by `out = g(.., t, ..)`, where nothing else
// touches the intermediate block t, becomes one tree `out = g(.., f(...), ..)` evaluated in DST
// (no round trip through t's CB), when the fused tree still fits DST. t must be read as a whole
// block (not broadcast) over the same tile grid.
class FuseSteps : public Mutator {
 public:
  using Mutator::visit;
  int64_t dst_capacity = 0;
  std::map<const BufferNode*, int> uses;  // statements mentioning each buffer
  // Reads whose value is dead after the step (dead_values.h): t may be fused although other
  // statements use its buffer, once per round (a fusion drops a write the analysis relied on).
  DeadReads dead;
  bool dead_fused = false;
  bool changed = false;
  PassContext* ctx = nullptr;
  std::set<std::string>* rejected = nullptr;  // fusions already reported as rejected

  Stmt visit(const SeqStmt* op) override {
    Stmt s = Mutator::visit(op);
    const SeqStmt* seq_stmt = s.as<SeqStmt>();
    if (!seq_stmt) {
      return s;
    }
    std::vector<Stmt> stmts = seq_stmt->stmts;
    for (size_t i = 0; i + 1 < stmts.size(); ++i) {
      if (Stmt fused = fuse(stmts[i], stmts[i + 1]); fused.defined()) {
        stmts[i] = fused;
        stmts.erase(stmts.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        changed = true;
      }
    }
    return SeqStmt::make(stmts, seq_stmt->loc);
  }

 private:
  Stmt fuse(const Stmt& first, const Stmt& second) {
    const Call* a = as_call_stmt(first);
    const Call* b = as_call_stmt(second);
    if (!is_tt_op(a, TtOp::kSfpu) || !is_tt_op(b, TtOp::kSfpu) || tt::Sfpu::inputs(a).empty()) {
      return {};
    }
    Buffer t = tt::Sfpu::out(a), out = tt::Sfpu::out(b);
    bool reads_t = false;
    for (const Buffer& x : tt::Sfpu::inputs(b)) {
      reads_t |= x.same_as(t);
    }
    bool only = uses[t.get()] == 2;
    if (!reads_t || out.same_as(t) || vector_kind(t) != vector_kind(out) ||
        t.rank() != out.rank() || (!only && (dead_fused || !dead.count({b, t.get()})))) {
      return {};
    }
    // A cast (`t = x` of another dtype) stays a step when t is used otherwise: the consumer
    // would read x's format, and D5 combines blocks of different formats on the SFPU, not the FPU
    // (LayerNorm's `xf - mean` measured 1.3% slower fused).
    // With D4d on, a bfloat16 block widened to float32 is fused where the consumer only adds it
    // to or subtracts from a float32 broadcast: D4d puts those on the FPU with both formats.
    const RegionRef* leaf = tt::Sfpu::tree(a).as<RegionRef>();
    if (!only && leaf && leaf->region.buffer->dtype != t->dtype &&
        !(ctx->enabled("fpu-mixed-formats") && leaf->region.buffer->dtype == DataType::bfloat16() &&
          t->dtype == DataType::float32() && fpu_operand_only(tt::Sfpu::tree(b), t.get()))) {
      return {};
    }
    for (size_t d = 0; d < t.rank(); ++d) {
      if (as_const_int(t->shape[d]) != as_const_int(out->shape[d])) {
        return {};
      }
    }
    bool ok = true;
    Expr tree = substitute(tt::Sfpu::tree(b), t, tt::Sfpu::tree(a), &ok);
    if (!ok || sfpu_dst_need(tree) > dst_capacity) {
      std::string key = fmt::format("{}>{}@{}", t->name, out->name, b->loc.str());
      if (ok && rejected->insert(key).second) {
        ctx->remark(b->loc, "fusion") << fmt::format(
            "'{}' is not fused into the step writing '{}': together they would need {} DST "
            "tiles, more than the {} DST holds, so '{}' goes through its CB",
            t->name, out->name, sfpu_dst_need(tree), dst_capacity, t->name);
      }
      return {};
    }
    ctx->remark(b->loc, "fusion") << fmt::format(
        "'{}' is fused into the step writing '{}': {}, so both steps are one DST evaluation ({} "
        "tiles) without a round trip through a CB",
        t->name, out->name,
        only ? "nothing else reads it"
             : "its value is not read again (the next use of the buffer writes it whole)",
        sfpu_dst_need(tree));
    dead_fused |= !only;
    std::vector<Expr> args;
    auto add_input = [&](const Expr& ref) {
      Buffer x = ref_buffer(ref);
      for (const Expr& e : args) {
        if (ref_buffer(e).same_as(x)) {
          return;
        }
      }
      args.push_back(ref);
    };
    for (const Expr& in : tt::Sfpu::inputs_args(a)) {
      add_input(in);
    }
    for (const Expr& in : tt::Sfpu::inputs_args(b)) {
      if (!ref_buffer(in).same_as(t)) {
        add_input(in);
      }
    }
    args.push_back(tt::Sfpu::out_arg(b));
    args.push_back(tree);
    return tt_call_stmt(TtOp::kSfpu, std::move(args), {}, b->loc);
  }

  // Whether every leaf of t in `tree` is the block operand of an add, or the first operand of a
  // sub, whose other operand broadcasts a float32 vector (the pairs D4d marks for the FPU).
  static bool fpu_operand_only(const Expr& tree, const BufferNode* t) {
    bool ok = true;
    int pairs = 0;
    post_order_visit(Stmt(Evaluate::make(tree)), [&](const Node* n) {
      if (n->kind != NodeKind::kCall) {
        return;
      }
      const Call* c = static_cast<const Call*>(n);
      auto op = tile_op_of(Expr(c));
      if (!op || op->kind != TileOpKind::kBinary) {
        return;
      }
      const Expr &x = tile::Binary::x(c), &y = tile::Binary::y(c);
      auto is_t = [&](const Expr& e) { return ref_buffer(e).get() == t && !e.as<Call>(); };
      auto f32_vector = [&](const Expr& e) {
        const Call* b = as_tile_bcast(e);
        return b && !as_tile_op(e, TileOpKind::kBcastScalar) &&
               ref_buffer(tile_leaf_block(b)).defined() &&
               ref_buffer(tile_leaf_block(b))->dtype == DataType::float32();
      };
      bool sub = op->binary == SfpuBinaryFn::kSub && is_t(x) && f32_vector(y) &&
                 as_tile_op(y, TileOpKind::kBcastCol);
      bool add = op->binary == SfpuBinaryFn::kAdd &&
                 ((is_t(x) && f32_vector(y)) || (is_t(y) && f32_vector(x)));
      if (sub || add) {
        ++pairs;
      } else if (is_t(x) || is_t(y)) {
        ok = false;
      }
    });
    int leaves = 0;
    post_order_visit(Stmt(Evaluate::make(tree)), [&](const Node* n) {
      leaves += n->kind == NodeKind::kRegionRef &&
                static_cast<const RegionRef*>(n)->region.buffer.get() == t;
    });
    return ok && pairs > 0 && pairs == leaves;
  }

  // `tree` with every whole-block leaf of t replaced by `with`; fails (ok = false) when t is
  // read through a broadcast or mask.
  static Expr substitute(const Expr& tree, const Buffer& t, const Expr& with, bool* ok) {
    class Subst : public Mutator {
     public:
      using Mutator::visit;
      const BufferNode* t = nullptr;
      Expr with;
      bool* ok = nullptr;
      Expr visit(const RegionRef* op) override {
        return op->region.buffer.get() == t ? with : Expr(op);
      }
      Expr visit(const Call* op) override {
        if (as_tile_op(op, TileOpKind::kBcastCol) || as_tile_op(op, TileOpKind::kBcastRow) ||
            as_tile_op(op, TileOpKind::kBcastScalar) || as_tile_op(op, TileOpKind::kMask)) {
          *ok &= ref_buffer(tile_leaf_block(op)).get() != t;
          return op;
        }
        return Mutator::visit(op);
      }
    } sub;
    sub.t = t.get();
    sub.with = with;
    sub.ok = ok;
    return sub.mutate(tree);
  }
};

// How many statements mention each buffer.
std::map<const BufferNode*, int> statement_uses(const Stmt& body) {
  std::map<const BufferNode*, int> uses;
  post_order_visit(body, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kEvaluate:
      case NodeKind::kCopy:
      case NodeKind::kGemm:
      case NodeKind::kFill:
      case NodeKind::kReduce:
      case NodeKind::kBufferStore:
        for (const BufferNode* b : buffers_in(Stmt(static_cast<const StmtNode*>(n)))) {
          ++uses[b];
        }
        break;
      default:
        break;
    }
  });
  return uses;
}

}  // namespace

Module fuse_sfpu_steps(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    int64_t dst_capacity = f.attrs.get_int(keys::kSfpuDstCapacity, ctx.device.dst_tiles(false));
    f.attrs.erase(keys::kSfpuDstCapacity);
    std::set<std::string> rejected;
    for (bool again = true; again;) {
      FuseSteps fuse;
      fuse.ctx = &ctx;
      fuse.rejected = &rejected;
      fuse.dst_capacity = dst_capacity;
      fuse.uses = statement_uses(f.body);
      fuse.dead = dead_reads(f.body);
      f = fuse.mutate(f);
      again = fuse.changed;
    }
    f.body = factor_common_scalars(f.body, ctx);
  }
  return out;
}

}  // namespace tltt::passes
