// A1's lowering of kernel-local integer scalars to lets (see scalar_vars.h). The kernels are
// split from one program later, so a let is computed by every kernel that needs it, from values
// each kernel has; an index-tensor element in its value is read by the reader and handed over
// by D3 like any `let n = lens[b]` of the block. The scalar program is integer code evaluated
// here (straight-line stores, selects for branches, unrolled counting loops), so the
// arithmetic stays the kernel's own (signed, floor division), term for term.
#include "passes/scalar_vars.h"
#include "passes/scalar_vars_program.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <vector>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The longest scalar loop unrolled: each iteration is a let (and, with an element read, a
// mailbox page per consumer kernel), so longer scans belong in a tile program.
constexpr int64_t kMaxUnroll = 256;

class ScalarLets : public Mutator {
 public:
  using Mutator::visit;

  ScalarLets(ScalarSet scalars, PassContext& ctx, const Stmt& body)
      : scalars_(std::move(scalars)), ctx_(ctx) {
    post_order_visit(body, [&](const Node* n) {
      if (n->kind == NodeKind::kLetStmt) {
        bind(static_cast<const LetStmt*>(n)->var.get());
      } else if (n->kind == NodeKind::kFor) {
        bind(static_cast<const For*>(n)->var.get());
      } else if (n->kind == NodeKind::kKernelLaunch) {
        for (const Var& v : static_cast<const KernelLaunch*>(n)->vars) {
          bind(v.get());
        }
      }
    });
  }

  Stmt visit(const Allocate* op) override {
    if (!scalars_.count(op->buffer.get())) {
      return Allocate::make(op->buffer, inner(op->body), op->loc);
    }
    Stmt body = inner(op->body);
    env_.erase(op->buffer.get());
    return body;
  }
  Stmt visit(const KernelLaunch* op) override {
    for (size_t i = 0; i < op->vars.size(); ++i) {
      live_.insert(op->vars[i].get());
      if (auto e = as_const_int(op->extents[i])) {
        ranges_[op->vars[i].get()] = {0, *e - 1};
      }
    }
    Stmt body = inner(op->body);
    for (const Var& v : op->vars) {
      live_.erase(v.get());
    }
    return KernelLaunch::make(op->extents, op->vars, op->attrs, body, op->loc);
  }
  Stmt visit(const LetStmt* op) override {
    Expr value = mutate(op->value);
    live_.insert(op->var.get());
    Stmt body = inner(op->body);
    live_.erase(op->var.get());
    return LetStmt::make(op->var, value, body, op->loc);
  }
  Stmt visit(const SeqStmt* op) override { return seq_from(op->stmts, 0, op->loc); }

  Stmt visit(const BufferStore* op) override {
    if (!scalars_.count(op->buffer.get())) {
      return Mutator::visit(op);
    }
    assign(op->buffer.get(), mutate(op->value), op->loc);
    return SeqStmt::make({}, op->loc);
  }
  Stmt visit(const Fill* op) override {
    if (!scalars_.count(op->dst.buffer.get())) {
      return Mutator::visit(op);
    }
    assign(op->dst.buffer.get(), mutate(op->value), op->loc);
    return SeqStmt::make({}, op->loc);
  }

  Stmt visit(const IfThenElse* op) override {
    std::set<const BufferNode*> stored = scalar_stores_in(Stmt(op), scalars_);
    if (stored.empty()) {
      Expr c = mutate(op->cond);
      return IfThenElse::make(c, inner(op->then_case), inner(op->else_case), op->loc);
    }
    if (scalar_program(Stmt(op), scalars_)) {
      Env before = env_;
      run(Stmt(op));
      bind_changed(before, op->loc);
      return SeqStmt::make({}, op->loc);
    }
    // Tile work and scalar stores in one branch: the values stay inside the branch.
    Expr c = mutate(op->cond);
    Env before = env_;
    Stmt t = inner(op->then_case);
    env_ = before;
    Stmt e = inner(op->else_case);
    env_ = before;
    for (const BufferNode* b : stored) {
      env_[b] =
          poisoned(fmt::format("is assigned in an 'if' that also does other work (line {}): "
                               "its value after the 'if' is not lowered yet; assign it with "
                               "T.if_then_else or in an 'if' of scalar assignments only",
                               op->loc.line));
    }
    return IfThenElse::make(c, t, e, op->loc);
  }

  Stmt visit(const For* op) override {
    std::set<const BufferNode*> stored = scalar_stores_in(Stmt(op), scalars_);
    if (!stored.empty() && op->for_kind != ForKind::kParallel &&
        scalar_program(Stmt(op), scalars_)) {
      run(Stmt(op));
      return SeqStmt::make({}, op->loc);
    }
    // Tile work too, but the scalars assigned from values every kernel has: each kernel
    // evaluates that part (scalar_slice) unless it cannot be unrolled (probe_failed_).
    std::optional<Stmt> sliced;
    if (!stored.empty() && op->for_kind != ForKind::kParallel &&
        (sliced = scalar_slice(op, scalars_))) {
      Env before = env_;
      size_t mark = pending_.size();
      probing_ = true, probe_failed_ = false;
      run(*sliced);
      probing_ = false;
      std::swap(before, env_);  // `before` now holds the values after the loop
      if (!probe_failed_) {
        Stmt tile = drop_scalar_stores(Stmt(op), scalars_);
        Stmt out = tile.as<For>() ? visit(tile.as<For>()) : mutate(tile);
        for (const BufferNode* b : stored) {
          env_[b] = before[b];
        }
        return out;
      }
      pending_.resize(mark);
    }
    Expr mn = mutate(op->min), ext = mutate(op->extent);
    // Each iteration assigns before it reads; a value carried from one iteration to the next
    // would need the loop's own state in every kernel.
    for (const BufferNode* b : stored) {
      env_[b] = poisoned(fmt::format(
          "carries a value from one iteration of the loop at line {} to the next, and the loop "
          "also does tile work: not lowered yet (a loop of scalar assignments only is unrolled)",
          op->loc.line));
    }
    live_.insert(op->var.get());
    Stmt body = inner(op->body);
    live_.erase(op->var.get());
    for (const BufferNode* b : stored) {
      env_[b] =
          poisoned(fmt::format("is assigned in the loop at line {}, which also does tile "
                               "work: its value after the loop is not lowered yet",
                               op->loc.line));
    }
    return For::make(op->var, mn, ext, op->for_kind, body, op->num_stages, op->attrs, op->loc);
  }

  Expr visit(const Variable* op) override {
    auto it = vars_.find(op);
    return it == vars_.end() ? Expr(op) : it->second;
  }
  Expr visit(const BufferLoad* op) override {
    const BufferNode* b = op->buffer.get();
    if (!scalars_.count(b)) {
      return Mutator::visit(op);
    }
    auto it = env_.find(b);
    if (it == env_.end()) {
      report(op, "is read before it is assigned");
      return make_zero(b->dtype, op->loc);
    }
    if (!it->second.why.empty()) {
      report(op, it->second.why);
      return make_zero(b->dtype, op->loc);
    }
    for (const Variable* v : vars_in(it->second.value)) {
      if (bound_.count(v) && !live_.count(v) && !pending_var(v)) {
        report(op, fmt::format("is assigned inside a block that ended before this read (its "
                               "value uses '{}'): not lowered yet",
                               v->name));
        return make_zero(b->dtype, op->loc);
      }
    }
    return it->second.value;
  }

 private:
  using Value = ScalarValue;
  using Env = ScalarEnv;
  struct Binding {
    const BufferNode* buffer;
    Var var;
    Expr value;
    Location loc;
  };

  ScalarSet scalars_;
  PassContext& ctx_;
  Env env_;
  std::map<const Variable*, Expr> vars_;  // unrolled loop variables, lets inlined in `run`
  std::set<const Variable*> bound_, live_;
  std::set<std::string> names_;
  std::set<const BufferNode*> reported_;
  VarRanges ranges_;              // grid indices
  std::vector<Binding> pending_;  // lets to bind around the rest of the enclosing sequence
  // While running a scalar_slice, a loop it cannot unroll sets probe_failed_ (no error).
  bool probing_ = false, probe_failed_ = false;

  static Value poisoned(std::string why) { return {Expr(), std::move(why)}; }
  void bind(const Variable* v) {
    bound_.insert(v);
    names_.insert(v->name);
  }
  bool pending_var(const Variable* v) const {
    for (const Binding& b : pending_) {
      if (b.var.get() == v) {
        return true;
      }
    }
    return false;
  }
  void report(const BufferLoad* op, const std::string& what) {
    if (reported_.insert(op->buffer.get()).second) {
      ctx_.error(op->loc) << "kernel-local scalar '" << op->buffer->name << "' " << what;
    }
  }

  // A body of its own scope: lets made at its end bind nothing (the scope ends there).
  Stmt inner(const Stmt& s) {
    size_t mark = pending_.size();
    Stmt r = mutate(s);
    pending_.resize(mark);
    return r;
  }
  Stmt seq_from(const std::vector<Stmt>& ss, size_t i, const Location& loc) {
    std::vector<Stmt> out;
    for (; i < ss.size(); ++i) {
      size_t mark = pending_.size();
      out.push_back(mutate(ss[i]));
      if (pending_.size() == mark || i + 1 == ss.size()) {
        continue;
      }
      std::vector<Binding> bs(pending_.begin() + mark, pending_.end());
      for (const Binding& b : bs) {
        live_.insert(b.var.get());
      }
      pending_.resize(mark);
      Stmt rest = seq_from(ss, i + 1, loc);
      for (auto it = bs.rbegin(); it != bs.rend(); ++it) {
        live_.erase(it->var.get());
        rest = LetStmt::make(it->var, it->value, rest, it->loc);
      }
      out.push_back(rest);
      break;
    }
    return SeqStmt::make(out, loc);
  }

  // `b = value` outside a scalar program: a let around the rest unless the value is trivial.
  void assign(const BufferNode* b, Expr value, const Location& loc) {
    value = simplify(value);
    if (value.as<IntImm>() || value.as<BoolImm>() || value.as<Variable>()) {
      env_[b] = {value, ""};
      return;
    }
    std::string name = b->name;
    for (int k = 1; names_.count(name); ++k) {
      name = fmt::format("{}_{}", b->name, k);
    }
    Var v = Variable::make(name, value.dtype(), loc);
    bind(v.get());
    pending_.push_back({b, v, value, loc});
    env_[b] = {v, ""};
  }
  // Lets for the scalars a scalar program changed (values stay small: one let per step).
  void bind_changed(const Env& before, const Location& loc) {
    for (auto& [b, v] : env_) {
      auto it = before.find(b);
      if (v.why.empty() && (it == before.end() || !it->second.value.same_as(v.value))) {
        Value now = v;
        assign(b, now.value, loc);
      }
    }
  }

  // Evaluates a scalar program (scalar_program) into env_; `depth` 0 binds a let per loop
  // iteration.
  void run(const Stmt& s, int depth = 0) {
    Expr v;
    if (const BufferNode* b = scalar_store(s.get(), scalars_, &v)) {
      env_[b] = {simplify(mutate(v)), ""};
      return;
    }
    switch (s->kind) {
      case NodeKind::kSeqStmt:
        for (const Stmt& x : static_cast<const SeqStmt*>(s.get())->stmts) {
          run(x, depth);
        }
        return;
      case NodeKind::kLetStmt: {
        const auto* l = static_cast<const LetStmt*>(s.get());
        vars_[l->var.get()] = mutate(l->value);
        run(l->body, depth);
        vars_.erase(l->var.get());
        return;
      }
      case NodeKind::kIfThenElse: {
        const auto* i = static_cast<const IfThenElse*>(s.get());
        Expr c = simplify(mutate(i->cond));
        Env before = env_;
        run(i->then_case, depth + 1);
        Env t = env_;
        env_ = before;
        if (i->else_case.defined()) {
          run(i->else_case, depth + 1);
        }
        env_ = merge_scalars(c, t, env_);
        return;
      }
      case NodeKind::kFor:
        run_loop(static_cast<const For*>(s.get()), depth);
        return;
      default:
        return;  // Evaluate: no effect on the scalars
    }
  }
  void run_loop(const For* op, int depth) {
    Expr mn = simplify(mutate(op->min)), ext = simplify(mutate(op->extent));
    std::optional<int64_t> trips = as_const_int(ext);
    bool guarded = false;
    if (!trips) {
      // A trip count known only per block (`T.serial(bz)`): run to its largest value, each
      // iteration applied only while it is below the count.
      VarRanges r = ranges_;
      for (auto& [v, e] : vars_) {
        if (auto c = as_const_int(e)) {
          r[v] = {*c, *c};
        }
      }
      if (auto b = bounds(ext, r)) {
        trips = std::max<int64_t>(b->hi, 0);
        guarded = true;
      }
    }
    if ((!trips || *trips > kMaxUnroll) && probing_) {
      probe_failed_ = true;
      return;
    }
    if (!trips || *trips > kMaxUnroll) {
      ctx_.error(op->loc) << "a loop that assigns kernel-local scalars is unrolled when "
                             "compiling: it needs a trip count of at most "
                          << kMaxUnroll
                          << (trips ? fmt::format(" (this one has up to {})", *trips)
                                    : std::string(" known when compiling or bounded through the "
                                                  "grid indices"));
      return;
    }
    for (int64_t k = 0; k < *trips; ++k) {
      Env before = env_;
      vars_[op->var.get()] = simplify(add(mn, cint(k, op->loc)));
      run(op->body, depth + 1);
      if (guarded) {
        env_ = merge_scalars(simplify(cmp(CompareOp::kLT, cint(k, op->loc), ext)), env_, before);
      }
      if (depth == 0) {
        bind_changed(before, op->loc);
      }
    }
    vars_.erase(op->var.get());
  }
};

}  // namespace

PrimFunc scalar_var_lets(const PrimFunc& f, PassContext& ctx) {
  std::set<const BufferNode*> scalars = scalar_buffers(f.body);
  if (scalars.empty()) {
    return f;
  }
  ScalarLets m(std::move(scalars), ctx, f.body);
  PrimFunc out = f;
  out.body = m.mutate(f.body);
  return out;
}

}  // namespace tltt::passes
