// C4: compute's CB pops, placed by the liveness of CB values (see compute_pops.h, cb_liveness.h).
#include "passes/compute_pops.h"

#include <fmt/format.h>

#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/cb_liveness.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/writer_holds.h"

namespace tltt::passes {

using namespace ir;

namespace {

// Explains each pop insert_compute_pops placed, from where it stands: right after the op that
// reads the value last, as a wait + pop right after a write nothing reads, after a loop (the
// value stayed resident across its iterations) or guarded at the top of a loop body (each
// iteration drops the previous one's value).
class ExplainPops : public Visitor {
 public:
  using Visitor::visit;
  PassContext* ctx = nullptr;

  void visit(const SeqStmt* op) override {
    const Stmt* anchor = nullptr;  // the last statement that is not part of a pop
    const Call* wait = nullptr;    // a cb_wait_front just before: the pop drops an unread value
    for (const Stmt& s : op->stmts) {
      const Call* c = as_call_stmt(s);
      if (is_tt_op(c, TtOp::kCbWaitFront)) {
        wait = c;
        continue;
      }
      if (is_tt_op(c, TtOp::kCbPopFront) && anchor) {
        explain(c, *anchor, wait != nullptr);
      } else if (const Call* d = discarded(s)) {
        // Without an op before it: the reads of an op C4 skips (see the drained-write remark).
        if (anchor) {
          explain(d, *anchor, true);
        }
      } else if (const IfThenElse* i = s.as<IfThenElse>(); i && discarded(i->then_case)) {
        ctx->remark(i->loc, "pop") << fmt::format(
            "CB '{}': from the second iteration on, the previous iteration's value is dropped at "
            "the top of the loop (only the code after the loop reads the last one)",
            cb_name(discarded(i->then_case)));
      } else {
        anchor = &s;
        visit(s);
      }
      wait = nullptr;
    }
  }

 private:
  // The pop of a `cb_wait_front; cb_pop_front` pair (a value dropped unread), else nullptr.
  static const Call* discarded(const Stmt& s) {
    const SeqStmt* seq = s.as<SeqStmt>();
    if (!seq || seq->stmts.size() != 2) {
      return nullptr;
    }
    const Call* wait = as_call_stmt(seq->stmts[0]);
    const Call* pop = as_call_stmt(seq->stmts[1]);
    return is_tt_op(wait, TtOp::kCbWaitFront) && is_tt_op(pop, TtOp::kCbPopFront) ? pop : nullptr;
  }
  static std::string cb_name(const Call* pop) { return tt::CbPopFront::cb(pop)->name; }

  void explain(const Call* pop, const Stmt& prev, bool unread) {
    std::string cb = cb_name(pop);
    if (prev.as<For>()) {
      ctx->remark(pop->loc, "pop") << fmt::format(
          "CB '{}' stays resident across the loop's iterations (loop-carried or loop-invariant) "
          "and is popped after the loop",
          cb);
      return;
    }
    const Call* op = as_call_stmt(prev);
    std::string name = op ? op->name : "the statement before";
    ctx->remark(pop->loc, "pop") << (unread ? fmt::format("CB '{}': nothing reads the value {} "
                                                          "writes, so compute waits for it and "
                                                          "pops it right away",
                                                          cb, name)
                                            : fmt::format("CB '{}' is popped after {}, its last "
                                                          "read of the value",
                                                          cb, name));
  }
};

}  // namespace

Module compute_pops(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::vector<const Call*> moved;
    f.body = sink_drained_writes(f.body, &moved);
    for (const Call* c : moved) {
      ctx.remark(c->loc, "drained-write") << fmt::format(
          "'{}': an `if` after this overwrites or copies out the value on some of its paths "
          "only, and the writer copies out every value pushed, so it is computed at the start "
          "of each branch instead (dropped where the branch overwrites it)",
          compute_write(c)->name);
    }
    // A value read before anything wrote it would be waited for forever (no kernel pushes it):
    // the program would deadlock on the device, so it is an error here.
    for (const CbReadBeforeWrite& r : cb_reads_before_write(f.body)) {
      auto err = ctx.error(r.read->loc);
      err << fmt::format(
          "on-chip buffer '{}' is read here before anything writes it (on the first iteration "
          "of a loop, the first block of a core or a branch that skips its write): its value is "
          "undefined and the device program would wait for it forever; give it a value before "
          "this read (T.copy, T.fill or T.clear)",
          r.buffer->name);
      err.note(r.buffer->loc, "allocated here");
      if (r.first_write) {
        err.note(r.first_write->loc, "first written here, after the read");
      }
    }
    if (ctx.failed()) {
      return out;
    }
    std::vector<DrainedWrite> drained;
    f.body = insert_compute_pops(f.body, &drained);
    for (const DrainedWrite& d : drained) {
      std::string cb = compute_write(d.op)->name;
      if (d.kind == DrainedWrite::kUnsupported) {
        ctx.error(d.op->loc) << fmt::format(
            "the value this writes to '{}' is copied out only after the loop, but a branch "
            "inside the loop decides whether it is written: the writer would copy out a value "
            "of an earlier iteration; write it unconditionally (e.g. with T.if_then_else) or "
            "copy it out in the loop",
            cb);
      } else if (d.kind == DrainedWrite::kDropped) {
        ctx.remark(d.op->loc, "drained-write") << fmt::format(
            "'{}': nothing copies out the value this writes (it is overwritten first), so it is "
            "not computed: the writer would take it for the next value",
            cb);
      } else {
        ctx.remark(d.op->loc, "drained-write") << fmt::format(
            "'{}': only the code after the loop copies out the value this writes, so it is "
            "computed in the loop's last iteration only",
            cb);
      }
    }
    if (ctx.failed()) {
      return out;
    }
    // Copies out, at every step of a loop, of a block produced once before it: one push, so the
    // writer keeps the block at the CB's front through the loop and pops it after (D3).
    std::vector<const Call*> held;
    f.body = mark_writer_holds(f.body, &held);
    for (const Call* c : held) {
      ctx.remark(c->loc, "held-write") << fmt::format(
          "'{}' is produced once before the loop around this copy out: the writer waits for it "
          "at every step, keeps it at the CB's front and pops it once after the loop (also when "
          "the loop runs no step)",
          tt::WriteTiles::cb(c)->name);
    }
    if (ctx.remarks_enabled()) {
      ExplainPops explain;
      explain.ctx = &ctx;
      explain.visit(f.body);
    }
  }
  return out;
}

}  // namespace tltt::passes
