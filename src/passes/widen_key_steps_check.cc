// B0d's proof obligation (widen_key_steps.h): the key loop's body is one step of an online
// softmax, whose loop-carried state after two steps of B keys equals (in real arithmetic) its
// state after one step of the 2 * B keys. With S the step's scores (computed from data that does
// not depend on the carried state, key by key), the carried state is a running maximum m and
// accumulators X:
//   m_prev = m;  m = max(m, rowmax(S));  F = e(c * (m_prev - m));  P = e(c * (S - m));
//   X = X * F + (rowsum(P) or P @ V)      for every other carried X,
// with e = exp or exp2. Two steps give m = max(m0, rowmax(S1), rowmax(S2)) and
// X = X0 * e(c(m0 - m)) + sum over both key blocks of e(c(S - m)) terms: one wide step's result.
#include "ir/equality.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/widen_key_steps.h"

namespace tltt::passes {

using namespace ir;

namespace {

// What a buffer holds during the step.
enum class Kind { kConst, kRaw, kMax, kPrev, kFactor, kProb, kRowSum, kAcc };

struct ExpForm {
  std::string fn;
  double c = 1;
  const BufferLoad* x = nullptr;
  const BufferLoad* m = nullptr;
};

const BufferLoad* load_of(const Expr& e) { return strip_float_casts(e).as<BufferLoad>(); }

// `k * load` or `load * k` with k a constant.
std::optional<std::pair<const BufferLoad*, double>> scaled_load(const Expr& e) {
  if (const BufferLoad* l = load_of(e)) {
    return std::pair{l, 1.0};
  }
  const auto* b = strip_float_casts(e).as<Binary>();
  if (!b || b->op != BinaryOp::kMul) {
    return std::nullopt;
  }
  if (auto k = const_float(b->b); k && load_of(b->a)) {
    return std::pair{load_of(b->a), *k};
  }
  if (auto k = const_float(b->a); k && load_of(b->b)) {
    return std::pair{load_of(b->b), *k};
  }
  return std::nullopt;
}

// e(c * (x - m)) spelled `e(x * c - m * c)` or `e((x - m) * c)` (or without c).
std::optional<ExpForm> match_exp(const Expr& e) {
  const auto* call = strip_float_casts(e).as<Call>();
  if (!call || (call->name != "exp" && call->name != "exp2") || call->args.size() != 1) {
    return std::nullopt;
  }
  ExpForm f;
  f.fn = call->name;
  Expr arg = strip_float_casts(call->args[0]);
  double outer = 1;
  if (const auto* b = arg.as<Binary>(); b && b->op == BinaryOp::kMul) {
    if (auto k = const_float(b->b)) {
      outer = *k, arg = strip_float_casts(b->a);
    } else if (auto k2 = const_float(b->a)) {
      outer = *k2, arg = strip_float_casts(b->b);
    }
  }
  const auto* d = arg.as<Binary>();
  if (!d || d->op != BinaryOp::kSub) {
    return std::nullopt;
  }
  auto x = scaled_load(d->a), m = scaled_load(d->b);
  if (!x || !m || x->second != m->second) {
    return std::nullopt;
  }
  f.c = outer * x->second, f.x = x->first, f.m = m->first;
  return f;
}

// `X[idx] * F[..]` (either order) with the same indices for X on both sides: F's buffer.
const BufferNode* rescale_factor(const Expr& e, const BufferStore* s) {
  const auto* b = strip_float_casts(e).as<Binary>();
  if (!b || b->op != BinaryOp::kMul) {
    return nullptr;
  }
  for (auto [self, other] : {std::pair{b->a, b->b}, std::pair{b->b, b->a}}) {
    const BufferLoad* l = load_of(self);
    const BufferLoad* f = load_of(other);
    if (l && f && l->buffer.get() == s->buffer.get() && l->indices.size() == s->indices.size()) {
      bool same = true;
      for (size_t i = 0; i < l->indices.size(); ++i) {
        same = same && structural_equal(l->indices[i], s->indices[i]);
      }
      if (same) {
        return f->buffer.get();
      }
    }
  }
  return nullptr;
}

void flatten(const Stmt& s, std::vector<Stmt>& out) {
  if (const auto* q = s.as<SeqStmt>()) {
    for (const Stmt& x : q->stmts) {
      flatten(x, out);
    }
  } else {
    out.push_back(s);
  }
}

// The single store a T.Parallel nest makes, else nullptr.
const BufferStore* nest_store(const Stmt& s) {
  const auto* l = s.as<For>();
  if (!l || l->for_kind != ForKind::kParallel) {
    return nullptr;
  }
  return parallel_nest(l).back()->body.as<BufferStore>();
}

}  // namespace

void check_online_softmax(KeyStepAnalysis& a) {
  auto fail = [&](std::string why) {
    if (a.why_not.empty()) {
      a.why_not = "not an online-softmax step: " + why;
    }
  };
  std::vector<Stmt> body;
  flatten(a.loop->body, body);
  // Reads and writes of each statement, for the carried state: buffers read before the body
  // writes them.
  std::set<const BufferNode*> written, carried;
  const BufferNode* max = nullptr;
  for (const Stmt& s : body) {
    std::set<const BufferNode*> reads, writes;
    if (const auto* c = s.as<Copy>()) {
      reads = {c->src.buffer.get()}, writes = {c->dst.buffer.get()};
    } else if (const auto* g = s.as<Gemm>()) {
      reads = {g->a.buffer.get(), g->b.buffer.get()}, writes = {g->c.buffer.get()};
      if (!g->clear_accum) {
        reads.insert(g->c.buffer.get());
      }
    } else if (const auto* r = s.as<Reduce>()) {
      reads = {r->src.buffer.get()}, writes = {r->dst.buffer.get()};
      if (!r->clear) {
        reads.insert(r->dst.buffer.get());
      }
      if (r->reduce_kind == ReduceKind::kMax && !r->clear) {
        max = r->dst.buffer.get();
      }
    } else if (const auto* f = s.as<Fill>()) {
      writes = {f->dst.buffer.get()};
    } else if (const BufferStore* st = nest_store(s)) {
      writes = {st->buffer.get()};
      post_order_visit(s, [&](const Node* n) {
        if (n->kind == NodeKind::kBufferStore) {
          reads.merge(buffers_in(Evaluate::make(static_cast<const BufferStore*>(n)->value)));
        }
      });
    } else {
      return fail("a statement other than a copy, T.gemm, reduction, fill or T.Parallel store");
    }
    for (const BufferNode* b : reads) {
      if (!written.count(b) && !a.tied.count(b) && b->scope != MemScope::kGlobal) {
        carried.insert(b);  // read before this step writes it: possibly from the last step
      }
    }
    written.insert(writes.begin(), writes.end());
  }
  std::map<const BufferNode*, Kind> kind;
  for (const BufferNode* b : carried) {
    kind[b] = !written.count(b) ? Kind::kConst : b == max ? Kind::kMax : Kind::kAcc;
  }
  if (!max || kind[max] != Kind::kMax) {
    return fail("no running maximum (a T.reduce_max with clear=False of the loop's state)");
  }
  auto kind_of = [&](const BufferNode* b) {
    auto it = kind.find(b);
    return it == kind.end() ? (written.count(b) ? Kind::kRaw : Kind::kConst) : it->second;
  };
  bool max_done = false;
  std::optional<ExpForm> form;
  std::set<const BufferNode*> rescaled, accumulated;
  auto same_form = [&](const ExpForm& f) {
    if (form && (form->fn != f.fn || form->c != f.c)) {
      return false;
    }
    form = f;
    return true;
  };
  for (const Stmt& s : body) {
    if (const auto* c = s.as<Copy>()) {
      const BufferNode *src = c->src.buffer.get(), *dst = c->dst.buffer.get();
      Kind k = c->src.buffer->scope == MemScope::kGlobal ? Kind::kRaw : kind_of(src);
      if (src == max && !max_done && !a.tied.count(dst) && kind_of(dst) == Kind::kRaw) {
        kind[dst] = Kind::kPrev;
      } else if ((k == Kind::kRaw || k == Kind::kProb || k == Kind::kConst) && a.tied.count(dst)) {
        kind[dst] = k == Kind::kConst ? Kind::kRaw : k;
      } else {
        return fail("a copy of the loop's state");
      }
    } else if (const auto* f = s.as<Fill>()) {
      if (!a.tied.count(f->dst.buffer.get())) {
        return fail("a fill of the loop's state");
      }
      kind[f->dst.buffer.get()] = Kind::kRaw;
    } else if (const auto* g = s.as<Gemm>()) {
      Kind ka = kind_of(g->a.buffer.get()), kb = kind_of(g->b.buffer.get());
      const BufferNode* c = g->c.buffer.get();
      bool keys_contracted = a.tied.count(g->b.buffer.get()) &&
                             a.tied.at(g->b.buffer.get()) == (g->transpose_b ? 1u : 0u);
      if (a.tied.count(c) && !keys_contracted && (ka == Kind::kConst || ka == Kind::kRaw) &&
          (kb == Kind::kConst || kb == Kind::kRaw) &&
          (g->clear_accum || kind_of(c) == Kind::kRaw)) {
        kind[c] = Kind::kRaw;  // scores of the step's keys
      } else if (kind_of(c) == Kind::kAcc && keys_contracted && ka == Kind::kProb &&
                 (kb == Kind::kRaw || kb == Kind::kConst) && !g->clear_accum && rescaled.count(c)) {
        accumulated.insert(c);  // X += P @ V
      } else {
        return fail("a T.gemm other than the scores or the accumulation of P @ V");
      }
    } else if (const auto* r = s.as<Reduce>()) {
      const BufferNode *src = r->src.buffer.get(), *dst = r->dst.buffer.get();
      Kind ks = kind_of(src);
      if (r->reduce_kind == ReduceKind::kMax && dst == max && ks == Kind::kRaw && !max_done) {
        max_done = true;
      } else if (r->reduce_kind == ReduceKind::kSum && ks == Kind::kProb && r->clear &&
                 !a.tied.count(dst) && kind_of(dst) == Kind::kRaw) {
        kind[dst] = Kind::kRowSum;
      } else if (r->reduce_kind == ReduceKind::kSum && ks == Kind::kProb && !r->clear &&
                 kind_of(dst) == Kind::kAcc && rescaled.count(dst)) {
        accumulated.insert(dst);
      } else {
        return fail("a reduction other than the running maximum or a sum of P");
      }
    } else if (const BufferStore* st = nest_store(s)) {
      const BufferNode* x = st->buffer.get();
      auto e = match_exp(st->value);
      Kind kx = e ? kind_of(e->x->buffer.get()) : Kind::kConst;
      if (e && max_done && e->m->buffer.get() == max && a.tied.count(x) && kx == Kind::kRaw &&
          same_form(*e)) {
        kind[x] = Kind::kProb;  // P = e(c * (S - m))
      } else if (e && max_done && e->m->buffer.get() == max && !a.tied.count(x) &&
                 kx == Kind::kPrev && kind_of(x) == Kind::kRaw && same_form(*e)) {
        kind[x] = Kind::kFactor;  // F = e(c * (m_prev - m))
      } else if (a.tied.count(x)) {
        // A score mask: only the step's own data (no state, no probabilities).
        bool ok = true;
        for (const BufferNode* b : buffers_in(Evaluate::make(st->value))) {
          Kind k = kind_of(b);
          ok = ok && (k == Kind::kRaw || k == Kind::kConst) && (max_done ? b != x : true);
        }
        if (!ok || max_done) {
          return fail("a store to a key block other than a mask of the scores or P");
        }
        kind[x] = Kind::kRaw;
      } else if (kind_of(x) == Kind::kAcc && !rescaled.count(x) && !accumulated.count(x)) {
        const auto* sum = strip_float_casts(st->value).as<Binary>();
        const BufferNode* f = rescale_factor(st->value, st);
        if (f && kind_of(f) == Kind::kFactor) {
          rescaled.insert(x);  // X = X * F
        } else if (sum && sum->op == BinaryOp::kAdd) {
          const BufferNode* f2 = rescale_factor(sum->a, st);
          const BufferLoad* y = load_of(sum->b);
          if (!f2 || kind_of(f2) != Kind::kFactor || !y ||
              kind_of(y->buffer.get()) != Kind::kRowSum) {
            return fail("an update of the loop's state other than X * F + rowsum(P)");
          }
          rescaled.insert(x), accumulated.insert(x);  // X = X * F + rowsum(P)
        } else {
          return fail("an update of the loop's state other than a rescale by F");
        }
      } else {
        return fail("a store other than the steps of an online softmax");
      }
    }
  }
  for (const auto& [b, k] : kind) {
    if (k == Kind::kAcc && !accumulated.count(b)) {
      return fail("state '" + b->name + "' is not rescaled and accumulated once per step");
    }
  }
  if (!max_done) {
    fail("the running maximum is not updated");
  }
}

}  // namespace tltt::passes
