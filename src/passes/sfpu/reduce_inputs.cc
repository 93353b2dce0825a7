// B4e: the inputs of row reductions computed with fewer CB round trips (see reduce_inputs.h).
// Each step of a compute kernel waits for the whole block the step before packed into its CB,
// so a step less per chunk is a DST round trip less on the critical path of every chunk: the
// widening copy before a reduction (the reduction reads the bfloat16 block itself) and the
// square after a subtraction (one tree with it instead of an FPU product of the packed result).
#include "passes/sfpu/reduce_inputs.h"

#include <fmt/format.h>

#include <map>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu/dead_values.h"
#include "passes/sfpu_ops.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool whole(const Expr& ref) {
  const Region* r = ref_region(ref);
  return r && region_is_full(*r);
}

// `u[i, j] = t[i, j] * t[i, j]` over the whole of u (a 2-D T.Parallel nest), t and u float32
// blocks of one shape that are not vectors: t, else undefined.
Buffer square_source(const Stmt& s, Buffer* u) {
  std::vector<const For*> loops;
  Stmt cur = s;
  while (const For* f = cur.as<For>()) {
    if (f->for_kind != ForKind::kParallel) {
      return {};
    }
    loops.push_back(f);
    cur = f->body;
  }
  const BufferStore* st = cur.as<BufferStore>();
  if (loops.size() != 2 || !st || st->indices.size() != 2) {
    return {};
  }
  const Binary* mul = st->value.as<Binary>();
  if (!mul || mul->op != BinaryOp::kMul) {
    return {};
  }
  const BufferLoad* a = mul->a.as<BufferLoad>();
  const BufferLoad* b = mul->b.as<BufferLoad>();
  if (!a || !b || !a->buffer.same_as(b->buffer) || a->buffer.same_as(st->buffer)) {
    return {};
  }
  const Buffer& t = a->buffer;
  if (t->dtype != DataType::float32() || st->buffer->dtype != DataType::float32() ||
      !vector_kind(t).empty() || !vector_kind(st->buffer).empty() || t.rank() != 2 ||
      st->buffer.rank() != 2) {
    return {};
  }
  for (size_t k = 0; k < 2; ++k) {
    const Variable* v = loops[k]->var.get();
    auto ext = const_value(loops[k]->extent);
    if (const_value(loops[k]->min) != 0 || !ext || ext != const_value(t->shape[k]) ||
        ext != const_value(st->buffer->shape[k]) || st->indices[k].as<Variable>() != v ||
        a->indices[k].as<Variable>() != v || b->indices[k].as<Variable>() != v) {
      return {};
    }
  }
  *u = st->buffer;
  return t;
}

// Turns the square nests after a step writing their operand into tt.sfpu square steps.
class Squares : public Mutator {
 public:
  using Mutator::visit;
  std::map<const Call*, std::pair<Stmt, Location>> made;  // new step -> the nest it replaces

  Stmt visit(const SeqStmt* op) override {
    std::vector<Stmt> stmts;
    for (size_t i = 0; i < op->stmts.size(); ++i) {
      Buffer u;
      Buffer t = i > 0 ? square_source(op->stmts[i], &u) : Buffer();
      const Call* prev = i > 0 ? as_call_stmt(op->stmts[i - 1]) : nullptr;
      if (t.defined() && is_tt_op(prev, TtOp::kSfpu) && tt::Sfpu::out(prev).same_as(t) &&
          whole(tt::Sfpu::out_arg(prev))) {
        Location loc = op->stmts[i]->loc;
        Stmt step = tt_call_stmt(TtOp::kSfpu,
                                 {buffer_ref(t, loc), buffer_ref(u, loc),
                                  tile_unary(SfpuFn::kSquare, buffer_ref(t, loc), loc)},
                                 {}, loc);
        made[as_call_stmt(step)] = {op->stmts[i], loc};
        stmts.push_back(step);
        continue;
      }
      stmts.push_back(mutate(op->stmts[i]));
    }
    return SeqStmt::make(stmts, op->loc);
  }
};

// Puts back the square nests whose operand stays live (B4 could not fuse them).
class Revert : public Mutator {
 public:
  using Mutator::visit;
  std::map<const Call*, Stmt> back;
  Stmt visit(const Evaluate* op) override {
    if (auto it = back.find(op->value.as<Call>()); it != back.end()) {
      return it->second;
    }
    return Mutator::visit(op);
  }
};

// Whether every leaf of t in `tree` is the first operand of a subtraction of a float32 column
// broadcast (D4d's FPU pairs, which take a bfloat16 block as well as a float32 one).
bool fpu_sub_operand_only(const Expr& tree, const BufferNode* t) {
  int leaves = 0, pairs = 0;
  post_order_visit(Stmt(Evaluate::make(tree)), [&](const Node* n) {
    if (n->kind == NodeKind::kRegionRef) {
      leaves += static_cast<const RegionRef*>(n)->region.buffer.get() == t;
      return;
    }
    if (n->kind != NodeKind::kCall) {
      return;
    }
    const Call* c = static_cast<const Call*>(n);
    auto op = tile_op_of(Expr(c));
    if (!op || op->kind != TileOpKind::kBinary || op->binary != SfpuBinaryFn::kSub) {
      return;
    }
    const Expr &x = tile::Binary::x(c), &y = tile::Binary::y(c);
    const Call* bc = as_tile_op(y, TileOpKind::kBcastCol);
    pairs += !x.as<Call>() && ref_buffer(x).get() == t && bc &&
             ref_buffer(tile_leaf_block(bc)).defined() &&
             ref_buffer(tile_leaf_block(bc))->dtype == DataType::float32();
  });
  return leaves > 0 && pairs == leaves;
}

// `tree` with every leaf of `from` replaced by a whole-block operand of `to`.
Expr replace_leaf(const Expr& tree, const BufferNode* from, const Expr& to) {
  class R : public Mutator {
   public:
    using Mutator::visit;
    const BufferNode* from = nullptr;
    Expr to;
    Expr visit(const RegionRef* op) override {
      return op->region.buffer.get() == from ? to : Expr(op);
    }
  } r;
  r.from = from;
  r.to = to;
  return r.mutate(tree);
}

// Drops widening copies whose value only reductions and FPU subtractions read.
class Casts : public Mutator {
 public:
  using Mutator::visit;
  DeadReads dead;
  PassContext* ctx = nullptr;

  Stmt visit(const SeqStmt* op) override {
    std::vector<Stmt> stmts = op->stmts;
    std::vector<bool> drop(stmts.size(), false), rewritten(stmts.size(), false);
    for (size_t i = 0; i < stmts.size(); ++i) {
      Buffer x, t;
      if (!copy_source(stmts[i], &x, &t) || rewritten[i]) {
        continue;
      }
      std::vector<std::pair<size_t, Stmt>> uses;
      bool done = false;
      for (size_t j = i + 1; j < stmts.size() && !done; ++j) {
        auto in = buffers_in(stmts[j]);
        if (!in.count(t.get())) {
          if (in.count(x.get()) && !reads_only(stmts[j], x.get())) {
            break;  // x changes before t's last read
          }
          continue;
        }
        const Call* c = as_call_stmt(stmts[j]);
        Location loc = stmts[j]->loc;
        if (is_tt_op(c, TtOp::kReduce) && tt::Reduce::in(c).same_as(t) &&
            !tt::Reduce::out(c).same_as(t) && !tt::Reduce::scaler(c).same_as(t) &&
            whole(tt::Reduce::in_arg(c)) && tt::Reduce::op(c) != "min") {
          uses.push_back({j, tt_call_stmt(TtOp::kReduce,
                                          {buffer_ref(x, loc), tt::Reduce::scaler_arg(c),
                                           tt::Reduce::out_arg(c)},
                                          c->attrs, loc)});
          done = dead.count({c, t.get()}) > 0;
          continue;
        }
        // Only with D4d on: otherwise D5 would combine the two formats on the SFPU (measured
        // slower than the copy it saves, as B4 found for LayerNorm's casts).
        if (is_tt_op(c, TtOp::kSfpu) && ctx->enabled("fpu-mixed-formats") &&
            fpu_sub_operand_only(tt::Sfpu::tree(c), t.get())) {
          std::vector<Expr> args;
          bool has_x = false;
          for (const Expr& a : tt::Sfpu::inputs_args(c)) {
            has_x |= ref_buffer(a).same_as(x);
          }
          for (const Expr& a : tt::Sfpu::inputs_args(c)) {
            if (!ref_buffer(a).same_as(t)) {
              args.push_back(a);
            } else if (!has_x) {
              args.push_back(buffer_ref(x, loc));
            }
          }
          args.push_back(tt::Sfpu::out_arg(c));
          args.push_back(replace_leaf(tt::Sfpu::tree(c), t.get(), buffer_ref(x, loc)));
          uses.push_back({j, tt_call_stmt(TtOp::kSfpu, std::move(args), c->attrs, loc)});
          done = (tt::Sfpu::out(c).same_as(t) && whole(tt::Sfpu::out_arg(c))) ||
                 dead.count({c, t.get()}) > 0;
          if (!done && tt::Sfpu::out(c).same_as(x)) {
            break;  // later reads of t would see x's new value
          }
          continue;
        }
        break;  // another kind of mention of t
      }
      if (!done) {
        continue;
      }
      drop[i] = true;
      for (auto& [j, s] : uses) {
        stmts[j] = s;
        rewritten[j] = true;
      }
      ctx->remark(stmts[i]->loc, "cast") << fmt::format(
          "the copy of '{}' into '{}' is dropped: its {} reading statement{} read{} '{}' itself "
          "(every {} value is exact in {}), one step through a CB fewer",
          x->name, t->name, uses.size(), uses.size() == 1 ? "" : "s", uses.size() == 1 ? "s" : "",
          x->name, x->dtype.str(), t->dtype.str());
    }
    std::vector<Stmt> out;
    for (size_t i = 0; i < stmts.size(); ++i) {
      if (!drop[i]) {
        out.push_back(rewritten[i] ? stmts[i] : mutate(stmts[i]));
      }
    }
    return SeqStmt::make(out, op->loc);
  }

 private:
  // A whole copy `t = x`, x bfloat16 (or t's dtype) and t float32, neither a vector: a T.copy
  // or a tt.sfpu step whose tree is x itself.
  static bool copy_source(const Stmt& s, Buffer* x, Buffer* t) {
    if (const Copy* cp = s.as<Copy>()) {
      if (!region_is_full(cp->src) || !region_is_full(cp->dst)) {
        return false;
      }
      *x = cp->src.buffer;
      *t = cp->dst.buffer;
    } else if (const Call* c = as_call_stmt(s); is_tt_op(c, TtOp::kSfpu)) {
      const RegionRef* leaf = tt::Sfpu::tree(c).as<RegionRef>();
      if (!leaf || !region_is_full(leaf->region) || !whole(tt::Sfpu::out_arg(c))) {
        return false;
      }
      *x = leaf->region.buffer;
      *t = tt::Sfpu::out(c);
    } else {
      return false;
    }
    if (x->same_as(*t) || (*t)->dtype != DataType::float32() ||
        ((*x)->dtype != DataType::bfloat16() && (*x)->dtype != DataType::float32()) ||
        !vector_kind(*x).empty() || !vector_kind(*t).empty() || x->rank() != 2 || t->rank() != 2) {
      return false;
    }
    for (size_t d = 0; d < 2; ++d) {
      if (!const_value((*x)->shape[d]) ||
          const_value((*x)->shape[d]) != const_value((*t)->shape[d])) {
        return false;
      }
    }
    return true;
  }

  // Whether `s` only reads x (a tt op with x among its inputs, not its output).
  static bool reads_only(const Stmt& s, const BufferNode* x) {
    const Call* c = as_call_stmt(s);
    if (is_tt_op(c, TtOp::kSfpu)) {
      return tt::Sfpu::out(c).get() != x;
    }
    if (is_tt_op(c, TtOp::kReduce)) {
      return tt::Reduce::out(c).get() != x;
    }
    if (const Copy* cp = s.as<Copy>()) {
      return cp->dst.buffer.get() != x;
    }
    return false;
  }
};

}  // namespace

Module reduce_inputs(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    Squares sq;
    Stmt body = sq.mutate(f.body);
    if (!sq.made.empty()) {
      DeadReads dead = dead_reads(body);
      Revert rv;
      for (auto& [step, orig] : sq.made) {
        Buffer t = tt::Sfpu::inputs(step)[0];
        if (dead.count({step, t.get()})) {
          ctx.remark(orig.second, "square") << fmt::format(
              "'{}' squared on the SFPU in DST ('{}' is dead after the product): B4 fuses it "
              "with the step writing '{}', one step through a CB fewer",
              tt::Sfpu::out(step)->name, t->name, t->name);
        } else {
          rv.back[step] = orig.first;
        }
      }
      if (!rv.back.empty()) {
        body = rv.mutate(body);
      }
    }
    Casts casts;
    casts.dead = dead_reads(body);
    casts.ctx = &ctx;
    f.body = casts.mutate(body);
  }
  return out;
}

}  // namespace tltt::passes
