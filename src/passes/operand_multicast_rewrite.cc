// D8's rewrite of the reader (operand_multicast_rewrite.h). A sender that reads a whole step
// before multicasting it puts its DRAM reads and its multicast one after the other on its
// critical path (n150 2048^3, 256x256x256 blocks: the first step's A and B reach the receivers
// ~17k cycles after the start, 10k of it the sender's reads); multicast row by row, each row's
// multicast overlaps the next row's reads.
#include "passes/operand_multicast_rewrite.h"

#include <set>

#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/gemm_k_slices.h"
#include "passes/operand_multicast.h"
#include "passes/pass_util.h"

namespace tltt::passes::mcast {

using namespace ir;

namespace {

// A statement of tile reads into the CB slot at `p` and nothing else (a whole transfer).
bool reads_into(const Stmt& s, const Variable* p) {
  bool reads = false, other = false;
  post_order_visit(s, [&](const Node* n) {
    if (n->kind == NodeKind::kCall) {
      const auto* c = static_cast<const Call*>(n);
      bool read = is_tt_op(c, TtOp::kNocAsyncReadTile);
      reads |= read && vars_in(tt::NocAsyncReadTile::l1_addr(c)).count(p);
      other |= !read;
    }
  });
  return reads && !other;
}

}  // namespace

Stmt Rewrite::run(const Stmt& s) {
  for (Frame& f : frames_) {
    if (reads_into(s, f.ptr)) {
      Stmt reads = by_rows(f, s);
      return IfThenElse::make(cmp(CompareOp::kNE, arg(f, RuntimeArgKind::kMcastSender), cint(0)),
                              reads.defined() ? reads : s, ready(f, s->loc), s->loc);
    }
  }
  if (const SeqStmt* q = s.as<SeqStmt>()) {
    return sequence(q->stmts, s->loc);
  }
  if (const LetStmt* l = s.as<LetStmt>()) {
    return LetStmt::make(l->var, l->value, run(l->body), s->loc);
  }
  if (const For* f = s.as<For>()) {
    return For::make(f->var, f->min, f->extent, f->for_kind, run(f->body), f->num_stages, f->attrs,
                     s->loc);
  }
  if (const Allocate* a = s.as<Allocate>()) {
    return Allocate::make(a->buffer, run(a->body), s->loc);
  }
  if (const Call* push = as_call_stmt(s); is_tt_op(push, TtOp::kCbPushBack)) {
    int64_t cb = tt::CbPushBack::cb(push)->attrs.get_int(kCbIndexAttr, -1);
    for (const Frame& f : frames_) {
      if (f.slice_pages > 0 && f.op->cb == cb) {
        return seq({}, s->loc);  // pushed slice by slice (sender) or on each count (receivers)
      }
    }
    return s;
  }
  if (tt_op_of_stmt(s) == TtOp::kNocAsyncReadBarrier) {
    std::vector<Stmt> out = {s};
    for (Frame& f : frames_) {
      if (!f.done) {
        out.push_back(complete(f, s->loc));
        f.done = true;
      }
    }
    return seq(out, s->loc);
  }
  return s;
}

Stmt Rewrite::sequence(const std::vector<Stmt>& stmts, Location loc) {
  std::vector<Stmt> out;
  for (size_t i = 0; i < stmts.size(); ++i) {
    const Call* open = as_call_stmt(stmts[i]);
    const LetStmt* let = i + 1 < stmts.size() ? stmts[i + 1].as<LetStmt>() : nullptr;
    if (is_tt_op(open, TtOp::kCbReserveBack) && let) {
      int64_t cb = tt::CbReserveBack::cb(open)->attrs.get_int(kCbIndexAttr, -1);
      if (mcast.count(cb)) {
        frames_.push_back(
            {mcast[cb], let->var.get(), *const_value(tt::CbReserveBack::pages(open))});
        frames_.back().cb = buffer_ref(tt::CbReserveBack::cb(open), open->loc);
        ++opened;
        Stmt body = run(let->body);
        completed += frames_.back().done;
        frames_.pop_back();
        out.push_back(stmts[i]);
        out.push_back(LetStmt::make(let->var, let->value, body, let->loc));
        ++i;
        continue;
      }
    }
    out.push_back(run(stmts[i]));
  }
  return seq(out, loc);
}

// The transfer `reads` multicast row by row, or undefined when it is not a loop whose
// iteration i fills pages [i * row, (i + 1) * row) of the slot: after each row's reads the
// sender waits for them alone and multicasts the row without waiting for it (the first row
// after the receivers' room).
Stmt Rewrite::by_rows(Frame& f, const Stmt& reads) {
  const For* loop = reads.as<For>();
  auto mn = loop ? const_value(loop->min) : std::nullopt;
  auto rows = loop ? const_value(loop->extent) : std::nullopt;
  if (!mn || *mn != 0 || !rows || *rows < 2 || f.tiles % *rows != 0) {
    return {};
  }
  const int64_t pg = page[f.op->cb], row = f.tiles / *rows * pg;
  const int64_t r = loop->attrs.get_int(keys::kSliceRows, 0);
  const bool sliced = sliced_rows && r > 0 && r < *rows && *rows % r == 0;
  if (row < min_row_bytes && !sliced) {
    return {};
  }
  VarRanges ranges;
  post_order_visit(loop->body, [&](const Node* n) {
    if (n->kind == NodeKind::kFor) {
      const For* l = static_cast<const For*>(n);
      auto a = const_value(l->min), e = const_value(l->extent);
      ranges[l->var.get()] = a && e && *e > 0 ? Interval{*a, *a + *e - 1} : Interval{0, -1};
    }
  });
  bool ok = true;
  post_order_visit(loop->body, [&](const Node* n) {
    const Call* c = n->kind == NodeKind::kCall ? static_cast<const Call*>(n) : nullptr;
    if (!is_tt_op(c, TtOp::kNocAsyncReadTile)) {
      return;
    }
    auto in_slot = affine_in(tt::NocAsyncReadTile::l1_addr(c), f.ptr);
    auto in_row =
        in_slot && in_slot->coef == 1 ? affine_in(in_slot->rest, loop->var.get()) : std::nullopt;
    auto at = in_row && in_row->coef == row ? bounds(in_row->rest, ranges) : std::nullopt;
    ok &= at && at->lo >= 0 && at->hi <= row - pg;
  });
  if (!ok) {
    return {};
  }
  f.rows = true;
  ++row_transfers;
  Location loc = reads->loc;
  Expr i = loop->var;
  Stmt wait_room = tt_call_stmt(
      TtOp::kMcastWaitRoom,
      {arg(f, RuntimeArgKind::kMcastSenderSemaphore), arg(f, RuntimeArgKind::kMcastReceivers)}, {},
      loc);
  Stmt write = tt_call_stmt(
      TtOp::kMcastWrite,
      {add(Expr(f.ptr), mul(i, cint(row))), cint(row), arg(f, RuntimeArgKind::kMcastStartX),
       arg(f, RuntimeArgKind::kMcastStartY), arg(f, RuntimeArgKind::kMcastEndX),
       arg(f, RuntimeArgKind::kMcastEndY), arg(f, RuntimeArgKind::kMcastReceivers)},
      {}, loc);
  std::vector<Stmt> stmts = {
      loop->body, tt_call_stmt(TtOp::kNocAsyncReadBarrier, {}, {}, loc),
      IfThenElse::make(cmp(CompareOp::kEQ, i, cint(0)), wait_room, Stmt(), loc), write};
  // D4a's slices: compute takes the slot `r` rows at a time, so after each slice's rows the
  // receivers' flags count it and the sender pushes it; the receivers push on each count.
  if (r > 0 && r < *rows && *rows % r == 0) {
    f.slice_pages = f.tiles / *rows * r;
    f.slices = *rows / r;
    Stmt signal = tt_call_stmt(
        TtOp::kMcastSignalCount,
        {arg(f, RuntimeArgKind::kMcastStartX), arg(f, RuntimeArgKind::kMcastStartY),
         arg(f, RuntimeArgKind::kMcastEndX), arg(f, RuntimeArgKind::kMcastEndY),
         arg(f, RuntimeArgKind::kMcastReceivers), arg(f, RuntimeArgKind::kMcastReceiverSemaphore),
         add(floordiv(i, cint(r)), cint(1))},
        {}, loc);
    Stmt push = tt_call_stmt(TtOp::kCbPushBack, {f.cb, cint(f.slice_pages)}, {}, loc);
    stmts.push_back(IfThenElse::make(cmp(CompareOp::kEQ, floormod(i, cint(r)), cint(r - 1)),
                                     seq({signal, push}, loc), Stmt(), loc));
  }
  Stmt body = seq(stmts, loc);
  return For::make(loop->var, loop->min, loop->extent, loop->for_kind, body, loop->num_stages,
                   loop->attrs, loc);
}

Expr Rewrite::arg(const Frame& f, RuntimeArgKind k) {
  return runtime_arg(multicast_arg_name(f.op->tensor, k));
}

Stmt Rewrite::ready(const Frame& f, Location loc) {
  return tt_call_stmt(TtOp::kMcastReady,
                      {arg(f, RuntimeArgKind::kMcastSenderX), arg(f, RuntimeArgKind::kMcastSenderY),
                       arg(f, RuntimeArgKind::kMcastSenderSemaphore),
                       arg(f, RuntimeArgKind::kMcastReceiverSemaphore)},
                      {}, loc);
}

Stmt Rewrite::complete(const Frame& f, Location loc) {
  if (f.slice_pages > 0) {
    // The sender signalled and pushed each slice; a receiver pushes each as its flag counts it.
    Var q = Variable::make("q", DataType::int32(), loc);
    Stmt body = seq(
        {tt_call_stmt(TtOp::kMcastReceiveCount,
                      {arg(f, RuntimeArgKind::kMcastReceiverSemaphore), add(q, cint(1))}, {}, loc),
         tt_call_stmt(TtOp::kCbPushBack, {f.cb, cint(f.slice_pages)}, {}, loc)},
        loc);
    Stmt receive = For::make(q, cint(0), cint(f.slices), ForKind::kSerial, body, 0, {}, loc);
    return IfThenElse::make(cmp(CompareOp::kEQ, arg(f, RuntimeArgKind::kMcastSender), cint(0)),
                            receive, Stmt(), loc);
  }
  Stmt send;
  if (f.rows) {
    send = tt_call_stmt(
        TtOp::kMcastSignal,
        {arg(f, RuntimeArgKind::kMcastStartX), arg(f, RuntimeArgKind::kMcastStartY),
         arg(f, RuntimeArgKind::kMcastEndX), arg(f, RuntimeArgKind::kMcastEndY),
         arg(f, RuntimeArgKind::kMcastReceivers), arg(f, RuntimeArgKind::kMcastReceiverSemaphore)},
        {}, loc);
  } else {
    send = tt_call_stmt(
        TtOp::kMcastSend,
        {Expr(f.ptr), cint(f.tiles * page[f.op->cb]), arg(f, RuntimeArgKind::kMcastStartX),
         arg(f, RuntimeArgKind::kMcastStartY), arg(f, RuntimeArgKind::kMcastEndX),
         arg(f, RuntimeArgKind::kMcastEndY), arg(f, RuntimeArgKind::kMcastReceivers),
         arg(f, RuntimeArgKind::kMcastSenderSemaphore),
         arg(f, RuntimeArgKind::kMcastReceiverSemaphore)},
        {}, loc);
  }
  Stmt receive =
      tt_call_stmt(TtOp::kMcastReceive, {arg(f, RuntimeArgKind::kMcastReceiverSemaphore)}, {}, loc);
  return IfThenElse::make(cmp(CompareOp::kNE, arg(f, RuntimeArgKind::kMcastSender), cint(0)), send,
                          receive, loc);
}

}  // namespace tltt::passes::mcast
