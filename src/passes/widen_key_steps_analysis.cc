// B0d's analysis (widen_key_steps.h): the key axis of a key loop's buffers, tied to the loop
// variable through the kernel's dataflow, and the checks that the loop's iterations can be
// merged G at a time by widening that axis.
#include <functional>

#include "ir/visitor.h"
#include "passes/block_groups.h"
#include "passes/pass_util.h"
#include "passes/widen_key_steps.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool on_chip(const Buffer& b) { return b->scope != MemScope::kGlobal; }

// Every use of kb and of the key variables in `e` is `kb * B + j` (a key of the step, which stays
// the same key when kb becomes kb * G and j ranges over G * B) or a bare key variable indexing a
// key axis.
bool key_uses_ok(const Expr& e, const KeyStepAnalysis& a) {
  if (const auto* v = e.as<Variable>()) {
    return v != a.kb && !a.col_vars.count(v);
  }
  if (uses_var(e, a.kb)) {
    if (auto af = affine_in(e, a.kb); af && af->coef == a.width) {
      if (const auto* v = af->rest.as<Variable>(); v && a.col_vars.count(v)) {
        return true;
      }
    }
  }
  if (const auto* x = e.as<BufferLoad>()) {
    auto it = a.tied.find(x->buffer.get());
    for (size_t p = 0; p < x->indices.size(); ++p) {
      const auto* v = x->indices[p].as<Variable>();
      bool key_index = it != a.tied.end() && it->second == p;
      if (v && a.col_vars.count(v) ? !key_index : !key_uses_ok(x->indices[p], a)) {
        return false;
      }
      if (key_index && !(v && a.col_vars.count(v))) {
        return false;  // a key axis indexed by anything but the step's key
      }
    }
    return true;
  }
  bool ok = true;
  if (const auto* x = e.as<Binary>()) {
    ok = key_uses_ok(x->a, a) && key_uses_ok(x->b, a);
  } else if (const auto* x = e.as<Compare>()) {
    ok = key_uses_ok(x->a, a) && key_uses_ok(x->b, a);
  } else if (const auto* x = e.as<Logical>()) {
    ok = key_uses_ok(x->a, a) && key_uses_ok(x->b, a);
  } else if (const auto* x = e.as<Select>()) {
    ok = key_uses_ok(x->cond, a) && key_uses_ok(x->true_value, a) && key_uses_ok(x->false_value, a);
  } else if (const auto* x = e.as<Cast>()) {
    ok = key_uses_ok(x->value, a);
  } else if (const auto* x = e.as<Unary>()) {
    ok = key_uses_ok(x->a, a);
  } else if (const auto* x = e.as<Call>()) {
    for (const Expr& arg : x->args) {
      ok = ok && key_uses_ok(arg, a);
    }
  }
  return ok;
}

// Ties the key axis through the body (one round; the caller repeats to a fixpoint).
bool tie_round(const Stmt& body, KeyStepAnalysis& a) {
  size_t before = a.tied.size() + a.col_vars.size();
  auto tie = [&](const Buffer& b, size_t axis) {
    if (!on_chip(b)) {
      return;
    }
    auto [it, fresh] = a.tied.emplace(b.get(), axis);
    if (!fresh && it->second != axis && a.why_not.empty()) {
      a.why_not = "buffer '" + b->name + "' has keys on two axes";
    }
  };
  auto tied_at = [&](const Buffer& b, size_t axis) {
    auto it = a.tied.find(b.get());
    return it != a.tied.end() && it->second == axis;
  };
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kCopy) {
      const auto* c = static_cast<const Copy*>(n);
      if (!on_chip(c->src.buffer) || !on_chip(c->dst.buffer)) {
        return;
      }
      for (size_t d = 0; d < c->src.buffer->shape.size() && d < c->dst.buffer->shape.size(); ++d) {
        if (tied_at(c->src.buffer, d) || tied_at(c->dst.buffer, d)) {
          tie(c->src.buffer, d), tie(c->dst.buffer, d);
        }
      }
    } else if (n->kind == NodeKind::kGemm) {
      const auto* g = static_cast<const Gemm*>(n);
      size_t ak = g->transpose_a ? 0 : 1, am = 1 - ak, bk = g->transpose_b ? 1 : 0, bn = 1 - bk;
      if (tied_at(g->a.buffer, ak) || tied_at(g->b.buffer, bk)) {
        tie(g->a.buffer, ak), tie(g->b.buffer, bk);
      }
      if (tied_at(g->b.buffer, bn) || tied_at(g->c.buffer, 1)) {
        tie(g->b.buffer, bn), tie(g->c.buffer, 1);
      }
      if ((tied_at(g->a.buffer, am) || tied_at(g->c.buffer, 0)) && a.why_not.empty()) {
        a.why_not = "a T.gemm has keys on its M axis";
      }
    } else if (n->kind == NodeKind::kBufferStore) {
      const auto* s = static_cast<const BufferStore*>(n);
      std::vector<std::pair<Buffer, const std::vector<Expr>*>> accesses{{s->buffer, &s->indices}};
      for_each_subexpr(s->value, [&](const Expr& x) {
        if (const auto* l = x.as<BufferLoad>()) {
          accesses.push_back({l->buffer, &l->indices});
        }
      });
      for (auto& [buf, idx] : accesses) {
        for (size_t p = 0; p < idx->size(); ++p) {
          const auto* v = (*idx)[p].as<Variable>();
          if (!v || !on_chip(buf)) {
            continue;
          }
          if (tied_at(buf, p)) {
            a.col_vars.insert(v);
          } else if (a.col_vars.count(v)) {
            tie(buf, p);
          }
        }
      }
    }
  });
  return a.tied.size() + a.col_vars.size() != before;
}

// Appends the statements under `s` other than `skip` (and its body) to `out`.
void outside(const Stmt& s, const Node* skip, std::vector<Stmt>& out) {
  if (s.get() == skip) {
    return;
  }
  if (const auto* q = s.as<SeqStmt>()) {
    for (const Stmt& x : q->stmts) {
      outside(x, skip, out);
    }
  } else if (const auto* x = s.as<Allocate>()) {
    outside(x->body, skip, out);
  } else if (const auto* x = s.as<LetStmt>()) {
    outside(x->body, skip, out);
  } else {
    out.push_back(s);
  }
}

}  // namespace

std::vector<const For*> key_loops(const Stmt& body) {
  std::vector<const For*> out;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind != NodeKind::kFor) {
      return;
    }
    const auto* l = static_cast<const For*>(n);
    if (l->for_kind != ForKind::kSerial && l->for_kind != ForKind::kPipelined) {
      return;
    }
    bool streams = false;
    post_order_visit(l->body, [&](const Node* c) {
      if (c->kind == NodeKind::kCopy) {
        const auto* cp = static_cast<const Copy*>(c);
        auto ax = strided_axis(cp->src, l->var.get());
        streams = streams || (!on_chip(cp->src.buffer) && ax && ax->first >= 0);
      }
    });
    if (streams) {
      out.push_back(l);
    }
  });
  return out;
}

KeyStepAnalysis analyse_key_steps(const KernelLaunch* launch, const For* loop) {
  KeyStepAnalysis a;
  a.loop = loop;
  a.kb = loop->var.get();
  auto fail = [&](std::string why) {
    if (a.why_not.empty()) {
      a.why_not = std::move(why);
    }
  };
  if (const_value(loop->min).value_or(-1) != 0) {
    fail("the loop does not start at 0");
  }
  // Seeds: the tensor regions the loop variable selects and the buffers they are copied to.
  post_order_visit(loop->body, [&](const Node* n) {
    if (n->kind != NodeKind::kCopy) {
      return;
    }
    const auto* c = static_cast<const Copy*>(n);
    if (auto ax = strided_axis(c->dst, a.kb); !on_chip(c->dst.buffer) && ax) {
      fail("a key block is written to a tensor");
    }
    auto ax = strided_axis(c->src, a.kb);
    if (on_chip(c->src.buffer) || !ax) {
      return;
    }
    if (ax->first < 0 || (a.width && a.width != ax->second)) {
      fail("the loop variable selects tensor regions other than `kb * B +: B` of one B");
      return;
    }
    a.width = ax->second;
    a.tied.emplace(c->dst.buffer.get(), onchip_axis(c->src, ax->first));
  });
  while (a.why_not.empty() && tie_round(loop->body, a)) {
  }
  if (!a.why_not.empty()) {
    return a;
  }
  // Key axes of width B, read and written whole; key loops over them of extent B.
  auto whole = [&](const Region& r) {
    for (const Range& rg : r.ranges) {
      if (on_chip(r.buffer) && (uses_var(rg.min, a.kb) || uses_var(rg.extent, a.kb))) {
        return false;
      }
    }
    auto it = a.tied.find(r.buffer.get());
    if (it == a.tied.end()) {
      return true;
    }
    const Range& rg = r.ranges[it->second];
    return const_value(rg.min).value_or(-1) == 0 && const_value(rg.extent).value_or(-1) == a.width;
  };
  for (const auto& [buf, axis] : a.tied) {
    if (const_value(buf->shape[axis]).value_or(-1) != a.width) {
      fail("buffer '" + buf->name + "' is not one key block wide");
    }
  }
  post_order_visit(loop->body, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kCopy: {
        const auto* c = static_cast<const Copy*>(n);
        if (!whole(c->src) || !whole(c->dst)) {
          fail("a copy covers part of a key block");
        }
        break;
      }
      case NodeKind::kGemm: {
        const auto* g = static_cast<const Gemm*>(n);
        if (!whole(g->a) || !whole(g->b) || !whole(g->c)) {
          fail("a T.gemm covers part of a key block");
        }
        break;
      }
      case NodeKind::kReduce: {
        const auto* r = static_cast<const Reduce*>(n);
        auto it = a.tied.find(r->src.buffer.get());
        if (!whole(r->src) || (it != a.tied.end() && it->second != static_cast<size_t>(r->dim)) ||
            a.tied.count(r->dst.buffer.get())) {
          fail("a reduction keeps the key axis");
        }
        break;
      }
      case NodeKind::kFill:
        if (!whole(static_cast<const Fill*>(n)->dst)) {
          fail("a fill covers part of a key block");
        }
        break;
      case NodeKind::kFor: {
        const auto* l = static_cast<const For*>(n);
        if (a.col_vars.count(l->var.get()) && (const_value(l->min).value_or(-1) != 0 ||
                                               const_value(l->extent).value_or(-1) != a.width)) {
          fail("a loop over keys does not cover one key block");
        }
        if (uses_var(l->extent, a.kb) || uses_var(l->min, a.kb)) {
          fail("a loop's range depends on the loop variable");
        }
        break;
      }
      case NodeKind::kBufferStore: {
        const auto* s = static_cast<const BufferStore*>(n);
        std::vector<Expr> idx = s->indices;
        if (!key_uses_ok(BufferLoad::make(s->buffer, idx), a) || !key_uses_ok(s->value, a)) {
          fail("the loop variable or a key index is used other than as `kb * B + j`");
        }
        break;
      }
      case NodeKind::kLetStmt:
        if (uses_var(static_cast<const LetStmt*>(n)->value, a.kb)) {
          fail("a scalar is computed from the loop variable");
        }
        break;
      case NodeKind::kIfThenElse:
      case NodeKind::kWhile:
      case NodeKind::kEvaluate:
      case NodeKind::kAtomicAdd:
        fail("the loop body has a branch, a call or an atomic update");
        break;
      default:
        break;
    }
  });
  // The key blocks are the loop's own: nothing outside it reads or writes them.
  std::vector<Stmt> rest;
  outside(launch->body, loop, rest);
  for (const Stmt& s : rest) {
    for (const BufferNode* b : buffers_in(s)) {
      if (a.tied.count(b)) {
        fail("buffer '" + b->name + "' holds keys and is used outside the loop");
      }
    }
  }
  if (a.why_not.empty()) {
    check_online_softmax(a);
  }
  return a;
}

}  // namespace tltt::passes
