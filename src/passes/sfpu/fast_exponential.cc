// B4a: the fast approximate exponential in tt.sfpu trees (see fast_exponential.h), for kernels
// that ask for fast math as TileLang kernels do on GPUs (pass_configs["tl.enable_fast_math"],
// or `--fast-math on`); precise otherwise, as TileLang's default is.
#include "passes/sfpu/fast_exponential.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>
#include <set>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu/fuse_sfpu_steps.h"
#include "passes/sfpu/rewrite_trees.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool is_log(const Expr& e) {
  std::optional<TileOp> t = tile_op_of(e);
  return t && t->kind == TileOpKind::kUnary &&
         (t->fn == SfpuFn::kLog || t->fn == SfpuFn::kLog2 || t->fn == SfpuFn::kLog1p);
}

// The buffers an expression or statement reads or writes through regions and element loads.
class BufferRefs : public Visitor {
 public:
  using Visitor::visit;
  std::set<const BufferNode*> found;
  void visit_region(const Region& r) override {
    found.insert(r.buffer.get());
    Visitor::visit_region(r);
  }
  void visit(const BufferLoad* op) override {
    found.insert(op->buffer.get());
    Visitor::visit(op);
  }
};

// Buffers whose values reach the operand of a logarithm (log, log2, log1p) of a tt.sfpu tree
// through the tile dataflow (element-wise steps, reductions, copies, GEMMs, element stores): an
// exponential that fills one keeps the precise form. A log-sum-exp (flash attention's `lse =
// log2(sum of exp2) + max`) is a value near log2 of the block width whose spread across rows is
// small: the fast exponential's bias (up to about 3.5%) shifts every log2(sum) by up to 0.05,
// the size of that spread, while the same bias in an output normalised by the sum (acc_o / l)
// cancels. Buffer-level and flow-insensitive: a buffer written in one place and read by a log in
// another counts (more precise exponentials, never fewer).
class LogFed : public Visitor {
 public:
  using Visitor::visit;
  std::set<const BufferNode*> fed;

  void close() {  // backward closure over the writes recorded
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& [out, ins] : writes) {
        if (!fed.count(out)) {
          continue;
        }
        for (const BufferNode* b : ins) {
          grew |= fed.insert(b).second;
        }
      }
    }
  }

  void visit(const Evaluate* op) override {
    const Call* c = as_call_stmt(Stmt(op));
    if (is_tt_op(c, TtOp::kSfpu)) {
      Expr tree = tt::Sfpu::tree(c);
      BufferRefs in;
      in.visit(tree);
      add(tt::Sfpu::out(c).get(), in.found);
      post_order_visit(Evaluate::make(tree), [&](const Node* n) {
        if (n->kind == NodeKind::kCall && is_log(Expr(static_cast<const Call*>(n)))) {
          BufferRefs under;
          under.visit(tile::Unary::x(static_cast<const Call*>(n)));
          fed.insert(under.found.begin(), under.found.end());
        }
      });
    } else if (is_tt_op(c, TtOp::kReduce)) {
      add(tt::Reduce::out(c).get(), {tt::Reduce::in(c).get()});
    }
    Visitor::visit(op);
  }
  void visit(const Copy* op) override { add(op->dst.buffer.get(), {op->src.buffer.get()}); }
  void visit(const Gemm* op) override {
    add(op->c.buffer.get(), {op->a.buffer.get(), op->b.buffer.get()});
  }
  void visit(const BufferStore* op) override {
    BufferRefs in;
    in.visit(op->value);
    add(op->buffer.get(), in.found);
  }

 private:
  std::vector<std::pair<const BufferNode*, std::set<const BufferNode*>>> writes;
  void add(const BufferNode* out, std::set<const BufferNode*> ins) {
    writes.emplace_back(out, std::move(ins));
  }
};

// Buffers that rescale a running state inside a loop: the factor f of a step `A = A * f ...`
// (flash attention's `acc_o *= scores_scale`, `logsum = logsum * scores_scale + sum`), through
// broadcasts. The factor multiplies the state once per iteration, so its error
// compounds instead of averaging out, and the fast exponential is biased where it matters most:
// exp_tile<true>(0), the factor of every iteration whose maximum did not move, is 125/128, so
// after 16 key blocks the first block of a decode kernel weighed 0.70 against the last, which
// the normalisation by the sum does not undo (pcc 0.995). An exponential that fills a factor is
// divided by that value (one scalar product; the precise exponential would cost 55 SFPU
// instructions a vector against 3): exactly 1 at 0, its error left to the iterations whose
// maximum moves. Buffer-level and flow-insensitive, like LogFed.
class RescaleFactors : public Visitor {
 public:
  using Visitor::visit;
  std::set<const BufferNode*> factors;

  void visit(const For* op) override {
    ++loops;
    Visitor::visit(op);
    --loops;
  }
  void visit(const Evaluate* op) override {
    const Call* c = as_call_stmt(Stmt(op));
    if (loops > 0 && is_tt_op(c, TtOp::kSfpu)) {
      const BufferNode* state = tt::Sfpu::out(c).get();
      auto is_state = [&](const Expr& e) {
        return e.as<RegionRef>() && e.as<RegionRef>()->region.buffer.get() == state;
      };
      post_order_visit(Evaluate::make(tt::Sfpu::tree(c)), [&](const Node* n) {
        const Call* m = n->kind == NodeKind::kCall
                            ? as_tile_op(Expr(static_cast<const Call*>(n)), TileOpKind::kBinary)
                            : nullptr;
        if (m && tile_op_of(Expr(m))->binary == SfpuBinaryFn::kMul &&
            (is_state(tile::Binary::x(m)) || is_state(tile::Binary::y(m)))) {
          BufferRefs other;
          other.visit(is_state(tile::Binary::x(m)) ? tile::Binary::y(m) : tile::Binary::x(m));
          factors.insert(other.found.begin(), other.found.end());
        }
      });
    }
    Visitor::visit(op);
  }

 private:
  int loops = 0;
};

// exp_tile<true>(0): the SFPLOADMACRO sequence's offset B - C = 127 * 2^8 - 11.2 + 1.5 * 2^24
// rounds to an fp32 whose bits shifted by 16 are 0x3F7A0000 = 125/128 (sfpu_functions.def,
// src/sim/numerics/sfpu.cc), whatever exp_tile_init's scale.
constexpr double kExpFastAtZero = 125.0 / 128.0;

class FastExp : public Mutator {
 public:
  using Mutator::visit;
  int rewritten = 0;
  bool unit_at_zero = false;  // divide each fast exponential by its value at 0

  Expr visit(const Call* op) override {
    if (is_log(Expr(op))) {
      return op;  // log(exp(...)): the exponential's error is the log's; keep it precise
    }
    Expr e = Mutator::visit(op);
    const Call* u = as_tile_op(e, TileOpKind::kUnary);
    SfpuFn fn = u ? tile_op_of(e)->fn : SfpuFn::kExp;
    if (!u || (fn != SfpuFn::kExp && fn != SfpuFn::kExp2)) {
      return e;
    }
    Expr x = tile::Unary::x(u);
    if (fn == SfpuFn::kExp2) {  // 2^x = e^(x ln 2), the product folded into x's constant factor
      Expr y;
      const FloatImm* k = constant_factor(x, &y);
      x = k ? tile_binary(SfpuBinaryFn::kMul, y,
                          FloatImm::make(k->value * std::numbers::ln2, DataType::float32(), u->loc),
                          u->loc)
            : tile_binary(SfpuBinaryFn::kMul, x,
                          FloatImm::make(std::numbers::ln2, DataType::float32(), u->loc), u->loc);
    }
    ++rewritten;
    Expr fast = tile_unary(SfpuFn::kExpFast, x, u->loc);
    return unit_at_zero
               ? tile_binary(SfpuBinaryFn::kMul, fast,
                             FloatImm::make(1.0 / kExpFastAtZero, DataType::float32(), u->loc),
                             u->loc)
               : fast;
  }
};

const Buffer* region_buffer(const Expr& e) {
  const RegionRef* r = e.as<RegionRef>();
  return r ? &r->region.buffer : nullptr;
}
bool is(const Expr& e, const Buffer& b) {
  const Buffer* r = region_buffer(e);
  return r && r->get() == b.get();
}
bool same(const Buffer& a, const Buffer& b) { return a.get() == b.get(); }

// B3's exact float32 sum of `in` (reduce.cc, split_float32) at seq[i..i+6]: hi = in, rem = in -
// hi, mid = rem, lo = rem - mid, then the reductions of lo, mid and hi into one vector. `in` on
// success, else nullptr.
const Call* exact_sum_at(const std::vector<Stmt>& seq, size_t i, Buffer* in) {
  if (i + 7 > seq.size()) {
    return nullptr;
  }
  const Call* c[7];
  for (size_t k = 0; k < 7; ++k) {
    c[k] = as_call_stmt(seq[i + k]);
    if (!is_tt_op(c[k], k < 4 ? TtOp::kSfpu : TtOp::kReduce)) {
      return nullptr;
    }
  }
  Buffer hi = tt::Sfpu::out(c[0]), rem = tt::Sfpu::out(c[1]), mid = tt::Sfpu::out(c[2]),
         lo = tt::Sfpu::out(c[3]);
  const Buffer* src = region_buffer(tt::Sfpu::tree(c[0]));
  if (!src || (*src)->dtype != DataType::float32() || !is(tt::Sfpu::tree(c[2]), rem)) {
    return nullptr;
  }
  auto diff = [](const Call* s, const Buffer& a, const Buffer& b) {
    const Call* d = as_tile_op(tt::Sfpu::tree(s), TileOpKind::kBinary);
    return d && tile_op_of(tt::Sfpu::tree(s))->binary == SfpuBinaryFn::kSub &&
           is(tile::Binary::x(d), a) && is(tile::Binary::y(d), b);
  };
  if (!diff(c[1], *src, hi) || !diff(c[3], rem, mid)) {
    return nullptr;
  }
  const Buffer parts[3] = {lo, mid, hi};
  for (int k = 0; k < 3; ++k) {
    const Call* r = c[4 + k];
    if (!same(tt::Reduce::in(r), parts[k]) || tt::Reduce::op(r) != "sum" ||
        !same(tt::Reduce::scaler(r), tt::Reduce::scaler(c[4])) ||
        !same(tt::Reduce::out(r), tt::Reduce::out(c[4])) ||
        tt::Reduce::dim(r) != tt::Reduce::dim(c[4]) || (k > 0 && tt::Reduce::clear(r))) {
      return nullptr;
    }
  }
  *in = *src;
  return c[4];
}

bool mentions(const Stmt& s, const Buffer& b) {
  bool found = false;
  post_order_visit(s, [&](const Node* n) {
    found |= n->kind == NodeKind::kRegionRef &&
             static_cast<const RegionRef*>(n)->region.buffer.get() == b.get();
  });
  return found;
}

// The fast exponential's results are bfloat16 values (its bits below the 7th mantissa bit are
// zero), so B3's exact three-part float32 sum of a block the last step filled with them has
// zero mid and lo parts and hi equal to the block: one reduction of the block itself gives the
// same fp32 sum. Tracks, in program order, the float32 blocks whose value is such a result
// (forgotten at any other write, and around loops and branches).
class ExactSums : public Mutator {
 public:
  using Mutator::visit;
  int dropped = 0;

  Stmt visit(const SeqStmt* op) override {
    std::vector<Stmt> out;
    for (size_t i = 0; i < op->stmts.size(); ++i) {
      Buffer in;
      if (const Call* first = exact_sum_at(op->stmts, i, &in);
          first && bf16_exact.count(in.get())) {
        std::vector<Expr> args = first->args;
        args[0] = buffer_ref(in, first->loc);
        out.push_back(tt_call_stmt(TtOp::kReduce, std::move(args), first->attrs, first->loc));
        for (size_t k = 0; k < 4; ++k) {
          temps.insert(tt::Sfpu::out(as_call_stmt(op->stmts[i + k])).get());
        }
        ++dropped;
        i += 6;
        continue;
      }
      const Call* c = as_call_stmt(op->stmts[i]);
      if (is_tt_op(c, TtOp::kSfpu)) {
        Buffer o = tt::Sfpu::out(c);
        std::optional<TileOp> root = tile_op_of(tt::Sfpu::tree(c));
        bool fast = root && root->kind == TileOpKind::kUnary && root->fn == SfpuFn::kExpFast;
        if (fast && o->dtype == DataType::float32()) {
          bf16_exact.insert(o.get());
        } else {
          bf16_exact.erase(o.get());
        }
        out.push_back(op->stmts[i]);
        continue;
      }
      bool scope = op->stmts[i].as<Allocate>() || op->stmts[i].as<SeqStmt>();
      if (!scope) {
        bf16_exact.clear();  // any other statement may write the blocks: forget them
      }
      out.push_back(mutate(op->stmts[i]));
      if (!scope) {
        bf16_exact.clear();
      }
    }
    return seq(out, op->loc);
  }

  Stmt visit(const Allocate* op) override {
    Stmt body = mutate(op->body);
    if (temps.count(op->buffer.get()) && !mentions(body, op->buffer)) {
      return body;  // a part of a dropped split
    }
    return body.same_as(op->body) ? Stmt(op) : Allocate::make(op->buffer, body, op->loc);
  }

 private:
  std::set<const BufferNode*> bf16_exact, temps;
};

}  // namespace

Module fast_exponential(const Module& m, PassContext& ctx) {
  const std::set<const BufferNode*>* fed = nullptr;
  const std::set<const BufferNode*>* factors = nullptr;
  auto has_exp = [](const Expr& tree) {
    bool found = false;
    post_order_visit(Evaluate::make(tree), [&](const Node* n) {
      found |= n->kind == NodeKind::kCall &&
               as_tile_op(Expr(static_cast<const Call*>(n)), TileOpKind::kUnary) &&
               (tile_op_of(Expr(static_cast<const Call*>(n)))->fn == SfpuFn::kExp ||
                tile_op_of(Expr(static_cast<const Call*>(n)))->fn == SfpuFn::kExp2);
    });
    return found;
  };
  auto fast = [&](const Call* c, const Expr& tree) -> std::optional<Expr> {
    if (factors->count(tt::Sfpu::out(c).get()) && !fed->count(tt::Sfpu::out(c).get())) {
      FastExp f;
      f.unit_at_zero = true;
      Expr out = f.mutate(tree);
      if (!f.rewritten) {
        return std::nullopt;
      }
      ctx.remark(c->loc, "unit-at-zero")
          << "exp and exp2 use the fast exponential divided by its value at 0 (125/128): their "
             "values rescale a running state once per iteration, so a factor of an iteration "
             "whose argument is 0 (a maximum that did not move) is exactly 1 instead of "
             "compounding the fast exponential's bias";
      return out;
    }
    if (fed->count(tt::Sfpu::out(c).get())) {
      if (has_exp(tree)) {
        ctx.remark(c->loc, "precise-for-log")
            << "exp and exp2 stay precise: their values reach a logarithm (a log-sum-exp), "
               "whose result the fast exponential's bias of up to 3.5% would shift";
      }
      return std::nullopt;
    }
    FastExp f;
    Expr out = f.mutate(tree);
    if (!f.rewritten) {
      return std::nullopt;
    }
    ctx.remark(c->loc, "fast")
        << "exp and exp2 use the SFPU's fast approximate exponential (exp_tile<true>: 3 "
           "instructions a vector instead of 55, within about 3.5% of exp); "
           "--disable-pass fast-exponential keeps the precise one";
    return out;
  };
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (!f.attrs.get_bool("tl.enable_fast_math", false)) {
      continue;  // TileLang's default: precise math unless the kernel (or --fast-math) asks
    }
    LogFed log_fed;
    log_fed.visit(f.body);
    log_fed.close();
    fed = &log_fed.fed;
    RescaleFactors rescale;
    rescale.visit(f.body);
    factors = &rescale.factors;
    f.body = rewrite_sfpu_trees(f.body, fast);
    ExactSums sums;
    f.body = sums.mutate(f.body);
    if (sums.dropped) {
      ctx.remark(f.loc, "exact-sum") << fmt::format(
          "{} exact float32 sum(s) of fast exponentials reduced in one pass: the fast "
          "exponential's results are bfloat16 values, so the three-part split's mid and lo parts "
          "are zero",
          sums.dropped);
    }
  }
  return out;
}

}  // namespace tltt::passes
