// A1's rewrite of counting `while` loops into serial loops (see scalar_vars.h). The kernels
// have no state carried from one iteration to the next, so a loop whose scalar advances by a
// constant is written in closed form: iteration k sees v + k * c (v unchanged until after the
// loop), and the trip count is a let every kernel computes from the values it has.
#include "passes/scalar_vars.h"

#include <set>
#include <vector>

#include "ir/mutator.h"
#include "ir/substitute.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/scalar_vars_program.h"

namespace tltt::passes {

using namespace ir;

namespace {

std::set<const BufferNode*> loaded_in(const Expr& e) {
  std::set<const BufferNode*> out;
  post_order_visit(Evaluate::make(e), [&](const Node* n) {
    if (n->kind == NodeKind::kBufferLoad) {
      out.insert(static_cast<const BufferLoad*>(n)->buffer.get());
    }
  });
  return out;
}

// Every load of `v` replaced by `value`.
class ReplaceScalar : public Mutator {
 public:
  using Mutator::visit;
  ReplaceScalar(const BufferNode* v, Expr value) : v_(v), value_(std::move(value)) {}
  Expr visit(const BufferLoad* op) override {
    return op->buffer.get() == v_ ? value_ : Mutator::visit(op);
  }

 private:
  const BufferNode* v_;
  Expr value_;
};

// The body's last statement through allocations, lets and sequences: `*store` set to it when it
// is a store of a scalar, `lets` the lets around it (outermost first).
Stmt drop_last_store(const Stmt& s, const ScalarSet& scalars, const Node** store,
                     std::vector<const LetStmt*>* lets) {
  switch (s->kind) {
    case NodeKind::kAllocate: {
      const auto* a = static_cast<const Allocate*>(s.get());
      return Allocate::make(a->buffer, drop_last_store(a->body, scalars, store, lets), a->loc);
    }
    case NodeKind::kLetStmt: {
      const auto* l = static_cast<const LetStmt*>(s.get());
      lets->push_back(l);
      return LetStmt::make(l->var, l->value, drop_last_store(l->body, scalars, store, lets),
                           l->loc);
    }
    case NodeKind::kSeqStmt: {
      const auto* q = static_cast<const SeqStmt*>(s.get());
      if (q->stmts.empty()) {
        return s;
      }
      std::vector<Stmt> out = q->stmts;
      out.back() = drop_last_store(out.back(), scalars, store, lets);
      return SeqStmt::make(out, q->loc);
    }
    default: {
      Expr value;
      if (scalar_store(s.get(), scalars, &value)) {
        *store = s.get();
        return SeqStmt::make({}, s->loc);
      }
      return s;
    }
  }
}

class CountedWhiles : public Mutator {
 public:
  using Mutator::visit;
  explicit CountedWhiles(ScalarSet scalars) : scalars_(std::move(scalars)) {}

  Stmt visit(const While* op) override {
    Stmt body = mutate(op->body);
    Stmt out = rewrite(op, body);
    return out.defined() ? out : While::make(op->cond, body, op->loc);
  }

 private:
  ScalarSet scalars_;

  // `v < n` (`<=`, or mirrored) with v a scalar load: v's buffer, n, and whether n is inclusive.
  const BufferNode* counter(const Expr& cond, Expr* bound, bool* inclusive) const {
    const auto* c = cond.as<Compare>();
    if (!c) {
      return nullptr;
    }
    Expr v = c->a, n = c->b;
    CompareOp op = c->op;
    if (op == CompareOp::kGT || op == CompareOp::kGE) {
      std::swap(v, n);
      op = op == CompareOp::kGT ? CompareOp::kLT : CompareOp::kLE;
    }
    const auto* load = v.as<BufferLoad>();
    if ((op != CompareOp::kLT && op != CompareOp::kLE) || !load ||
        !scalars_.count(load->buffer.get()) || !n.dtype().is_integer()) {
      return nullptr;
    }
    *bound = n;
    *inclusive = op == CompareOp::kLE;
    return load->buffer.get();
  }

  Stmt rewrite(const While* op, const Stmt& body) const {
    Expr n;
    bool inclusive = false;
    const BufferNode* v = counter(op->cond, &n, &inclusive);
    if (!v) {
      return Stmt();
    }
    std::set<const BufferNode*> written = buffers_written(body);
    for (const BufferNode* b : loaded_in(n)) {
      if (written.count(b)) {
        return Stmt();  // the bound changes inside the loop
      }
    }
    const Node* store = nullptr;
    std::vector<const LetStmt*> lets;
    Stmt rest = drop_last_store(body, scalars_, &store, &lets);
    Expr next;
    if (!store || scalar_store(store, scalars_, &next) != v) {
      return Stmt();
    }
    // The last store must be the only one: v is then the same through the whole iteration.
    int stores = 0;
    post_order_visit(body, [&](const Node* x) {
      Expr e;
      stores += scalar_store(x, scalars_, &e) == v;
    });
    if (stores != 1) {
      return Stmt();
    }
    // next - v, with the lets on the way inlined (innermost first, each may read outer ones).
    Var now = Variable::make(v->name + "_now", v->dtype, op->loc);
    for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
      next = substitute(next, VarMap{{(*it)->var.get(), (*it)->value}});
    }
    next = ReplaceScalar(v, now).mutate(next);
    std::optional<Affine> a = affine_in(next, now.get());
    std::optional<int64_t> step = a ? const_value(a->rest) : std::nullopt;
    if (!a || a->coef != 1 || !step || *step <= 0) {
      return Stmt();
    }
    // v itself is not written until after the loop, so its loads there are its first value.
    Location loc = op->loc;
    Buffer buf = store->kind == NodeKind::kBufferStore
                     ? static_cast<const BufferStore*>(store)->buffer
                     : static_cast<const Fill*>(store)->dst.buffer;
    Expr start = BufferLoad::make(buf, std::vector<Expr>(buf->shape.size(), cint(0, loc)), loc);
    Var iter = Variable::make(v->name + "_iter", v->dtype, loc);
    Expr span = inclusive ? add(sub(n, start), cint(1, loc)) : sub(n, start);
    Expr trips = Binary::make(BinaryOp::kCeilDiv, span, cint(*step, loc), loc);
    Stmt loop_body = ReplaceScalar(v, add(start, mul(iter, cint(*step, loc)))).mutate(rest);
    Stmt loop = For::make(iter, cint(0, loc), trips, ForKind::kSerial, loop_body, 0, {}, loc);
    Expr after =
        add(start, mul(Binary::make(BinaryOp::kMax, trips, cint(0, loc), loc), cint(*step, loc)));
    Stmt last = store->kind == NodeKind::kBufferStore
                    ? BufferStore::make(buf, static_cast<const BufferStore*>(store)->indices, after,
                                        store->loc)
                    : Fill::make(static_cast<const Fill*>(store)->dst, after, store->loc);
    return SeqStmt::make({loop, last}, loc);
  }
};

}  // namespace

const char* uncounted_while_error() {
  return "'while' on a kernel expression (a loop whose trip count is only known at run time) has "
         "no Tenstorrent lowering yet unless it counts (`v < n` on a kernel-local integer "
         "scalar, `v = v + c` with a positive constant c its last statement; docs/passes/A1); "
         "use T.serial with a bound";
}

PrimFunc counted_whiles(const PrimFunc& f) {
  bool any = false;
  post_order_visit(f.body, [&](const Node* n) { any |= n->kind == NodeKind::kWhile; });
  if (!any) {
    return f;
  }
  return CountedWhiles(scalar_buffers(f.body)).mutate(f);
}

}  // namespace tltt::passes
