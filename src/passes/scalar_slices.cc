// The integer-scalar part of a loop that also does tile work (see scalar_vars_program.h): a
// block-sparse combine's `if lse != 0: max_split = k` in the loop that also takes the maximum
// of the partial results' scales. Each kernel evaluates that part on its own, from the tensor
// elements it reads (the reader hands them to the others, passes/index_mailbox.h), so the
// scalar's value after the loop needs no state carried between the kernels.
#include <map>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/scalar_vars_program.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool element0(const std::vector<Expr>& idx) {
  for (const Expr& i : idx) {
    if (as_const_int(i) != 0) {
      return false;
    }
  }
  return true;
}

// A one-element on-chip float scalar (T.alloc_var(float), T.alloc_local([1], float)).
bool float_scalar(const BufferNode* b) {
  bool one = true;
  for (const Expr& d : b->shape) {
    one &= as_const_int(d) == 1;
  }
  return one && b->scope != MemScope::kGlobal && b->dtype.is_float();
}

class Slicer : public Mutator {
 public:
  using Mutator::visit;
  explicit Slicer(const ScalarSet& scalars) : scalars_(scalars) {}

  // `s` reduced to its scalar assignments and the ifs, lets and loops around them; an
  // undefined Stmt when nothing is left.
  Stmt slice(const Stmt& s) {
    Expr v;
    if (scalar_store(s.get(), scalars_, &v)) {
      return Mutator::mutate(s);  // loads of forwarded float scalars read their elements
    }
    if (const auto* st = s.as<BufferStore>(); st && float_scalar(st->buffer.get())) {
      const auto* src = st->value.as<BufferLoad>();
      fwd_.erase(st->buffer.get());
      if (src && src->buffer->scope == MemScope::kGlobal && element0(st->indices)) {
        fwd_[st->buffer.get()] = Mutator::mutate(st->value);
      }
      return {};
    }
    if (const auto* q = s.as<SeqStmt>()) {
      std::vector<Stmt> out;
      for (const Stmt& x : q->stmts) {
        if (Stmt y = slice(x); y.defined()) {
          out.push_back(y);
        }
      }
      return out.empty() ? Stmt() : SeqStmt::make(out, q->loc);
    }
    if (const auto* i = s.as<IfThenElse>()) {
      Expr c = Mutator::mutate(i->cond);
      auto before = fwd_;
      Stmt t = slice(i->then_case);
      fwd_ = before;
      Stmt e = i->else_case.defined() ? slice(i->else_case) : Stmt();
      fwd_ = before;
      forget(buffers_written(s));
      return t.defined() || e.defined()
                 ? IfThenElse::make(c, t.defined() ? t : SeqStmt::make({}, i->loc), e, i->loc)
                 : Stmt();
    }
    if (const auto* l = s.as<LetStmt>()) {
      Stmt b = slice(l->body);
      return b.defined() ? LetStmt::make(l->var, Mutator::mutate(l->value), b, l->loc) : Stmt();
    }
    if (const auto* a = s.as<Allocate>()) {
      return slice(a->body);
    }
    if (const auto* f = s.as<For>()) {
      forget(buffers_written(f->body));
      Stmt b = slice(f->body);
      forget(buffers_written(f->body));
      return b.defined() ? For::make(f->var, f->min, f->extent, f->for_kind, b, f->num_stages,
                                     f->attrs, f->loc)
                         : Stmt();
    }
    forget(buffers_written(
        s));  // tile work: no scalar assignment, but it may overwrite a forwarded one
    return {};
  }

  Expr visit(const BufferLoad* op) override {
    auto it = fwd_.find(op->buffer.get());
    return it != fwd_.end() && element0(op->indices) ? it->second : Mutator::visit(op);
  }

 private:
  void forget(const std::set<const BufferNode*>& bs) {
    for (const BufferNode* b : bs) {
      fwd_.erase(b);
    }
  }
  const ScalarSet& scalars_;
  std::map<const BufferNode*, Expr> fwd_;  // float scalars holding a tensor element
};

class DropStores : public Mutator {
 public:
  using Mutator::visit;
  const ScalarSet* scalars = nullptr;
  Stmt visit(const BufferStore* op) override {
    return scalars->count(op->buffer.get()) ? SeqStmt::make({}, op->loc) : Mutator::visit(op);
  }
  Stmt visit(const Fill* op) override {
    return scalars->count(op->dst.buffer.get()) ? SeqStmt::make({}, op->loc) : Mutator::visit(op);
  }
};

}  // namespace

std::optional<Stmt> scalar_slice(const For* loop, const ScalarSet& scalars) {
  Slicer s(scalars);
  Stmt out = s.slice(Stmt(loop));
  if (!out.defined() || !scalar_program(out, scalars)) {
    return std::nullopt;
  }
  // A scalar the loop both assigns and reads would need its value at each iteration.
  bool reads_own = false;
  ScalarSet stored = scalar_stores_in(out, scalars);
  post_order_visit(loop->body, [&](const Node* n) {
    reads_own |= n->kind == NodeKind::kBufferLoad &&
                 stored.count(static_cast<const BufferLoad*>(n)->buffer.get());
  });
  if (reads_own) {
    return std::nullopt;
  }
  // The tensors the slice reads must not change during the loop (each kernel reads them when
  // it evaluates the slice, not at the iteration that read them).
  std::set<const BufferNode*> reads;
  post_order_visit(out, [&](const Node* n) {
    if (n->kind == NodeKind::kBufferLoad) {
      reads.insert(static_cast<const BufferLoad*>(n)->buffer.get());
    }
  });
  for (const BufferNode* b : buffers_written(Stmt(loop))) {
    if (b->scope == MemScope::kGlobal && reads.count(b)) {
      return std::nullopt;
    }
  }
  return out;
}

ScalarSet scalar_stores_in(const Stmt& s, const ScalarSet& scalars) {
  ScalarSet out;
  post_order_visit(s, [&](const Node* n) {
    Expr v;
    if (const BufferNode* b = scalar_store(n, scalars, &v)) {
      out.insert(b);
    }
  });
  return out;
}

Stmt drop_scalar_stores(const Stmt& s, const ScalarSet& scalars) {
  DropStores d;
  d.scalars = &scalars;
  return d.mutate(s);
}

}  // namespace tltt::passes
