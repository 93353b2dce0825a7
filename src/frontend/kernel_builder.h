// Collects the IR statements of a kernel body while the interpreter walks it. Allocations and
// let-bindings (and buffer views) open a scope that extends to the end of the enclosing block.
#pragma once
#include <string>
#include <vector>

#include "ir/ir.h"

namespace tltt::fe {

class KernelBuilder {
 public:
  void open() { frames_.emplace_back(); }
  // Closes the innermost block and returns its statement (Evaluate(0) when empty).
  ir::Stmt close(const Location& loc);
  void emit(ir::Stmt s) { frames_.back().push_back({Item::kStmt, std::move(s)}); }
  void alloc(ir::Buffer b, const Location& loc) {
    frames_.back().push_back({Item::kAlloc, {}, std::move(b), {}, {}, loc});
  }
  void let(ir::Var v, ir::Expr value, const Location& loc) {
    frames_.back().push_back({Item::kLet, {}, {}, std::move(v), std::move(value), loc});
  }
  // `view` names the memory of `source` (a BufferView) until the end of the block.
  void view(ir::Buffer view, ir::Buffer source, std::string construct, const Location& loc) {
    frames_.back().push_back(
        {Item::kView, {}, std::move(view), {}, {}, loc, std::move(source), std::move(construct)});
  }
  int launch_depth = 0;

 private:
  struct Item {
    enum Kind { kStmt, kAlloc, kLet, kView } kind;
    ir::Stmt stmt;
    ir::Buffer buffer;
    ir::Var var;
    ir::Expr value;
    Location loc;
    ir::Buffer source;      // kView
    std::string construct;  // kView
  };
  std::vector<std::vector<Item>> frames_;
};

}  // namespace tltt::fe
