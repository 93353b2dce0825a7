// The backward liveness walk over CB values that C4 (compute pops) and C2a (CB sharing) share
// (see cb_liveness.h).
#include "passes/cb_liveness.h"
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

}  // namespace tltt::passes
