// Growing trip counts under B0a's grouping (reuse_blocks_causal.h): the masked extra iterations
// of the blocks whose own trip count is smaller than their group's.
#include "passes/reuse_blocks_causal.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "ir/mutator.h"
#include "ir/substitute.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

Expr subst(const Expr& e, const VarMap& values) { return simplify(substitute(e, values)); }

// The T.Parallel store masking a tied block to -inf in `body`, with its column loop's extent.
struct Mask {
  const BufferStore* store = nullptr;
  const Compare* cond = nullptr;
  int64_t cols = 0;
};

Mask find_mask(const Stmt& body, const RowAnalysis& a) {
  Mask out;
  std::map<const Variable*, int64_t> extents;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kFor) {
      const auto* l = static_cast<const For*>(n);
      extents[l->var.get()] = const_value(l->extent).value_or(0);
    }
  });
  bool touched = false;  // S referenced before the mask
  post_order_visit(body, [&](const Node* n) {
    if (out.store || touched) {
      return;
    }
    if (n->kind != NodeKind::kBufferStore) {
      return;
    }
    const auto* s = static_cast<const BufferStore*>(n);
    const auto* sel = s->value.as<Select>();
    auto f = sel ? const_float(sel->false_value) : std::nullopt;
    if (!a.tied.count(s->buffer.get()) || !sel || !f || !std::isinf(*f) || *f > 0 ||
        s->indices.size() != 2 || !sel->cond.as<Compare>()) {
      return;
    }
    const auto* j = s->indices[1].as<Variable>();
    if (!j || extents[j] != const_value(s->buffer->shape[1]).value_or(-1)) {
      return;
    }
    out = {s, sel->cond.as<Compare>(), extents[j]};
  });
  if (!out.store) {
    return out;
  }
  // Nothing before the mask touches S, and S is only accumulated into by T.gemm.
  bool before = true;
  const BufferNode* S = out.store->buffer.get();
  post_order_visit(body, [&](const Node* n) {
    if (n == out.store) {
      before = false;
    }
    bool uses = false;
    if (n->kind == NodeKind::kCopy) {
      const auto* c = static_cast<const Copy*>(n);
      uses = c->src.buffer.get() == S || c->dst.buffer.get() == S;
    } else if (n->kind == NodeKind::kGemm) {
      const auto* g = static_cast<const Gemm*>(n);
      uses = g->a.buffer.get() == S || g->b.buffer.get() == S || g->c.buffer.get() == S;
      if (g->c.buffer.get() == S && g->clear_accum) {
        out.store = nullptr;
      }
    } else if (n->kind == NodeKind::kReduce) {
      const auto* r = static_cast<const Reduce*>(n);
      uses = r->src.buffer.get() == S || r->dst.buffer.get() == S;
    } else if (n->kind == NodeKind::kFill) {
      uses = static_cast<const Fill*>(n)->dst.buffer.get() == S;
    } else if (n->kind == NodeKind::kBufferStore && n != out.store) {
      const auto* s = static_cast<const BufferStore*>(n);
      uses = s->buffer.get() == S;
      map_loads(s->value, [&](const BufferLoad* l) {
        uses = uses || l->buffer.get() == S;
        return Expr(l);
      });
    }
    if (uses && before) {
      out.store = nullptr;
    }
  });
  return out;
}

}  // namespace

void find_bound_scalars(const Stmt& body, RowAnalysis& a) {
  auto fail = [&](const char* why) {
    if (a.why_not.empty()) {
      a.why_not = why;
    }
  };
  const Variable* b = a.b;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kLetStmt) {
      const auto* l = static_cast<const LetStmt*>(n);
      if (uses_var(l->value, b)) {
        a.bound_lets[l->var.get()] = l->value;
      }
    }
  });
  post_order_visit(body, [&](const Node* n) {
    auto uses_let = [&](const Expr& e) {
      for (const auto& [v, value] : a.bound_lets) {
        if (uses_var(e, v)) {
          return true;
        }
      }
      return false;
    };
    if (n->kind == NodeKind::kBufferStore) {
      const auto* s = static_cast<const BufferStore*>(n);
      bool bad = uses_let(s->value);
      for (const Expr& i : s->indices) {
        bad = bad || uses_let(i);
      }
      if (bad) {
        fail("a scalar computed from it is used other than as a loop's trip count");
      }
    } else if (n->kind == NodeKind::kIfThenElse &&
               uses_let(static_cast<const IfThenElse*>(n)->cond)) {
      fail("a scalar computed from it is used other than as a loop's trip count");
    }
  });
}

std::optional<std::vector<int64_t>> loop_trips(const RowAnalysis& a, const For* l, int64_t extent) {
  Expr count = subst(l->extent, {a.bound_lets.begin(), a.bound_lets.end()});
  std::vector<int64_t> trips;
  for (int64_t k = 0; k < extent; ++k) {
    auto n = const_value(subst(count, {{a.b, cint(k)}}));
    if (!n) {
      return std::nullopt;
    }
    trips.push_back(*n);
  }
  return trips;
}

std::vector<int64_t> block_work(const RowAnalysis& a, int64_t extent) {
  std::vector<int64_t> work(extent, 1);
  for (const For* l : a.growing) {
    if (auto trips = loop_trips(a, l, extent)) {
      for (int64_t k = 0; k < extent; ++k) {
        work[k] *= std::max<int64_t>(1, (*trips)[k]);
      }
    }
  }
  return work;
}

std::string check_growing_loops(const RowAnalysis& a, int64_t extent, int64_t group) {
  for (const For* l : a.growing) {
    auto counted = loop_trips(a, l, extent);
    if (!counted) {
      return "a trip count that depends on it is not a constant for each block";
    }
    const std::vector<int64_t>& trips = *counted;
    for (size_t k = 1; k < trips.size(); ++k) {
      if (trips[k] < trips[k - 1]) {
        return "a trip count that depends on it shrinks as it grows";
      }
    }
    Mask mask = find_mask(l->body, a);
    if (!mask.store) {
      return "a loop's trip count depends on it and its body does not start by masking the "
             "rows' scores to -inf";
    }
    const auto* row = mask.store->indices[0].as<Variable>();
    const auto* col = mask.store->indices[1].as<Variable>();
    Expr diff = sub(mask.cond->a, mask.cond->b);
    for (int64_t k = 0; k < extent; ++k) {
      int64_t last = std::min(extent - 1, k / group * group + group - 1);
      for (int64_t kb = trips[k]; kb < trips[last]; ++kb) {
        Expr d = subst(diff, {{a.b, cint(k)}, {l->var.get(), add(l->min, cint(kb))}});
        auto iv = bounds(d, {{row, {0, a.rows - 1}}, {col, {0, mask.cols - 1}}});
        bool masked = iv && ((mask.cond->op == CompareOp::kGE && iv->hi < 0) ||
                             (mask.cond->op == CompareOp::kGT && iv->hi <= 0) ||
                             (mask.cond->op == CompareOp::kLE && iv->lo > 0) ||
                             (mask.cond->op == CompareOp::kLT && iv->lo >= 0));
        if (!masked) {
          return "an iteration past a block's own trip count is not masked for all of its rows";
        }
      }
    }
  }
  return "";
}

}  // namespace tltt::passes
