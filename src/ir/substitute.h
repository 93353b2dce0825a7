// Variable substitution, the rewrite many passes share: a loop variable replaced by an
// expression of another, lets inlined, kernel scalars bound to the runtime arguments they arrive
// in.
#pragma once
#include <map>

#include "ir/ir.h"

namespace tltt::ir {

// Each variable of the map is replaced by its value; the result is not simplified, and bindings
// (loops, lets) of the variables in the map are left as they are.
using VarMap = std::map<const Variable*, Expr>;

Expr substitute(const Expr& e, const VarMap& values);
Stmt substitute(const Stmt& s, const VarMap& values);
Region substitute(const Region& r, const VarMap& values);

// A copy of `s` to place beside the original: the variables of the map replaced, and every loop
// and let variable bound inside `s` given a fresh twin, so the two copies bind no variable twice.
Stmt substitute_fresh(const Stmt& s, VarMap values);

}  // namespace tltt::ir
