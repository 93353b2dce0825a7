// The backward liveness walk over CB values that C4 (compute pops) and C2a (CB sharing) share
// (see cb_liveness.h), and the pops it places.
#include "passes/cb_liveness.h"

#include <algorithm>
#include <tuple>

#include "ir/tt_ops.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

void backward_cb_liveness(const Stmt& s, CbLive& live,
                          const std::function<void(const Call*, CbLive&)>& transfer) {
  if (const SeqStmt* op = s.as<SeqStmt>()) {
    for (size_t i = op->stmts.size(); i-- > 0;) {
      backward_cb_liveness(op->stmts[i], live, transfer);
    }
  } else if (const Allocate* op = s.as<Allocate>()) {
    backward_cb_liveness(op->body, live, transfer);
  } else if (const LetStmt* op = s.as<LetStmt>()) {
    backward_cb_liveness(op->body, live, transfer);
  } else if (const IfThenElse* op = s.as<IfThenElse>()) {
    CbLive a = live, b = live;
    backward_cb_liveness(op->then_case, a, transfer);
    if (op->else_case.defined()) {
      backward_cb_liveness(op->else_case, b, transfer);
    }
    live = a;
    live.insert(b.begin(), b.end());
  } else if (const For* op = s.as<For>()) {
    CbLive after = live, end = live, top;
    while (true) {
      top = end;
      backward_cb_liveness(op->body, top, transfer);
      CbLive next = after;
      next.insert(top.begin(), top.end());
      if (next == end) {
        break;
      }
      end = next;
    }
    live = top;  // loops run at least once
  } else if (const Call* c = as_call_stmt(s)) {
    transfer(c, live);
  }
}

std::vector<const BufferNode*> cb_ordered(const CbLive& set) {
  std::vector<const BufferNode*> v(set.begin(), set.end());
  std::sort(v.begin(), v.end(), [](const BufferNode* a, const BufferNode* b) {
    return std::tie(a->loc.line, a->loc.col, a->name) < std::tie(b->loc.line, b->loc.col, b->name);
  });
  return v;
}

Stmt cb_discard(const Buffer& b, const Location& loc) {
  Expr n = cint(buffer_tiles(b), loc);
  return seq({tt_call_stmt(TtOp::kCbWaitFront, {buffer_ref(b, loc), n}, {}, loc),
              tt_call_stmt(TtOp::kCbPopFront, {buffer_ref(b, loc), n}, {}, loc)},
             loc);
}

Stmt cb_pop(const Buffer& b, const Location& loc) {
  return tt_call_stmt(TtOp::kCbPopFront, {buffer_ref(b, loc), cint(buffer_tiles(b), loc)}, {}, loc);
}

}  // namespace tltt::passes
