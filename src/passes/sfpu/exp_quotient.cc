// B4d: exp(x) / y as exp(x - log(y)) for a y that is never negative (see exp_quotient.h). The
// proof that y >= 0 is an induction over the blocks' writes: a block is never negative when every
// tt.sfpu or tt.reduce writing it computes a value that is not, assuming the block itself is not
// (the running sum's `l = l * alpha + l_blk`); a block anything else writes (a copy, a store, a
// gemm) is unknown. A reduction's input is judged by the step that wrote it just before, in the
// same statement list (softmax's `x` holds copied data, then its exponentials, then is summed):
// only that value reaches the reduction.
#include "passes/sfpu/exp_quotient.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu/rewrite_trees.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool is_compute_write(const Call* c) {
  return is_tt_op(c, TtOp::kSfpu) || is_tt_op(c, TtOp::kReduce);
}

Buffer written_block(const Call* c) {
  return is_tt_op(c, TtOp::kSfpu) ? tt::Sfpu::out(c) : tt::Reduce::out(c);
}

std::vector<Buffer> read_blocks(const Call* c) {
  if (is_tt_op(c, TtOp::kSfpu)) {
    return tt::Sfpu::inputs(c);
  }
  return {tt::Reduce::in(c), tt::Reduce::scaler(c)};
}

class NonNegative {
 public:
  explicit NonNegative(const Stmt& body) {
    // Blocks some statement other than a tt.sfpu / tt.reduce mentions (may write).
    other_ = buffers_in(body, [&](const Call* c) {
      if (!is_compute_write(c)) {
        return false;
      }
      writes_[written_block(c).get()].push_back(c);
      return true;
    });
    scan(body);
  }

  // Whether every value of `e`, evaluated by the step `at`, is >= 0 (or +inf, or NaN only where
  // an operand is).
  bool value(const Expr& e, const Call* at) {
    if (const FloatImm* f = e.as<FloatImm>()) {
      return f->value >= 0;
    }
    if (const IntImm* i = e.as<IntImm>()) {
      return i->value >= 0;
    }
    if (const Call* b = as_tile_bcast(e)) {
      return value(tile_leaf_block(b), at);
    }
    if (Buffer blk = ref_buffer(e); blk.defined() && !e.as<Call>()) {
      return block_at(blk.get(), at);
    }
    auto op = tile_op_of(e);
    if (!op) {
      return false;
    }
    const Call* c = e.as<Call>();
    if (op->kind == TileOpKind::kUnary) {
      switch (op->fn) {
        case SfpuFn::kExp:
        case SfpuFn::kExp2:
        case SfpuFn::kExpFast:
        case SfpuFn::kExpApprox:
        case SfpuFn::kSquare:
          return true;
        case SfpuFn::kRecip:
        case SfpuFn::kRsqrt:
          return value(tile::Unary::x(c), at);
        default:
          return false;
      }
    }
    if (op->kind == TileOpKind::kBinary) {
      switch (op->binary) {
        case SfpuBinaryFn::kAdd:
        case SfpuBinaryFn::kMul:
        case SfpuBinaryFn::kMax:
        case SfpuBinaryFn::kMin:
          return value(tile::Binary::x(c), at) && value(tile::Binary::y(c), at);
        default:
          return false;
      }
    }
    return false;
  }

 private:
  std::set<const BufferNode*> other_;
  std::map<const BufferNode*, std::vector<const Call*>> writes_;
  // For each compute step, the step that wrote each of its input blocks just before it in its
  // statement list (absent: none there, or something else may have written it since).
  std::map<const Call*, std::map<const BufferNode*, const Call*>> before_;
  std::set<const BufferNode*> assumed_;

  void scan(const Stmt& s) {
    post_order_visit(s, [&](const Node* n) {
      if (n->kind != NodeKind::kSeqStmt) {
        return;
      }
      std::map<const BufferNode*, const Call*> last;
      for (const Stmt& st : static_cast<const SeqStmt*>(n)->stmts) {
        const Evaluate* ev = st.as<Evaluate>();
        const Call* c = ev ? ev->value.as<Call>() : nullptr;
        if (c && is_compute_write(c)) {
          auto& b = before_[c];
          for (const Buffer& in : read_blocks(c)) {
            if (auto it = last.find(in.get()); it != last.end()) {
              b[in.get()] = it->second;
            }
          }
          last[written_block(c).get()] = c;
          continue;
        }
        for (const BufferNode* m : buffers_in(st)) {
          last.erase(m);
        }
      }
    });
  }

  bool step(const Call* w) {
    if (is_tt_op(w, TtOp::kSfpu)) {
      return value(tt::Sfpu::tree(w), w);
    }
    std::string op = tt::Reduce::op(w);
    if (op != "sum" && op != "max") {
      return false;  // min reduces -x
    }
    return block_at(tt::Reduce::in(w).get(), w) && block_at(tt::Reduce::scaler(w).get(), w) &&
           (tt::Reduce::clear(w) || block(tt::Reduce::out(w).get()));
  }

  // The block `b` as the step `at` reads it.
  bool block_at(const BufferNode* b, const Call* at) {
    if (auto s = before_.find(at); s != before_.end()) {
      if (auto w = s->second.find(b); w != s->second.end()) {
        return step(w->second);
      }
    }
    return block(b);
  }

  // Every value the block `b` ever holds.
  bool block(const BufferNode* b) {
    if (assumed_.count(b)) {
      return true;
    }
    auto w = writes_.find(b);
    if (other_.count(b) || w == writes_.end()) {
      return false;
    }
    assumed_.insert(b);
    bool ok = true;
    for (const Call* c : w->second) {
      ok = ok && step(c);
    }
    assumed_.erase(b);
    return ok;
  }
};

bool exponential(const Expr& e) {
  auto op = tile_op_of(e);
  if (!op || op->kind != TileOpKind::kUnary) {
    return false;
  }
  return (op->fn == SfpuFn::kExp || op->fn == SfpuFn::kExpFast || op->fn == SfpuFn::kExpApprox) &&
         tile::Unary::scale(e.as<Call>()) == 1.0;
}

// A term made of constants and broadcasts (B4b's vector terms) of kind `kind`.
bool broadcast_term(const Expr& e, std::optional<TileOpKind>* kind) {
  if (as_tile_bcast(e)) {
    TileOpKind k = tile_op_of(e)->kind;
    if (*kind && **kind != k) {
      return false;
    }
    *kind = k;
    return true;
  }
  auto op = tile_op_of(e);
  if (!op || (op->kind != TileOpKind::kUnary && op->kind != TileOpKind::kBinary)) {
    return false;
  }
  const Call* c = e.as<Call>();
  if (op->kind == TileOpKind::kUnary) {
    return broadcast_term(tile::Unary::x(c), kind);
  }
  return broadcast_term(tile::Binary::x(c), kind) && broadcast_term(tile::Binary::y(c), kind);
}

class Fold {
 public:
  NonNegative* proof = nullptr;
  const Call* step = nullptr;
  int folded = 0, kept = 0;

  Expr rewrite(const Expr& e) {
    const Call* c = e.as<Call>();
    auto op = tile_op_of(e);
    if (!c || !op || (op->kind != TileOpKind::kUnary && op->kind != TileOpKind::kBinary)) {
      return e;
    }
    std::vector<Expr> args = c->args;
    bool changed = false;
    for (Expr& a : args) {
      Expr n = rewrite(a);
      changed |= !n.same_as(a);
      a = n;
    }
    Expr cur = changed ? Call::make(c->dtype, c->name, args, c->attrs, c->loc) : e;
    if (op->kind != TileOpKind::kBinary || op->binary != SfpuBinaryFn::kMul) {
      return cur;
    }
    const Call* m = cur.as<Call>();
    Expr x = tile::Binary::x(m), y = tile::Binary::y(m);
    const Call* r = as_tile_op(x, TileOpKind::kUnary);
    if (!r || tile_op_of(x)->fn != SfpuFn::kRecip) {
      std::swap(x, y);
      r = as_tile_op(x, TileOpKind::kUnary);
    }
    if (!r || tile_op_of(x)->fn != SfpuFn::kRecip || !exponential(y)) {
      return cur;
    }
    Expr denom = tile::Unary::x(r);
    if (!proof->value(denom, step)) {
      ++kept;
      return cur;
    }
    const Call* ex = y.as<Call>();
    Location loc = m->loc;
    Expr arg = tile::Unary::x(ex);
    Expr log = tile_unary(SfpuFn::kLog, denom, loc);
    Expr shifted;
    // x - p - log(y) as x - (p + log(y)) when p and y broadcast alike: one vector term for B4b.
    std::optional<TileOpKind> kind;
    auto inner = tile_op_of(arg);
    if (inner && inner->kind == TileOpKind::kBinary && inner->binary == SfpuBinaryFn::kSub &&
        broadcast_term(tile::Binary::y(arg.as<Call>()), &kind) && broadcast_term(denom, &kind)) {
      const Call* s = arg.as<Call>();
      shifted = tile_binary(SfpuBinaryFn::kSub, tile::Binary::x(s),
                            tile_binary(SfpuBinaryFn::kAdd, tile::Binary::y(s), log, loc), loc);
    } else {
      shifted = tile_binary(SfpuBinaryFn::kSub, arg, log, loc);
    }
    ++folded;
    return tile_unary(tile_op_of(y)->fn, shifted, ex->loc, ex->attrs);
  }
};

}  // namespace

Module exp_quotient(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    NonNegative proof(f.body);
    auto fold = [&](const Call* c, const Expr& tree) -> std::optional<Expr> {
      Fold fold;
      fold.proof = &proof;
      fold.step = c;
      Expr t = fold.rewrite(tree);
      if (fold.kept) {
        ctx.remark(c->loc, "kept") << "an exponential divided by a value not proven >= 0 stays "
                                      "a product with the reciprocal";
      }
      if (!fold.folded) {
        return std::nullopt;
      }
      ctx.remark(c->loc, "fold") << "exp(x) / y computed as exp(x - log(y)) (y is never "
                                    "negative): one SFPU product fewer per tile";
      return t;
    };
    f.body = rewrite_sfpu_trees(f.body, fold);
  }
  return out;
}

}  // namespace tltt::passes
