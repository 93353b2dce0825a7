// Names the construct that stops a T.Parallel nest (see parallel_forms.h), decided from the
// nest's structure: loops inside it, tensor loads and how their indices use the nest's
// variables, and `if` statements.
#include "passes/parallel_forms.h"

#include <fmt/format.h>

#include <functional>
#include <set>
#include <vector>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

std::optional<ParallelForm> unsupported_parallel_form(const For* outer) {
  std::vector<const For*> nest = parallel_nest(outer);
  const Stmt& body = nest.back()->body;
  auto uses_nest = [&](const Expr& e) {
    for (const For* f : nest) {
      if (uses_var(e, f->var.get())) {
        return true;
      }
    }
    return false;
  };
  auto at = [&](const Location& l) { return l.known() ? l : outer->loc; };
  std::optional<ParallelForm> found;
  auto note = [&](const Location& l, std::string what) {
    if (!found) {
      found = ParallelForm{at(l), std::move(what)};
    }
  };
  // A condition anywhere in the nest: an `if` (B3 may have made its stores selects) or a
  // T.if_then_else. Its loads are visited before it, so this is decided first.
  bool in_if = false;
  post_order_visit(body, [&](const Node* n) {
    in_if |= n->kind == NodeKind::kIfThenElse || n->kind == NodeKind::kSelect;
  });
  post_order_visit(body, [&](const Node* n) {
    switch (n->kind) {
      case NodeKind::kFor: {
        const For* f = static_cast<const For*>(n);
        note(f->loc, fmt::format("a loop over '{}' inside a T.Parallel nest (each element "
                                 "computed by its own serial loop; write a sum of products as "
                                 "T.gemm, other reductions as T.reduce_*)",
                                 f->var->name));
        break;
      }
      case NodeKind::kBufferLoad: {
        const BufferLoad* l = static_cast<const BufferLoad*>(n);
        if (l->buffer->scope != MemScope::kGlobal) {
          break;
        }
        bool uses = false;
        for (const Expr& i : l->indices) {
          uses |= uses_nest(i);
        }
        if (!uses) {
          note(l->loc, fmt::format("element '{}' of tensor '{}' read as one scalar for every "
                                   "element of a T.Parallel nest (a value known only at run "
                                   "time, broadcast)",
                                   print(Expr(l)), l->buffer->name));
        }
        break;
      }
      default:
        break;
    }
  });
  if (found) {
    return found;
  }
  // Tensor loads that are not a whole-block copy: under a condition, or inside an expression.
  post_order_visit(body, [&](const Node* n) {
    if (n->kind != NodeKind::kBufferLoad) {
      return;
    }
    const BufferLoad* l = static_cast<const BufferLoad*>(n);
    if (l->buffer->scope == MemScope::kGlobal) {
      note(l->loc,
           fmt::format("a load of tensor '{}' ('{}') {} (tensors are read by whole-tile "
                       "copies: `block[i, j] = T[base_i + i, base_j + j]` or T.copy)",
                       l->buffer->name, print(Expr(l)),
                       in_if ? "under a condition (`if` or T.if_then_else) in a T.Parallel nest"
                             : "inside an expression of a T.Parallel nest over on-chip "
                               "blocks"));
    }
  });
  if (found) {
    return found;
  }
  // Stores to tensors that are not a whole-tile copy (a transposed write, a gather).
  post_order_visit(body, [&](const Node* n) {
    const BufferStore* st =
        n->kind == NodeKind::kBufferStore ? static_cast<const BufferStore*>(n) : nullptr;
    if (st && st->buffer->scope == MemScope::kGlobal) {
      std::string idx;
      for (size_t d = 0; d < st->indices.size(); ++d) {
        idx += (d ? ", " : "") + print(st->indices[d]);
      }
      note(st->loc, fmt::format("a store to tensor '{}' at [{}] in a T.Parallel nest "
                                "(tensors are written by whole-tile copies `T[base_i + i, base_j "
                                "+ j] = block[i, j]`, the nest's variables in order, or T.copy)",
                                st->buffer->name, idx));
    }
  });
  if (found) {
    return found;
  }
  if (const IfThenElse* ite = body.as<IfThenElse>()) {
    return ParallelForm{at(ite->loc),
                        fmt::format("an `if` on '{}' in a T.Parallel nest (supported: element "
                                    "stores to on-chip blocks under a position mask or a "
                                    "condition on element values, whose stored values read no "
                                    "other element of a block the `if` stores, e.g. `if i < j: "
                                    "a[i, j] = 0`)",
                                    print(ite->cond))};
  }
  return std::nullopt;
}

std::set<const IfThenElse*> element_branches(const Stmt& body) {
  std::set<const IfThenElse*> out;
  // Element stores to on-chip blocks, or `if`s of them (an `elif` chain), which are added too.
  std::function<bool(const Stmt&)> element_stores = [&](const Stmt& s) {
    if (!s.defined()) {
      return true;
    }
    std::vector<Stmt> stmts = s.as<SeqStmt>() ? s.as<SeqStmt>()->stmts : std::vector<Stmt>{s};
    for (const Stmt& x : stmts) {
      const BufferStore* st = x.as<BufferStore>();
      const IfThenElse* ite = x.as<IfThenElse>();
      if (ite && element_stores(ite->then_case) && element_stores(ite->else_case)) {
        out.insert(ite);
      } else if (!st || st->buffer->scope == MemScope::kGlobal) {
        return false;
      }
    }
    return true;
  };
  post_order_visit(body, [&](const Node* n) {
    const For* f = n->kind == NodeKind::kFor ? static_cast<const For*>(n) : nullptr;
    if (!f || f->for_kind != ForKind::kParallel) {
      return;
    }
    const Stmt& inner = parallel_nest(f).back()->body;
    std::vector<Stmt> stmts =
        inner.as<SeqStmt>() ? inner.as<SeqStmt>()->stmts : std::vector<Stmt>{inner};
    for (const Stmt& s : stmts) {
      const IfThenElse* ite = s.as<IfThenElse>();
      if (ite && element_stores(ite->then_case) && element_stores(ite->else_case)) {
        out.insert(ite);
      }
    }
  });
  return out;
}

}  // namespace tltt::passes
