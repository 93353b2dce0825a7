// B4: the blocks a tt.sfpu step reads whose value is dead after it (dead_values.h). From the
// step, each enclosing statement list is scanned for the next mention of the block; a loop
// around the step is also re-entered from its body's start (the back edge). The value is dead
// when every such next mention is a tt.sfpu step writing the whole block without reading it, or
// there is none. Anything else (a read, a partial or other write, a mention under a condition
// or in a loop that may not run) keeps the value alive: the analysis only proves, never guesses.
#include "passes/sfpu/dead_values.h"

#include <vector>

#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

enum class Mention { kNone, kWrite, kOther };

// A nest `for i0.. for ik: t[i0, .., ik] = value` over the whole of t (every loop from 0 to t's
// extent on its axis) whose value does not read t: a write of the whole block.
bool whole_store_nest(const Stmt& s, const BufferNode* t) {
  std::vector<const For*> loops;
  Stmt cur = s;
  while (const For* f = cur.as<For>()) {
    loops.push_back(f);
    cur = f->body;
  }
  const BufferStore* st = cur.as<BufferStore>();
  if (!st || st->buffer.get() != t || st->indices.size() != loops.size() ||
      t->shape.size() != loops.size()) {
    return false;
  }
  for (size_t k = 0; k < loops.size(); ++k) {
    const Variable* v = st->indices[k].as<Variable>();
    if (v != loops[k]->var.get() || const_value(loops[k]->min) != 0 ||
        const_value(loops[k]->extent) != const_value(t->shape[k]) || !const_value(t->shape[k])) {
      return false;
    }
  }
  bool reads_t = false;
  post_order_visit(Stmt(Evaluate::make(st->value)), [&](const Node* n) {
    if (n->kind == NodeKind::kBufferLoad) {
      reads_t |= static_cast<const BufferLoad*>(n)->buffer.get() == t;
    }
  });
  return !reads_t;
}

Mention first_mention(const Stmt& s, const BufferNode* t) {
  if (!s.defined()) {
    return Mention::kNone;
  }
  if (whole_store_nest(s, t)) {
    return Mention::kWrite;
  }
  if (const SeqStmt* q = s.as<SeqStmt>()) {
    for (const Stmt& x : q->stmts) {
      if (Mention m = first_mention(x, t); m != Mention::kNone) {
        return m;
      }
    }
    return Mention::kNone;
  }
  if (const For* f = s.as<For>()) {
    Mention m = first_mention(f->body, t);
    std::optional<int64_t> n = const_value(f->extent);
    return m == Mention::kNone || (n && *n > 0) ? m : Mention::kOther;
  }
  if (const LetStmt* l = s.as<LetStmt>()) {
    return first_mention(l->body, t);
  }
  if (const Allocate* a = s.as<Allocate>()) {
    return first_mention(a->body, t);
  }
  if (!buffers_in(s).count(t)) {
    return Mention::kNone;
  }
  const Call* c = as_call_stmt(s);
  if (is_tt_op(c, TtOp::kSfpu) && tt::Sfpu::out(c).get() == t) {
    for (const Buffer& in : tt::Sfpu::inputs(c)) {
      if (in.get() == t) {
        return Mention::kOther;
      }
    }
    const Region* r = ref_region(tt::Sfpu::out_arg(c));
    return r && region_is_full(*r) ? Mention::kWrite : Mention::kOther;
  }
  return Mention::kOther;
}

class Walk {
 public:
  DeadReads out;
  void run(const Stmt& s) {
    if (!s.defined()) {
      return;
    }
    path_.push_back({s, 0});
    if (const SeqStmt* q = s.as<SeqStmt>()) {
      for (size_t i = 0; i < q->stmts.size(); ++i) {
        path_.back().index = i;
        run(q->stmts[i]);
      }
    } else if (const For* f = s.as<For>()) {
      run(f->body);
    } else if (const While* w = s.as<While>()) {
      run(w->body);
    } else if (const LetStmt* l = s.as<LetStmt>()) {
      run(l->body);
    } else if (const Allocate* a = s.as<Allocate>()) {
      run(a->body);
    } else if (const IfThenElse* i = s.as<IfThenElse>()) {
      run(i->then_case);
      run(i->else_case);
    } else if (const KernelLaunch* k = s.as<KernelLaunch>()) {
      run(k->body);
    } else if (const Call* c = as_call_stmt(s); is_tt_op(c, TtOp::kSfpu)) {
      for (const Buffer& in : tt::Sfpu::inputs(c)) {
        if (in.get() != tt::Sfpu::out(c).get() && dead_after(in.get())) {
          out.insert({c, in.get()});
        }
      }
    } else if (is_tt_op(c, TtOp::kReduce) && tt::Reduce::in(c).get() != tt::Reduce::out(c).get()) {
      if (dead_after(tt::Reduce::in(c).get())) {
        out.insert({c, tt::Reduce::in(c).get()});  // B4e: a reduction's input
      }
    }
    path_.pop_back();
  }

 private:
  struct Frame {
    Stmt stmt;
    size_t index;  // the child on the path, for a SeqStmt
  };
  std::vector<Frame> path_;

  // Whether the value of `t` read by the statement at the end of the path is dead after it.
  bool dead_after(const BufferNode* t) const {
    for (size_t k = path_.size() - 1; k-- > 0;) {
      const Stmt& s = path_[k].stmt;
      if (const SeqStmt* q = s.as<SeqStmt>()) {
        for (size_t i = path_[k].index + 1; i < q->stmts.size(); ++i) {
          if (Mention m = first_mention(q->stmts[i], t); m != Mention::kNone) {
            return m == Mention::kWrite;
          }
        }
      } else if (s.as<For>() || s.as<While>()) {
        // The next iteration meets the body's first mention first.
        const Stmt& body = s.as<For>() ? s.as<For>()->body : s.as<While>()->body;
        if (first_mention(body, t) != Mention::kWrite) {
          return false;
        }
      }
    }
    return true;
  }
};

}  // namespace

DeadReads dead_reads(const Stmt& body) {
  Walk w;
  w.run(body);
  return w.out;
}

}  // namespace tltt::passes
