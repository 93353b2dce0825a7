// B3: the let-bound temporaries of a T.Parallel nest (`q_idx = bx * block_M + i`) are
// substituted into their uses, a nest whose body is an `if` over element stores
// (`if i < j: A[i, j] = 0`) stores selects instead (`A[i, j] = T.if_then_else(i < j, 0,
// A[i, j])`), and a nest whose body is several element-wise stores is split into one nest per
// store (each with fresh loop variables) before each part is lowered.
#include "passes/sfpu/lowerer.h"

#include <algorithm>
#include <map>
#include <set>

#include "ir/equality.h"
#include "ir/substitute.h"
#include "ir/visitor.h"

namespace tltt::passes::sfpu {

using namespace ir;

namespace {

// Substitutes every let of a nest body into its uses. A temporary names a value of element
// (i, j), so its uses may recompute it, unless the body stores to a buffer the value loads
// (the value would be read after the store): such lets stay, and the nest is reported.
class InlineLets : public Mutator {
 public:
  using Mutator::visit;
  std::map<const Variable*, Expr> map;
  bool kept = false;
  Expr visit(const Variable* op) override {
    auto it = map.find(op);
    return it == map.end() ? Expr(op) : it->second;
  }
  Stmt visit(const LetStmt* op) override {
    std::set<const BufferNode*> loaded, stored;
    post_order_visit(Evaluate::make(op->value), [&](const Node* n) {
      if (n->kind == NodeKind::kBufferLoad) {
        loaded.insert(static_cast<const BufferLoad*>(n)->buffer.get());
      }
    });
    post_order_visit(op->body, [&](const Node* n) {
      if (n->kind == NodeKind::kBufferStore) {
        stored.insert(static_cast<const BufferStore*>(n)->buffer.get());
      }
    });
    for (const BufferNode* b : loaded) {
      if (stored.count(b)) {
        kept = true;
        return Mutator::visit(op);
      }
    }
    map[op->var.get()] = mutate(op->value);
    return mutate(op->body);
  }
};

// `if c: S..` / `if c: S.. else: T..` over element stores to on-chip blocks as one store of a
// select per stored element: `x = T.if_then_else(c, then-value, else-value)`, the element's
// own value for a branch that does not store it. Each element keeps or replaces its value
// independently of the others, so this is the same as the branch, provided no stored value
// reads a buffer the `if` stores (other than its own element): undefined otherwise.
Stmt stores_as_selects(const IfThenElse* ite) {
  struct Elem {
    const BufferStore* first = nullptr;
    Expr t, f;
  };
  std::vector<Elem> elems;
  std::set<const BufferNode*> stored;
  // A branch's statements, an `if` among them (an `elif`) as its own selects.
  bool nested_ok = true;
  auto flat = [&](const Stmt& s) {
    std::vector<Stmt> v;
    if (!s.defined()) {
      return v;
    }
    for (const Stmt& x : s.as<SeqStmt>() ? s.as<SeqStmt>()->stmts : std::vector<Stmt>{s}) {
      const IfThenElse* inner = x.as<IfThenElse>();
      Stmt sel = inner ? stores_as_selects(inner) : x;
      nested_ok &= sel.defined();
      if (const SeqStmt* q = sel.as<SeqStmt>()) {
        v.insert(v.end(), q->stmts.begin(), q->stmts.end());
      } else if (sel.defined()) {
        v.push_back(sel);
      }
    }
    return v;
  };
  for (int branch = 0; branch < 2; ++branch) {
    std::vector<Stmt> stmts = flat(branch == 0 ? ite->then_case : ite->else_case);
    if (!nested_ok) {
      return {};
    }
    for (const Stmt& s : stmts) {
      const BufferStore* st = s.as<BufferStore>();
      if (!st || st->buffer->scope == MemScope::kGlobal) {
        return {};
      }
      auto it = std::find_if(elems.begin(), elems.end(),
                             [&](const Elem& e) { return e.first->buffer.same_as(st->buffer); });
      if (it == elems.end()) {
        elems.push_back({st, {}, {}});
        it = elems.end() - 1;
      } else if (!structural_equal(BufferLoad::make(st->buffer, st->indices),
                                   BufferLoad::make(it->first->buffer, it->first->indices))) {
        return {};
      }
      Expr& slot = branch == 0 ? it->t : it->f;
      if (slot.defined()) {
        return {};  // stored twice in one branch
      }
      slot = st->value;
      stored.insert(st->buffer.get());
    }
  }
  std::vector<Stmt> out;
  for (const Elem& e : elems) {
    Expr self = BufferLoad::make(e.first->buffer, e.first->indices, e.first->loc);
    for (const Expr& v : {e.t, e.f}) {
      bool bad = false;
      post_order_visit(Evaluate::make(v.defined() ? v : self), [&](const Node* n) {
        if (n->kind == NodeKind::kBufferLoad) {
          const BufferLoad* l = static_cast<const BufferLoad*>(n);
          bad |= stored.count(l->buffer.get()) &&
                 !(l->buffer.same_as(e.first->buffer) && structural_equal(Expr(l), self));
        }
      });
      if (bad) {
        return {};
      }
    }
    Expr value = Select::make(ite->cond, e.t.defined() ? e.t : self, e.f.defined() ? e.f : self,
                              e.first->loc);
    out.push_back(BufferStore::make(e.first->buffer, e.first->indices, value, e.first->loc));
  }
  return seq(out, ite->loc);
}

}  // namespace

Stmt Lowerer::visit(const For* op) {
  if (op->for_kind != ForKind::kParallel) {
    return Mutator::visit(op);
  }
  std::vector<const For*> nest = parallel_nest(op);
  if (const IfThenElse* ite = nest.back()->body.as<IfThenElse>()) {
    if (Stmt body = stores_as_selects(ite); body.defined()) {
      for (auto it = nest.rbegin(); it != nest.rend(); ++it) {
        const For* f = *it;
        body = For::make(f->var, f->min, f->extent, f->for_kind, body, f->num_stages, f->attrs,
                         f->loc);
      }
      return visit(body.as<For>());
    }
  }
  if (nest.back()->body.as<LetStmt>()) {
    InlineLets inline_lets;
    Stmt body = inline_lets.mutate(nest.back()->body);
    if (!inline_lets.kept) {
      for (auto it = nest.rbegin(); it != nest.rend(); ++it) {
        const For* f = *it;
        body = For::make(f->var, f->min, f->extent, f->for_kind, body, f->num_stages, f->attrs,
                         f->loc);
      }
      return visit(body.as<For>());
    }
  }
  const SeqStmt* body = nest.back()->body.as<SeqStmt>();
  if (!body) {
    return lower_nest(op);
  }
  // An `if` over element stores among the nest's statements (`if m[i] == -inf: s[i] = 0 else:
  // s[i] = ...` then `l[i] *= s[i]`): its selects in its place, before the split below.
  std::vector<Stmt> flat;
  bool rewritten = false;
  for (const Stmt& s : body->stmts) {
    const IfThenElse* ite = s.as<IfThenElse>();
    Stmt sel = ite ? stores_as_selects(ite) : Stmt();
    const SeqStmt* q = sel.defined() ? sel.as<SeqStmt>() : nullptr;
    if (q) {
      flat.insert(flat.end(), q->stmts.begin(), q->stmts.end());
    } else {
      flat.push_back(sel.defined() ? sel : s);
    }
    rewritten |= sel.defined();
  }
  if (rewritten) {
    Stmt b = SeqStmt::make(flat, body->loc);
    for (auto it = nest.rbegin(); it != nest.rend(); ++it) {
      const For* f = *it;
      b = For::make(f->var, f->min, f->extent, f->for_kind, b, f->num_stages, f->attrs, f->loc);
    }
    return visit(b.as<For>());
  }
  // Element-wise statements of one nest touch only element (i, j) of each block, so the
  // nest is the same as one nest per statement, in order.
  std::vector<Stmt> parts;
  for (size_t k = 0; k < body->stmts.size(); ++k) {
    if (!body->stmts[k].as<BufferStore>()) {
      return lower_nest(op);
    }
    // Each part but the first gets fresh loop variables.
    VarMap rename;
    for (const For* f : nest) {
      rename[f->var.get()] =
          k == 0 ? Expr(f->var) : Expr(Variable::make(f->var->name, f->var->dtype, f->var->loc));
    }
    Stmt part = substitute(body->stmts[k], rename);
    for (auto it = nest.rbegin(); it != nest.rend(); ++it) {
      const For* f = *it;
      Var v(static_cast<const Variable*>(rename[f->var.get()].get()));
      part = For::make(v, f->min, f->extent, f->for_kind, part, f->num_stages, f->attrs, f->loc);
    }
    parts.push_back(lower_nest(part.as<For>()));
  }
  return SeqStmt::make(parts, op->loc);
}

}  // namespace tltt::passes::sfpu
