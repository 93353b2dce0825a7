// B4b: loop-invariant vector terms of tt.sfpu trees computed once before the loop (see
// hoist_vector_terms.h). Softmax's second pass divides every tile by the broadcast row sum:
// `recip(bcast_col(l))` was an SFPU reciprocal per tile of the row; it is now one per vector
// tile of the row block.
#include "passes/sfpu/hoist_vector_terms.h"

#include <fmt/format.h>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu/lowerer.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

namespace {

// Buffers every statement of `body` mentions only as an input of a tt.sfpu step: nothing in the
// loop writes, copies or reduces them, so their values are those they had before it.
std::set<const BufferNode*> sfpu_read_only(const Stmt& body) {
  std::set<const BufferNode*> read, written;
  std::set<const BufferNode*> other = buffers_in(body, [&](const Call* c) {
    if (!is_tt_op(c, TtOp::kSfpu)) {
      return false;
    }
    for (const Buffer& b : tt::Sfpu::inputs(c)) {
      read.insert(b.get());
    }
    written.insert(tt::Sfpu::out(c).get());
    return true;
  });
  other.insert(written.begin(), written.end());
  std::set<const BufferNode*> out;
  for (const BufferNode* b : read) {
    if (!other.count(b)) {
      out.insert(b);
    }
  }
  return out;
}

// Rewrites the tt.sfpu trees of one loop body, collecting the hoisted vectors.
class Hoister : public Mutator {
 public:
  using Mutator::visit;
  std::set<const BufferNode*> invariant;
  struct Term {
    Expr tree;  // the subtree over tiles, as found (bcasts included)
    Buffer vector;
    Stmt compute;  // the tt.sfpu computing `vector`
  };
  std::vector<Term> terms;
  Location loop_loc;
  PassContext* ctx = nullptr;

  Stmt visit(const Evaluate* op) override {
    const Call* c = op->value.as<Call>();
    if (!is_tt_op(c, TtOp::kSfpu)) {
      return op;
    }
    bool hoisted = false;
    Expr tree = rewrite(tt::Sfpu::tree(c), &hoisted);
    if (!hoisted) {
      return op;
    }
    // Inputs: those the new tree still reads, then the hoisted vectors.
    class Used : public Visitor {
     public:
      using Visitor::visit;
      std::set<const BufferNode*> seen;
      void visit(const RegionRef* op) override { seen.insert(op->region.buffer.get()); }
    } u;
    u.visit(tree);
    std::set<const BufferNode*>& used = u.seen;
    std::vector<Expr> args;
    for (const Expr& in : tt::Sfpu::inputs_args(c)) {
      Buffer b = ref_buffer(in);
      if (used.count(b.get())) {
        args.push_back(in);
        used.erase(b.get());
      }
    }
    for (const Term& t : terms) {
      if (used.count(t.vector.get())) {
        args.push_back(buffer_ref(t.vector, c->loc));
        used.erase(t.vector.get());
      }
    }
    args.push_back(tt::Sfpu::out_arg(c));
    args.push_back(tree);
    return tt_call_stmt(TtOp::kSfpu, std::move(args), c->attrs, c->loc);
  }

 private:
  // The broadcast kind shared by every leaf of `e` (constants aside), when `e` is made only of
  // SFPU functions, constants and broadcasts of whole invariant vectors; nullopt otherwise.
  // `leaves` counts the broadcasts.
  std::optional<TileOpKind> vector_term(const Expr& e, int* leaves) const {
    if (e.as<FloatImm>() || e.as<IntImm>()) {
      return TileOpKind::kUnary;  // neutral: a constant fits any orientation
    }
    if (const Call* b = as_tile_bcast(e)) {
      TileOpKind kind = tile_op_of(e)->kind;
      Buffer v = ref_buffer(tile_leaf_block(b));
      const Region* r = ref_region(tile_leaf_block(b));
      // Only float32 vectors: a broadcast passes its vector through a source register (19
      // bits for float32), so broadcasting the float32 term instead of its float32 operands
      // rounds at the same width; a bfloat16 operand is exact there and the term would not be.
      if (kind == TileOpKind::kBcastScalar || !v.defined() || !r || !region_is_full(*r) ||
          !invariant.count(v.get()) || v->dtype != DataType::float32()) {
        return std::nullopt;
      }
      ++*leaves;
      return kind;
    }
    auto op = tile_op_of(e);
    if (!op || (op->kind != TileOpKind::kUnary && op->kind != TileOpKind::kBinary)) {
      return std::nullopt;
    }
    const Call* c = e.as<Call>();
    std::optional<TileOpKind> kind = TileOpKind::kUnary;
    std::vector<Expr> operands = op->kind == TileOpKind::kUnary
                                     ? std::vector<Expr>{tile::Unary::x(c)}
                                     : std::vector<Expr>{tile::Binary::x(c), tile::Binary::y(c)};
    for (const Expr& x : operands) {
      auto k = vector_term(x, leaves);
      if (!k) {
        return std::nullopt;
      }
      if (*k != TileOpKind::kUnary) {
        if (*kind != TileOpKind::kUnary && *kind != *k) {
          return std::nullopt;
        }
        kind = k;
      }
    }
    return kind;
  }

  // `e` with its largest vector terms replaced by broadcasts of hoisted vectors.
  Expr rewrite(const Expr& e, bool* hoisted) {
    auto op = tile_op_of(e);
    if (!op || (op->kind != TileOpKind::kUnary && op->kind != TileOpKind::kBinary)) {
      return e;
    }
    int leaves = 0;
    if (auto kind = vector_term(e, &leaves); kind && leaves > 0) {
      *hoisted = true;
      return tile_bcast(*kind, buffer_ref(hoist(e), e.as<Call>()->loc), e.as<Call>()->loc);
    }
    const Call* c = e.as<Call>();
    std::vector<Expr> args = c->args;
    bool changed = false;
    for (Expr& a : args) {
      Expr n = rewrite(a, hoisted);
      changed |= !n.same_as(a);
      a = n;
    }
    return changed ? Call::make(c->dtype, c->name, args, c->attrs, c->loc) : e;
  }

  // The vector holding term `e` (a new one, or the one of an equal term).
  Buffer hoist(const Expr& e) {
    for (const Term& t : terms) {
      if (structural_equal(t.tree, e)) {
        return t.vector;
      }
    }
    // The same subtree over the vectors themselves; its inputs in order of first use.
    std::vector<Expr> inputs;
    class Strip : public Mutator {
     public:
      using Mutator::visit;
      std::vector<Expr>* inputs = nullptr;
      Expr visit(const Call* op) override {
        if (as_tile_bcast(op)) {
          const Expr& v = tile_leaf_block(op);
          bool seen = false;
          for (const Expr& x : *inputs) {
            seen |= ref_buffer(x).same_as(ref_buffer(v));
          }
          if (!seen) {
            inputs->push_back(v);
          }
          return v;
        }
        return Mutator::visit(op);
      }
    } strip;
    strip.inputs = &inputs;
    Expr tree = strip.mutate(e);
    Buffer first = ref_buffer(inputs.front());
    // float32: the term was evaluated in DST, whose values a float32 CB holds exactly (a
    // narrower vector would round them).
    DataType dtype = DataType::float32();
    Location loc = e.as<Call>()->loc;
    Buffer v = Buffer::make(fmt::format("{}_term{}", first->name, terms.size()), dtype,
                            first->shape, first->scope, first->attrs, loc);
    std::vector<Expr> args = inputs;
    args.push_back(buffer_ref(v, loc));
    args.push_back(tree);
    Stmt compute = tt_call_stmt(TtOp::kSfpu, std::move(args), {}, loc);
    ctx->remark(loc, "hoist") << fmt::format(
        "a term of broadcast vectors the loop at {} never writes is computed once before it, "
        "into '{}', instead of once per tile of every iteration",
        loop_loc.str(), v->name);
    terms.push_back({e, v, compute});
    return v;
  }
};

class Loops : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  int hoisted = 0;

  Stmt visit(const For* op) override {
    if (op->for_kind == ForKind::kParallel || op->for_kind == ForKind::kVectorized ||
        (as_const_int(op->extent) && *as_const_int(op->extent) == 1)) {
      return Mutator::visit(op);
    }
    Hoister h;
    h.ctx = ctx;
    h.loop_loc = op->loc;
    h.invariant = sfpu_read_only(op->body);
    Stmt body = h.invariant.empty() ? op->body : h.mutate(op->body);
    // Inner loops next: terms of vectors written by this loop but not by an inner one.
    body = mutate(body);
    Stmt loop = body.same_as(op->body) ? Stmt(op)
                                       : For::make(op->var, op->min, op->extent, op->for_kind, body,
                                                   op->num_stages, op->attrs, op->loc);
    if (h.terms.empty()) {
      return loop;
    }
    std::vector<Stmt> stmts;
    for (const auto& t : h.terms) {
      stmts.push_back(t.compute);
    }
    stmts.push_back(loop);
    Stmt s = SeqStmt::make(stmts, op->loc);
    for (auto it = h.terms.rbegin(); it != h.terms.rend(); ++it) {
      s = Allocate::make(it->vector, s, op->loc);
    }
    hoisted += static_cast<int>(h.terms.size());
    return s;
  }
};

}  // namespace

Module hoist_vector_terms(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    Loops loops;
    loops.ctx = &ctx;
    f = loops.mutate(f);
    f.body = order_commutative_operands(f.body, ctx);
  }
  return out;
}

}  // namespace tltt::passes
