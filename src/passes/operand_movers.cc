// D9 operand-movers: after D8 one reader RISC reads A's and B's step from DRAM and multicasts
// them one after the other, so the multicast chain of a core that sends both (and every core
// waits on it) is the sum of the two. A Tensix core has a second data-movement RISC, the
// writer's; this pass moves the transfers of the operands multicast along core rows (A) into
// the writer kernel, ahead of each block's output writes, so A and B are read and multicast in
// parallel (the layout of TT-Metalium's 2-D multicast GEMM: in0 on one RISC, in1 on the other).
// Both kernels keep the read barriers of their own transfers.
#include "passes/operand_movers.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <set>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/operand_multicast.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// What a reader statement refers to: the moved operands' CBs and multicast arguments, or
// another CB or multicast operand of the reader.
class Mentions : public Visitor {
 public:
  using Visitor::visit;
  const std::set<int64_t>* moved_cbs = nullptr;
  const std::set<std::string>* moved_args = nullptr;
  const std::set<std::string>* all_args = nullptr;
  const void* var = nullptr;  // a variable or buffer whose use is looked for
  bool moved = false, other = false, uses = false;

  void visit_buffer(const Buffer& b) override {
    uses |= static_cast<const void*>(b.get()) == var;
    int64_t cb = b->attrs.get_int(kCbIndexAttr, -1);
    if (cb >= 0 && moved_cbs) {
      (moved_cbs->count(cb) ? moved : other) = true;
    }
  }
  void visit(const Variable* op) override { uses |= static_cast<const void*>(op) == var; }
  void visit(const Call* op) override {
    if (is_tt_op(op, TtOp::kRuntimeArg) && moved_args) {
      if (const StringImm* s = tt::RuntimeArg::name_arg(op).as<StringImm>()) {
        moved |= moved_args->count(s->value) > 0;
        other |= all_args->count(s->value) > 0 && !moved_args->count(s->value);
      }
    }
    Visitor::visit(op);
  }
};

bool uses(const Stmt& s, const void* v) {
  Mentions m;
  m.var = v;
  m.visit(s);
  return m.uses;
}

// Splits the reader: `mover` keeps the moved operands' statements, the reader the rest; both
// keep the NoC barriers among their statements. A statement that mixes both stops the split.
class Splitter {
 public:
  std::set<int64_t> cbs;
  std::set<std::string> moved_args, all_args;
  bool mixed = false;

  struct Part {
    Stmt s;
    bool owned = false;  // holds a statement of its own (not only barriers)
  };

  Part filter(const Stmt& s, bool mover) {
    if (const SeqStmt* q = s.as<SeqStmt>()) {
      std::vector<Stmt> kept;
      bool owned = false;
      for (const Stmt& c : q->stmts) {
        Part p = filter(c, mover);
        if (p.s.defined()) {
          kept.push_back(p.s);
          owned |= p.owned;
        }
      }
      return owned ? Part{seq(kept, s->loc), true} : Part{};
    }
    if (const For* f = s.as<For>()) {
      Part b = filter(f->body, mover);
      return b.owned ? Part{For::make(f->var, f->min, f->extent, f->for_kind, b.s, f->num_stages,
                                      f->attrs, f->loc),
                            true}
                     : Part{};
    }
    if (const LetStmt* l = s.as<LetStmt>()) {
      Part b = filter(l->body, mover);
      if (!b.owned) {
        return {};
      }
      return {uses(b.s, l->var.get()) ? LetStmt::make(l->var, l->value, b.s, l->loc) : b.s, true};
    }
    if (const Allocate* a = s.as<Allocate>()) {
      Part b = filter(a->body, mover);
      if (!b.owned) {
        return {};
      }
      return {uses(b.s, a->buffer.get()) ? Allocate::make(a->buffer, b.s, a->loc) : b.s, true};
    }
    std::optional<TtOp> op = tt_op_of_stmt(s);
    if (op == TtOp::kNocAsyncReadBarrier || op == TtOp::kNocAsyncWriteBarrier ||
        op == TtOp::kNocAsyncAtomicBarrier) {
      return {s, false};
    }
    Mentions m;
    m.moved_cbs = &cbs;
    m.moved_args = &moved_args;
    m.all_args = &all_args;
    m.visit(s);
    mixed |= m.moved && m.other;
    return m.moved == mover ? Part{s, true} : Part{};
  }
};

// The moved statements ahead of the writer's in each iteration of their common persistent
// block loop; the writer's lets and allocations outermost (its accessors keep their slots).
class Merger {
 public:
  bool ok = true;
  std::set<const Node*> bound;

  Stmt merge(const Stmt& mv, const Stmt& w, bool in_loop) {
    const LetStmt* a = mv.as<LetStmt>();
    const LetStmt* b = w.as<LetStmt>();
    if (a && bound.count(a->var.get())) {
      return merge(a->body, w, in_loop);
    }
    if (a && b && a->var.same_as(b->var)) {
      bound.insert(a->var.get());
      return LetStmt::make(b->var, b->value, merge(a->body, b->body, in_loop), b->loc);
    }
    if (b) {
      bound.insert(b->var.get());
      return LetStmt::make(b->var, b->value, merge(mv, b->body, in_loop), b->loc);
    }
    if (const Allocate* wa = w.as<Allocate>()) {
      return Allocate::make(wa->buffer, merge(mv, wa->body, in_loop), wa->loc);
    }
    if (a) {
      bound.insert(a->var.get());
      return LetStmt::make(a->var, a->value, merge(a->body, w, in_loop), a->loc);
    }
    if (const Allocate* ma = mv.as<Allocate>()) {
      return Allocate::make(ma->buffer, merge(ma->body, w, in_loop), ma->loc);
    }
    if (in_loop) {
      return seq({mv, w}, w->loc);
    }
    // The mover's closing barriers (its multicast writes) after the merged kernel.
    if (const SeqStmt* q = mv.as<SeqStmt>(); q && !q->stmts.empty()) {
      std::vector<Stmt> out = {merge(q->stmts[0], w, false)};
      for (size_t i = 1; i < q->stmts.size(); ++i) {
        std::optional<TtOp> op = tt_op_of_stmt(q->stmts[i]);
        ok &= op == TtOp::kNocAsyncWriteBarrier || op == TtOp::kNocAsyncAtomicBarrier;
        out.push_back(q->stmts[i]);
      }
      return seq(out, w->loc);
    }
    const For* fm = mv.as<For>();
    const For* fw = w.as<For>();
    if (fm && fw && fm->for_kind == ForKind::kPersistent && fw->for_kind == ForKind::kPersistent &&
        fm->var.same_as(fw->var)) {
      return For::make(fw->var, fw->min, fw->extent, fw->for_kind, merge(fm->body, fw->body, true),
                       fw->num_stages, fw->attrs, fw->loc);
    }
    ok = false;
    return w;
  }
};

// The moved accessors take the writer's next compile-time-arg slots.
class Reslot : public Mutator {
 public:
  using Mutator::visit;
  std::map<int64_t, int64_t> slot;
  Expr visit(const Call* op) override {
    if (!is_tt_op(op, TtOp::kTensorAccessor)) {
      return Mutator::visit(op);
    }
    auto it = slot.find(const_value(tt::TensorAccessor::cta_slot(op)).value_or(-1));
    if (it == slot.end()) {
      return Mutator::visit(op);
    }
    std::vector<Expr> args = op->args;
    args[0] = cint(it->second, op->loc);
    return Call::make(op->dtype, op->name, args, op->attrs, op->loc);
  }
};

}  // namespace

Module operand_movers(const Module& m, PassContext& ctx) {
  Module out = m;
  DevicePlan& plan = out.plan;
  KernelPlan* reader = nullptr;
  KernelPlan* writer = nullptr;
  for (KernelPlan& k : plan.kernels) {
    reader = k.role == KernelRole::kReader ? &k : reader;
    writer = k.role == KernelRole::kWriter ? &k : writer;
  }
  PrimFunc *rf = nullptr, *wf = nullptr;
  for (PrimFunc& f : out.functions) {
    rf = reader && f.name == reader->function ? &f : rf;
    wf = writer && f.name == writer->function ? &f : wf;
  }
  if (!rf || !wf || plan.multicast.empty()) {
    return out;
  }
  Splitter split;
  std::vector<std::string> moved;
  // The row operands (A) move: the writer is on NoC 1, where DRAM reads are slower (D7), and
  // A's step is never larger than B's in the blocks B0 picks (the layout of TT-Metalium's 2-D
  // multicast GEMM: in0 on NoC 1, in1 on NoC 0). Measured the other way round (B on the writer):
  // 2048^3 with two blocks per core 46% slower.
  const McastAxis move_axis = McastAxis::kRow;
  for (const McastOperand& op : plan.multicast) {
    for (int k = static_cast<int>(RuntimeArgKind::kMcastSender);
         k <= static_cast<int>(RuntimeArgKind::kMcastReceiverSemaphore); ++k) {
      std::string name = multicast_arg_name(op.tensor, static_cast<RuntimeArgKind>(k));
      split.all_args.insert(name);
      if (op.axis == move_axis) {
        split.moved_args.insert(name);
      }
    }
    if (op.axis == move_axis) {
      split.cbs.insert(op.cb);
      moved.push_back(op.tensor);
    }
  }
  auto kept = [&](const std::string& why) {
    ctx.remark(rf->loc, "kept") << "every operand stays on the reader: " << why;
    return out;
  };
  if (moved.empty()) {
    return kept("no operand is multicast along the core rows");
  }
  // With several blocks per core the writer writes block i before it moves A of block i + 1,
  // so compute waits for both at every block boundary: measured at 2048^3 with two blocks per
  // core, 1.2% faster on n150 but 3.4% slower on p150. One block per core has no boundary.
  for (const CoreWork& w : plan.partition ? plan.partition->work : std::vector<CoreWork>{}) {
    if (w.count > 1) {
      return kept(
          fmt::format("core ({}, {}) computes {} blocks (the writer would hold back the "
                      "next block's operand while it writes the last one's output)",
                      w.core.x, w.core.y, w.count));
    }
  }
  Splitter::Part mover = split.filter(rf->body, true);
  Splitter::Part rest = split.filter(rf->body, false);
  if (split.mixed) {
    return kept("a reader statement moves both a row operand and another one");
  }
  if (!mover.owned || !rest.owned) {
    return kept("the reader would be left with nothing to move");
  }
  // Accessors take consecutive compile-time-arg slots: the moved ones follow the writer's, the
  // reader's others close up.
  Reslot reslot, reader_slots;
  std::vector<std::string> accessors = writer->accessors, reader_accessors;
  for (size_t s = 0; s < reader->accessors.size(); ++s) {
    const bool move = std::find(moved.begin(), moved.end(), reader->accessors[s]) != moved.end();
    std::vector<std::string>& to = move ? accessors : reader_accessors;
    (move ? reslot : reader_slots).slot[static_cast<int64_t>(s)] = static_cast<int64_t>(to.size());
    to.push_back(reader->accessors[s]);
  }
  Merger merger;
  Stmt body = merger.merge(reslot.mutate(mover.s), wf->body, false);
  if (!merger.ok) {
    return kept("the reader's and the writer's block loops do not line up");
  }
  *wf = wf->with_body(body);
  *rf = rf->with_body(reader_slots.mutate(rest.s));
  writer->accessors = accessors;
  reader->accessors = reader_accessors;
  for (CbPlan& cb : plan.cbs) {
    if (split.cbs.count(cb.index)) {
      std::replace(cb.producers.begin(), cb.producers.end(), KernelRole::kReader,
                   KernelRole::kWriter);
    }
  }
  ctx.remark(wf->loc, "decision") << fmt::format(
      "{} reads and multicasts {} (multicast along the core rows) before each block's output "
      "writes; {} keeps the other operands, so the two data-movement RISCs move them in "
      "parallel; alternative: one reader moves every operand in turn",
      wf->name, fmt::join(moved, ", "), rf->name);
  return out;
}

}  // namespace tltt::passes
