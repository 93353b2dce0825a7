// Collects the IR statements of a kernel body while the interpreter walks it. Allocations and
// let-bindings open a scope that extends to the end of the enclosing block.
#pragma once
#include <vector>

#include "ir/ir.h"

namespace tltt::fe {

class KernelBuilder {
 public:
  void open() { frames_.emplace_back(); }
  // Closes the innermost block and returns its statement (Evaluate(0) when empty).
  ir::Stmt close(const Location& loc);
  void emit(ir::Stmt s) { frames_.back().push_back({Item::kStmt, std::move(s), {}, {}, {}, {}}); }
  void alloc(ir::Buffer b, const Location& loc) {
    frames_.back().push_back({Item::kAlloc, {}, std::move(b), {}, {}, loc});
  }
  void let(ir::Var v, ir::Expr value, const Location& loc) {
    frames_.back().push_back({Item::kLet, {}, {}, std::move(v), std::move(value), loc});
  }
  int launch_depth = 0;

 private:
  struct Item {
    enum Kind { kStmt, kAlloc, kLet } kind;
    ir::Stmt stmt;
    ir::Buffer buffer;
    ir::Var var;
    ir::Expr value;
    Location loc;
  };
  std::vector<std::vector<Item>> frames_;
};

}  // namespace tltt::fe
