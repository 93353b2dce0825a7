// Variable substitution (substitute.h): plain, and with fresh bindings for a copied body.
#include "ir/substitute.h"

#include <utility>

#include "ir/mutator.h"

namespace tltt::ir {
namespace {

class Substitute : public Mutator {
 public:
  using Mutator::visit;
  explicit Substitute(const VarMap& values) : values_(values) {}
  Expr visit(const Variable* op) override {
    auto it = values_.find(op);
    return it == values_.end() ? Expr(op) : it->second;
  }

 private:
  const VarMap& values_;
};

// Substitute, and bindings inside get fresh variables (added to the map as they are met).
class SubstituteFresh : public Mutator {
 public:
  using Mutator::visit;
  explicit SubstituteFresh(VarMap values) : values_(std::move(values)) {}
  Expr visit(const Variable* op) override {
    auto it = values_.find(op);
    return it == values_.end() ? Expr(op) : it->second;
  }
  Stmt visit(const For* op) override {
    Var v = twin(op->var);
    return For::make(v, mutate(op->min), mutate(op->extent), op->for_kind, mutate(op->body),
                     op->num_stages, op->attrs, op->loc);
  }
  Stmt visit(const LetStmt* op) override {
    Expr value = mutate(op->value);  // the let's value sees the outer binding
    Var v = twin(op->var);
    return LetStmt::make(v, value, mutate(op->body), op->loc);
  }

 private:
  Var twin(const Var& var) {
    Var v = Variable::make(var->name, var->dtype, var->loc);
    values_[var.get()] = v;
    return v;
  }
  VarMap values_;
};

}  // namespace

Expr substitute(const Expr& e, const VarMap& values) {
  return values.empty() ? e : Substitute(values).mutate(e);
}

Stmt substitute(const Stmt& s, const VarMap& values) {
  return values.empty() ? s : Substitute(values).mutate(s);
}

Region substitute(const Region& r, const VarMap& values) {
  return values.empty() ? r : Substitute(values).mutate_region(r);
}

Stmt substitute_fresh(const Stmt& s, VarMap values) {
  return SubstituteFresh(std::move(values)).mutate(s);
}

}  // namespace tltt::ir
