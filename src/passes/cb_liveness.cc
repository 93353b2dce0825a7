// Backward liveness over CB values for the compute pops (see cb_liveness.h).
#include "passes/cb_liveness.h"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

namespace {

using Live = CbLive;

class Placer {
 public:
  std::set<const BufferNode*> drained;       // consumed by the writer
  std::set<const BufferNode*> accumulators;  // tt.matmul outputs only copied out of DST
  std::vector<DrainedWrite>* report = nullptr;

  // Rewrites `s` with pops given the values live after it; leaves `live` as live before it.
  Stmt place(const Stmt& s, Live& live) {
    if (const SeqStmt* op = s.as<SeqStmt>()) {
      std::vector<Stmt> out(op->stmts.size());
      for (size_t i = op->stmts.size(); i-- > 0;) {
        out[i] = place(op->stmts[i], live);
      }
      return SeqStmt::make(out, op->loc);
    }
    if (const Allocate* op = s.as<Allocate>()) {
      return Allocate::make(op->buffer, place(op->body, live), op->loc);
    }
    if (const LetStmt* op = s.as<LetStmt>()) {
      return LetStmt::make(op->var, op->value, place(op->body, live), op->loc);
    }
    if (const IfThenElse* op = s.as<IfThenElse>()) {
      Live a = live, b = live;
      ++branch_depth_;
      Stmt t = place(op->then_case, a);
      Stmt e = op->else_case.defined() ? place(op->else_case, b) : Stmt();
      --branch_depth_;
      t = drop_on_entry(t, b, a, op->loc);
      e = drop_on_entry(e, a, b, op->loc);
      live = a;
      live.insert(b.begin(), b.end());
      return IfThenElse::make(op->cond, t, e, op->loc);
    }
    if (const For* op = s.as<For>()) {
      return place_loop(s, op, live);
    }
    const Call* c = as_call_stmt(s);
    if (!c) {
      return s;
    }
    if (!is_compute_op(c)) {
      transfer(c, live);
      return s;
    }
    Buffer w = compute_write(c);
    std::vector<Buffer> reads = distinct_reads(c);
    std::vector<Stmt> pops, skipped;  // the reads' pops; their wait + pop if the op is skipped
    bool reads_w = false;
    for (const Buffer& r : reads) {
      bool in_place = r.same_as(w);
      reads_w |= in_place;
      if (!drained.count(r.get()) && (in_place || !live.count(r.get()))) {
        pops.push_back(cb_pop(r, c->loc));
        skipped.push_back(cb_discard(r, c->loc));
      }
    }
    // The writer copies out every value compute pushes into a CB it drains, in order: a value
    // it never copies out would be taken for the next one (silently wrong output), so compute
    // must not push it. Such an op has no other effect: it is dropped when its value is dead
    // (a T.clear overwritten before any copy out) and, when only the code after a loop reads
    // it, run in the loop's last iteration alone.
    if (drained.count(w.get()) && !accumulators.count(w.get()) && !reads_w &&
        !is_tt_op(c, TtOp::kMatmul)) {
      if (!live.count(w.get())) {
        report_write(c, DrainedWrite::kDropped);
        transfer(c, live);
        return seq(skipped, c->loc);
      }
      std::optional<Expr> last = last_iteration(w.get());
      const IntImm* always = last ? (*last).as<IntImm>() : nullptr;
      if (!last) {
        report_write(c, DrainedWrite::kUnsupported);
      } else if (!always) {
        report_write(c, DrainedWrite::kLastIteration);
        transfer(c, live);
        pops.insert(pops.begin(), s);
        return IfThenElse::make(*last, seq(pops, c->loc), seq(skipped, c->loc), c->loc);
      }
    }
    // A value nothing reads (overwritten or unused) is dropped at once, so it cannot shadow
    // the next one at the CB front; a DST-only accumulator never reaches its CB, and the
    // partial sums of a K loop (accumulate = k != k_min) stay inside the gemm's group: its
    // loop writes the accumulator once (see place_loop).
    bool partial = k_partial(c);
    if (!live.count(w.get()) && !drained.count(w.get()) && !accumulators.count(w.get()) &&
        !partial) {
      pops.push_back(cb_discard(w, c->loc));
    }
    transfer(c, live);
    if (pops.empty()) {
      return s;
    }
    pops.insert(pops.begin(), s);
    return SeqStmt::make(pops, c->loc);
  }

  // The liveness of CB values across one op: a read or mask of tiles into a CB, or a compute op
  // writing it, kills its value; the writer's write_tiles and compute reads make values live.
  void transfer(const Call* c, Live& live) const {
    if (is_tt_op(c, TtOp::kReadTiles) || is_tt_op(c, TtOp::kMaskTile)) {
      live.erase((is_tt_op(c, TtOp::kMaskTile) ? tt::MaskTile::cb(c) : tt::ReadTiles::cb(c)).get());
      return;
    }
    if (is_tt_op(c, TtOp::kReadLocalTiles)) {
      live.erase(tt::ReadLocalTiles::cb(c).get());
      return;
    }
    if (is_tt_op(c, TtOp::kReadIm2col) || is_tt_op(c, TtOp::kGatherRows)) {
      live.erase(
          (is_tt_op(c, TtOp::kGatherRows) ? tt::GatherRows::cb(c) : tt::ReadIm2col::cb(c)).get());
      return;
    }
    if (is_tt_op(c, TtOp::kWriteTiles)) {
      live.insert(tt::WriteTiles::cb(c).get());
      return;
    }
    if (!is_compute_op(c)) {
      return;
    }
    Buffer w = compute_write(c);
    live.erase(w.get());
    for (const Buffer& r : distinct_reads(c)) {
      live.insert(r.get());
    }
    // A gemm that always adds to its CB-resident accumulator reloads and pops the current value
    // itself (D5): that value is read here.
    const BoolImm* fixed =
        is_tt_op(c, TtOp::kMatmul) ? tt::Matmul::accumulate(c).as<BoolImm>() : nullptr;
    if (fixed && fixed->value && !accumulators.count(w.get())) {
      live.insert(w.get());
    }
  }

 private:
  // The CBs a compute op reads, each once; an accumulator's copy out of DST reads no CB.
  std::vector<Buffer> distinct_reads(const Call* c) const {
    std::vector<Buffer> reads;
    for (const Buffer& r : compute_reads(c)) {
      bool dup = false;
      for (const Buffer& q : reads) {
        dup |= q.same_as(r);
      }
      bool acc_copy = is_tt_op(c, TtOp::kCopyTiles) && accumulators.count(r.get());
      if (!dup && !acc_copy) {
        reads.push_back(r);
      }
    }
    return reads;
  }

  // A gemm accumulating across its K loop from the second step on (C2's `k != k_min`).
  static bool k_partial(const Call* c) {
    if (!is_tt_op(c, TtOp::kMatmul)) {
      return false;
    }
    Expr acc = tt::Matmul::accumulate(c);
    return !acc.as<BoolImm>() && !as_const_int(acc);
  }

  // Whether an op of `s` writes a value of `b` (a K loop's partial sums do not count).
  static bool writes(const Stmt& s, const BufferNode* b) {
    bool found = false;
    post_order_visit(s, [&](const Node* n) {
      const Call* c = n->kind == NodeKind::kEvaluate
                          ? static_cast<const Evaluate*>(n)->value.as<Call>()
                          : nullptr;
      found |= c && is_compute_op(c) && !k_partial(c) && compute_write(c).get() == b;
    });
    return found;
  }

  // The values live into the other branch of an `if` only, which this branch neither reads nor
  // keeps: dropped on entry (wait + pop), or they would shadow the next value at the CB front.
  Stmt drop_on_entry(const Stmt& branch, const Live& other, const Live& mine,
                     const Location& loc) const {
    std::vector<Stmt> out;
    for (const BufferNode* r : cb_ordered(other)) {
      if (!mine.count(r) && !drained.count(r) && !accumulators.count(r)) {
        out.push_back(cb_discard(buffers_.at(r), loc));
      }
    }
    if (branch.defined()) {
      out.push_back(branch);
    }
    return out.empty() ? branch : seq(out, loc);
  }

  // The values of writer-drained CBs only the code after a loop reads, each loop's last
  // iteration, and how many branches enclosed the loop.
  struct LastOnly {
    const For* loop;
    std::set<const BufferNode*> cbs;
    int branch_depth;
    // Values that may pass from one iteration to the next unread (a write under a branch):
    // which one the code after the loop reads is not known statically.
    std::set<const BufferNode*> unknown;
  };
  std::vector<LastOnly> last_only_;
  int branch_depth_ = 0;

  // When the current op writes a value of drained CB `w` that the code after its enclosing
  // loops reads: the condition of their last iterations (cint(1) if none), nullopt if a branch
  // inside such a loop encloses the op (its last write is not known statically).
  std::optional<Expr> last_iteration(const BufferNode* w) const {
    Expr cond = cint(1);
    for (const LastOnly& l : last_only_) {
      if (l.unknown.count(w)) {
        return std::nullopt;
      }
      if (!l.cbs.count(w)) {
        continue;
      }
      if (branch_depth_ > l.branch_depth) {
        return std::nullopt;
      }
      Expr is_last =
          cmp(CompareOp::kEQ, l.loop->var, sub(add(l.loop->min, l.loop->extent), cint(1)));
      const IntImm* one = cond.as<IntImm>();
      cond = one && one->value == 1 ? is_last : Logical::make(LogicalOp::kAnd, cond, is_last);
    }
    return cond;
  }

  void report_write(const Call* c, DrainedWrite::Kind kind) const {
    if (report) {
      report->push_back({c, kind});
    }
  }

  Stmt place_loop(const Stmt& s, const For* op, Live& live) {
    Live after = live;
    // Values live at the top of the body are live at its end too (the next iteration).
    Live top = after;
    backward_cb_liveness(s, top, [this](const Call* c, Live& l) { transfer(c, l); });
    Live entry = top;  // live at the top of the body
    top.insert(after.begin(), after.end());
    LastOnly last{op, {}, branch_depth_};
    std::set<const BufferNode*> copied_out;  // drained in the body
    post_order_visit(op->body, [&](const Node* n) {
      const Call* c = n->kind == NodeKind::kEvaluate
                          ? static_cast<const Evaluate*>(n)->value.as<Call>()
                          : nullptr;
      if (is_tt_op(c, TtOp::kWriteTiles)) {
        copied_out.insert(tt::WriteTiles::cb(c).get());
      }
    });
    for (const BufferNode* b : after) {
      if (drained.count(b) && !accumulators.count(b) && writes(op->body, b) &&
          !copied_out.count(b)) {
        (entry.count(b) ? last.unknown : last.cbs).insert(b);
      }
    }
    last_only_.push_back(last);
    Stmt body = place(op->body, top);
    last_only_.pop_back();
    // A value the body writes and the code after the loop reads (not the body itself before
    // writing it) is dead at the next iteration's write: pop the previous iteration's value
    // at the top of the body, except in the first iteration.
    std::vector<Stmt> carried;
    for (const BufferNode* b : cb_ordered(after)) {
      if (!top.count(b) && !drained.count(b) && !accumulators.count(b) && writes(op->body, b)) {
        carried.push_back(IfThenElse::make(cmp(CompareOp::kNE, op->var, op->min),
                                           cb_discard(buffers_.at(b), op->loc), Stmt(), op->loc));
      }
    }
    if (!carried.empty()) {
      carried.push_back(body);
      body = SeqStmt::make(carried, op->loc);
    }
    Stmt loop = For::make(op->var, op->min, op->extent, op->for_kind, body, op->num_stages,
                          op->attrs, op->loc);
    std::vector<Stmt> stmts = {loop};
    for (const BufferNode* b : cb_ordered(top)) {
      if (!after.count(b) && !drained.count(b)) {
        stmts.push_back(cb_discard(buffers_.at(b), op->loc));
      }
    }
    // The value a K loop's gemm leaves in a CB-resident accumulator, when nothing reads it.
    std::vector<Stmt> body_stmts = {op->body};
    if (const SeqStmt* seq_body = op->body.as<SeqStmt>()) {
      body_stmts = seq_body->stmts;
    }
    for (const Stmt& st : body_stmts) {
      const Call* c = as_call_stmt(st);
      if (c && k_partial(c)) {
        Buffer acc = compute_write(c);
        if (!after.count(acc.get()) && !accumulators.count(acc.get())) {
          stmts.push_back(cb_discard(acc, op->loc));
        }
      }
    }
    live = top;  // loops run at least once
    return stmts.size() == 1 ? loop : SeqStmt::make(stmts, op->loc);
  }

 public:
  std::map<const BufferNode*, Buffer> buffers_;
};

// A Placer knowing which CBs the writer drains and which accumulators never reach their CB.
void classify(const Stmt& body, Placer& p) {
  std::set<const BufferNode*> resident = cb_resident_accumulators(body);
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      const Buffer& b = static_cast<const Allocate*>(n)->buffer;
      p.buffers_[b.get()] = b;
    }
    if (n->kind != NodeKind::kEvaluate) {
      return;
    }
    const Call* c = static_cast<const Evaluate*>(n)->value.as<Call>();
    if (is_tt_op(c, TtOp::kWriteTiles)) {
      p.drained.insert(tt::WriteTiles::cb(c).get());
    } else if (is_tt_op(c, TtOp::kMatmul) && !resident.count(tt::Matmul::c(c).get())) {
      p.accumulators.insert(tt::Matmul::c(c).get());
    }
  });
}

}  // namespace

Stmt insert_compute_pops(const Stmt& body, std::vector<DrainedWrite>* drained_writes) {
  Placer p;
  p.report = drained_writes;
  classify(body, p);
  Live live;
  return p.place(body, live);
}

std::vector<CbReadBeforeWrite> cb_reads_before_write(const Stmt& body) {
  Placer p;
  classify(body, p);
  Live entry;
  backward_cb_liveness(body, entry, [&p](const Call* c, Live& l) { p.transfer(c, l); });
  std::vector<CbReadBeforeWrite> out;
  if (entry.empty()) {
    return out;
  }
  // Ops in program order (children of a sequence come before the next statement).
  std::vector<const Call*> ops;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kEvaluate) {
      if (const Call* c = static_cast<const Evaluate*>(n)->value.as<Call>()) {
        ops.push_back(c);
      }
    }
  });
  for (const Call* c : ops) {
    Live reads;
    p.transfer(c, reads);
    Live writes = {};
    for (const BufferNode* b : entry) {
      Live one = {b};
      p.transfer(c, one);
      if (!one.count(b)) {
        writes.insert(b);
      }
    }
    for (const BufferNode* b : entry) {
      auto it = std::find_if(out.begin(), out.end(),
                             [b](const CbReadBeforeWrite& r) { return r.buffer.get() == b; });
      if (it == out.end() && reads.count(b)) {
        out.push_back({p.buffers_.at(b), c, nullptr});
      } else if (it != out.end() && !it->first_write && writes.count(b)) {
        it->first_write = c;
      }
    }
  }
  return out;
}

}  // namespace tltt::passes
