// split_reducer_stores (reducer_updates.h): a 2-D T.Parallel nest that computes blocks and also
// accumulates into 1-D vectors (`dx[i, j] = ..; dgamma[j] += dy[i, j] * xh[i, j]`, a norm's
// backward) becomes the nest of its other statements followed by one nest per accumulating
// store, which lower_reducer_updates then turns into a reduction.
#include <fmt/format.h>

#include <set>
#include <vector>

#include "ir/mutator.h"
#include "ir/substitute.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/reducer_updates.h"

namespace tltt::passes {

using namespace ir;

namespace {

std::set<const BufferNode*> loaded(const Expr& e) {
  std::set<const BufferNode*> out;
  post_order_visit(Evaluate::make(e), [&](const Node* n) {
    if (n->kind == NodeKind::kBufferLoad) {
      out.insert(static_cast<const BufferLoad*>(n)->buffer.get());
    }
  });
  return out;
}

// `r[v] = r[v] (+|max|min) term` with r a 1-D on-chip buffer and v one of the nest's variables:
// the accumulating store lower_reducer_updates takes when it is a nest's one statement.
bool accumulates(const BufferStore* st, const std::vector<const For*>& nest) {
  if (st->buffer->scope == MemScope::kGlobal || st->buffer.rank() != 1) {
    return false;
  }
  bool by_var = false;
  for (const For* f : nest) {
    by_var |= st->indices[0].get() == f->var.get();
  }
  const Binary* b = st->value.as<Binary>();
  if (!by_var || !b ||
      (b->op != BinaryOp::kAdd && b->op != BinaryOp::kMax && b->op != BinaryOp::kMin)) {
    return false;
  }
  auto self = [&](const Expr& e) {
    const BufferLoad* l = e.as<BufferLoad>();
    return l && l->buffer.same_as(st->buffer) && l->indices.size() == 1 &&
           l->indices[0].same_as(st->indices[0]);
  };
  const Expr& term = self(b->a) ? b->b : self(b->b) ? b->a : Expr();
  return term.defined() && !loaded(term).count(st->buffer.get());
}

class SplitReducers : public Mutator {
 public:
  using Mutator::visit;
  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    std::vector<const For*> nest = parallel_nest(op);
    if (nest.size() != 2) {
      return op;
    }
    // The body as stores with the nest's lets substituted (B3 inlines them the same way).
    std::vector<Stmt> stores;
    if (!flatten(nest[1]->body, {}, stores)) {
      return op;
    }
    std::vector<size_t> acc, rest;
    for (size_t k = 0; k < stores.size(); ++k) {
      (accumulates(stores[k].as<BufferStore>(), nest) ? acc : rest).push_back(k);
    }
    if (acc.empty() || rest.empty()) {
      return op;
    }
    // Moving an accumulation after the other statements must not change what anything reads:
    // no other statement reads an accumulator, and an accumulation's term reads nothing a later
    // statement stores.
    for (size_t a : acc) {
      const BufferStore* st = stores[a].as<BufferStore>();
      for (size_t k = 0; k < stores.size(); ++k) {
        const BufferStore* other = stores[k].as<BufferStore>();
        if (k != a &&
            (loaded(other->value).count(st->buffer.get()) || other->buffer.same_as(st->buffer))) {
          return op;
        }
        if (k > a && loaded(st->value).count(other->buffer.get())) {
          return op;
        }
      }
    }
    std::vector<Stmt> first;
    for (size_t k : rest) {
      first.push_back(stores[k]);
    }
    std::vector<Stmt> out = {rebuild(nest, seq(first, op->loc), false)};
    for (size_t a : acc) {
      out.push_back(rebuild(nest, stores[a], true));
    }
    return seq(out, op->loc);
  }

 private:
  static bool flatten(const Stmt& s, VarMap lets, std::vector<Stmt>& out) {
    if (const LetStmt* l = s.as<LetStmt>()) {
      lets[l->var.get()] = substitute(l->value, lets);
      return flatten(l->body, lets, out);
    }
    if (const SeqStmt* q = s.as<SeqStmt>()) {
      for (const Stmt& x : q->stmts) {
        if (!flatten(x, lets, out)) {
          return false;
        }
      }
      return true;
    }
    if (s.as<BufferStore>()) {
      out.push_back(substitute(s, lets));
      return true;
    }
    return false;  // branches, loops, copies: the nest stays as written
  }

  // The nest's two loops around `body`; with fresh variables for a nest split off.
  static Stmt rebuild(const std::vector<const For*>& nest, Stmt body, bool fresh) {
    Var v0 = nest[0]->var, v1 = nest[1]->var;
    if (fresh) {
      v0 = Variable::make(v0->name, v0->dtype, v0->loc);
      v1 = Variable::make(v1->name, v1->dtype, v1->loc);
      body = substitute(body, VarMap{{nest[0]->var.get(), v0}, {nest[1]->var.get(), v1}});
    }
    Stmt inner = For::make(v1, nest[1]->min, nest[1]->extent, ForKind::kParallel, body, 0,
                           nest[1]->attrs, nest[1]->loc);
    return For::make(v0, nest[0]->min, nest[0]->extent, ForKind::kParallel, inner, 0,
                     nest[0]->attrs, nest[0]->loc);
  }
};

}  // namespace

Stmt split_reducer_stores(const Stmt& body) { return SplitReducers().mutate(body); }

}  // namespace tltt::passes
