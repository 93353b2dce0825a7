// Variable substitution (substitute.h) as one Mutator.
#include "ir/substitute.h"

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

}  // namespace tltt::ir
