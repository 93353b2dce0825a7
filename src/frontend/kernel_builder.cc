// KernelBuilder: turns a flat list of statements, allocations and lets into nested IR.
#include "frontend/kernel_builder.h"

namespace tltt::fe {

ir::Stmt KernelBuilder::close(const Location& loc) {
  std::vector<Item> items = std::move(frames_.back());
  frames_.pop_back();
  std::vector<ir::Stmt> tail;
  auto seal = [&](const Location& l) -> ir::Stmt {
    if (tail.empty()) {
      return ir::SeqStmt::make({}, l);  // an empty body, which every pass already accepts
    }
    std::vector<ir::Stmt> in_order(tail.rbegin(), tail.rend());
    Location first = in_order.front().loc();
    return ir::SeqStmt::make(std::move(in_order), first);
  };
  for (auto it = items.rbegin(); it != items.rend(); ++it) {
    switch (it->kind) {
      case Item::kStmt:
        tail.push_back(it->stmt);
        break;
      case Item::kAlloc: {
        ir::Stmt body = seal(it->loc);
        tail.clear();
        tail.push_back(ir::Allocate::make(it->buffer, body, it->loc));
        break;
      }
      case Item::kView: {
        ir::Stmt body = seal(it->loc);
        tail.clear();
        tail.push_back(ir::BufferView::make(it->buffer, it->source, it->construct, body, it->loc));
        break;
      }
      case Item::kLet: {
        ir::Stmt body = seal(it->loc);
        tail.clear();
        tail.push_back(ir::LetStmt::make(it->var, it->value, body, it->loc));
        break;
      }
    }
  }
  return seal(loc);
}

}  // namespace tltt::fe
