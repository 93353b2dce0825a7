// Rewriting traversal: override visit(const Node*) returning the replacement and write
// `using Mutator::visit;`. Defaults recurse and return the *original* node when no child changed,
// so `result.same_as(input)` detects "unchanged".
#pragma once
#include "ir/ir.h"

namespace tltt::ir {

class Mutator {
 public:
  virtual ~Mutator() = default;
  Expr mutate(const Expr& e);
  Stmt mutate(const Stmt& s);
  // Applies the mutator to a function body (the same PrimFunc value when unchanged).
  PrimFunc mutate(const PrimFunc& f);

  // Ranges and buffer are mutated; returns `r` itself (same refs) when nothing changed.
  virtual Region mutate_region(const Region& r);
  // Called at every buffer reference or allocation; override to substitute buffers.
  virtual Buffer mutate_buffer(const Buffer& b) { return b; }

#define TLTT_IR_EXPR(Name) virtual Expr visit(const Name* op);
#define TLTT_IR_STMT(Name) virtual Stmt visit(const Name* op);
#include "ir/ir_nodes.def"

 protected:
  // Mutates every element; sets *changed when any differs.
  std::vector<Expr> mutate_all(const std::vector<Expr>& v, bool* changed);
  bool region_changed(const Region& a, const Region& b) const;
};

}  // namespace tltt::ir
