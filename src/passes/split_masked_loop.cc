// B0c: a loop whose body masks a block (causal attention's scores before QK^T accumulates onto
// them) split where the mask starts to hide elements. In causal attention the key blocks below
// the diagonal are fully visible: their mask is an element-wise step (a fill per tile, chosen
// at run time, packed to a float32 CB) that QK^T then reloads as its partial sums, for nothing.
// Split off, those iterations fill the block with the mask's constant, which D5 folds into a
// fresh QK^T (no fill, no reload); only the iterations at the diagonal keep the mask.
#include "passes/split_masked_loop.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/substitute.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// `for i in parallel(0 +: R) { for j in parallel(0 +: C) { B[i, j] = select(cond, c, x) } }`
// over the whole 2-D block B, c a constant and cond a comparison of integers.
struct MaskNest {
  const BufferStore* store = nullptr;
  const Compare* cond = nullptr;
  const Variable *i = nullptr, *j = nullptr;
  int64_t rows = 0, cols = 0;
};

std::optional<MaskNest> as_mask_nest(const Stmt& s) {
  const For* outer = s.as<For>();
  const For* inner = outer ? outer->body.as<For>() : nullptr;
  if (!inner || outer->for_kind != ForKind::kParallel || inner->for_kind != ForKind::kParallel) {
    return std::nullopt;
  }
  const BufferStore* st = inner->body.as<BufferStore>();
  const Select* sel = st ? st->value.as<Select>() : nullptr;
  if (!sel || st->indices.size() != 2 || !const_float(sel->true_value)) {
    return std::nullopt;
  }
  MaskNest m;
  m.store = st;
  m.cond = sel->cond.as<Compare>();
  m.i = st->indices[0].as<Variable>();
  m.j = st->indices[1].as<Variable>();
  if (!m.cond || m.i != outer->var.get() || m.j != inner->var.get() ||
      !m.cond->a.dtype().is_integer() || !m.cond->b.dtype().is_integer()) {
    return std::nullopt;
  }
  auto r = const_value(outer->extent), c = const_value(inner->extent);
  if (const_value(outer->min) != 0 || const_value(inner->min) != 0 || !r || !c ||
      const_value(st->buffer->shape[0]) != r || const_value(st->buffer->shape[1]) != c) {
    return std::nullopt;
  }
  m.rows = *r;
  m.cols = *c;
  return m;
}

// The first iteration of loop `l` at which the mask hides an element (clamped to the loop's
// range), or a reason why it cannot be computed.
std::optional<Expr> split_point(const For* l, const MaskNest& m, std::string* why) {
  const Expr &a = m.cond->a, &b = m.cond->b;
  Expr d;  // cond as d >= 0
  switch (m.cond->op) {
    case CompareOp::kGE:
      d = sub(a, b);
      break;
    case CompareOp::kGT:
      d = sub(sub(a, b), cint(1));
      break;
    case CompareOp::kLE:
      d = sub(b, a);
      break;
    case CompareOp::kLT:
      d = sub(sub(b, a), cint(1));
      break;
    default:
      *why = "the mask is not an ordering comparison";
      return std::nullopt;
  }
  auto ak = affine_in(d, l->var.get());
  if (!ak || ak->coef >= 0) {
    *why = "the mask does not hide more elements as the loop advances";
    return std::nullopt;
  }
  auto ai = affine_in(ak->rest, m.i);
  auto aj = ai ? affine_in(ai->rest, m.j) : std::nullopt;
  if (!aj) {
    *why = "the mask is not affine in the block's row and column";
    return std::nullopt;
  }
  // The smallest d over the block: each index at the end its coefficient favours.
  Expr low = add(aj->rest, add(cint(std::min<int64_t>(ai->coef, 0) * (m.rows - 1)),
                               cint(std::min<int64_t>(aj->coef, 0) * (m.cols - 1))));
  // Names bound inside the body are not available ahead of the loop.
  bool inner = false;
  post_order_visit(l->body, [&](const Node* n) {
    if (n->kind == NodeKind::kLetStmt) {
      inner = inner || uses_var(low, static_cast<const LetStmt*>(n)->var.get());
    } else if (n->kind == NodeKind::kFor) {
      inner = inner || uses_var(low, static_cast<const For*>(n)->var.get());
    }
  });
  if (inner) {
    *why = "the mask depends on a value computed inside the loop";
    return std::nullopt;
  }
  // Whole block visible at k: coef * k + low >= 0, i.e. k <= floor(low / -coef).
  Expr first = add(floordiv(low, cint(-ak->coef)), cint(1));
  Expr end = add(l->min, l->extent);
  return simplify(Binary::make(BinaryOp::kMin, Binary::make(BinaryOp::kMax, first, l->min), end));
}

class Split : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;

  Stmt visit(const For* op) override {
    Stmt s = Mutator::visit(op);
    const For* l = s.as<For>();
    if (!l || (l->for_kind != ForKind::kSerial && l->for_kind != ForKind::kPipelined)) {
      return s;
    }
    const SeqStmt* body = l->body.as<SeqStmt>();
    if (!body) {
      return s;
    }
    for (size_t k = 0; k < body->stmts.size(); ++k) {
      std::optional<MaskNest> m = as_mask_nest(body->stmts[k]);
      if (!m || !uses_var(m->cond, l->var.get())) {
        continue;
      }
      std::string why;
      std::optional<Expr> at = split_point(l, *m, &why);
      const std::string& name = m->store->buffer->name;
      if (!at) {
        ctx->remark(l->loc, "kept")
            << fmt::format("loop '{}' masks '{}' in every iteration: {}", l->var->name, name, why);
        return s;
      }
      return split(l, k, *m, *at);
    }
    return s;
  }

 private:
  Stmt split(const For* l, size_t k, const MaskNest& m, const Expr& at) {
    Location loc = l->loc;
    const SeqStmt* body = l->body.as<SeqStmt>();
    const Select* sel = m.store->value.as<Select>();
    std::vector<Stmt> filled = body->stmts;
    filled[k] = Fill::make(Region::full(m.store->buffer, loc), sel->true_value, loc);
    Var split = Variable::make(l->var->name + "_split", l->var->dtype, loc);
    Stmt first = For::make(l->var, l->min, simplify(sub(split, l->min)), l->for_kind,
                           SeqStmt::make(filled, body->loc), l->num_stages, l->attrs, loc);
    // The masked iterations count from 0 (split + t): later passes expect loops from 0.
    Var t = Variable::make(l->var->name + "_masked", l->var->dtype, loc);
    Stmt second = For::make(t, cint(0, loc), simplify(sub(add(l->min, l->extent), split)),
                            l->for_kind, substitute_fresh(l->body, {{l->var.get(), add(split, t)}}),
                            l->num_stages, l->attrs, loc);
    ctx->remark(loc, "split") << fmt::format(
        "loop '{}' splits at {}: before it the mask keeps every element of '{}' ({} x {}), so "
        "those iterations fill it instead; the mask stays for the rest",
        l->var->name, print(at), m.store->buffer->name, m.rows, m.cols);
    return LetStmt::make(split, at, SeqStmt::make({first, second}, loc), loc);
  }
};

}  // namespace

Module split_masked_loops(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    Split s;
    s.ctx = &ctx;
    f = s.mutate(f);
  }
  return out;
}

}  // namespace tltt::passes
