// Structural equality: a parallel walk over two IR trees with variable/buffer correspondence maps.
#include "ir/equality.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "ir/printer.h"

namespace tltt::ir {

namespace {

class Equal {
 public:
  std::string why;

  bool fail(const std::string& msg) {
    if (why.empty()) {
      why = msg;
    }
    return false;
  }

  bool var(const Var& a, const Var& b) { return var_ptr(a.get(), b.get()); }

  bool var_ptr(const Variable* a, const Variable* b) {
    if (a->dtype != b->dtype) {
      return fail(
          fmt::format("variable {} has type {} vs {}", a->name, a->dtype.str(), b->dtype.str()));
    }
    auto ia = va_.find(a);
    auto ib = vb_.find(b);
    if (ia == va_.end() && ib == vb_.end()) {
      va_[a] = b;
      vb_[b] = a;
      return true;
    }
    if (ia != va_.end() && ia->second == b) {
      return true;
    }
    return fail(fmt::format("variable {} does not correspond to {}", a->name, b->name));
  }

  bool buffer(const Buffer& a, const Buffer& b) {
    if (!a.defined() || !b.defined()) {
      return a.defined() == b.defined() || fail("buffer defined on one side only");
    }
    auto ia = ba_.find(a.get());
    auto ib = bb_.find(b.get());
    if (ia != ba_.end() || ib != bb_.end()) {
      if (ia != ba_.end() && ia->second == b.get()) {
        return true;
      }
      return fail(fmt::format("buffer {} does not correspond to {}", a->name, b->name));
    }
    if (a->name != b->name || a->dtype != b->dtype || a->scope != b->scope ||
        a->shape.size() != b->shape.size() || !(a->attrs == b->attrs)) {
      return fail(fmt::format("buffer {} differs from {}", a->name, b->name));
    }
    ba_[a.get()] = b.get();
    bb_[b.get()] = a.get();
    for (size_t i = 0; i < a->shape.size(); ++i) {
      if (!expr(a->shape[i], b->shape[i])) {
        return false;
      }
    }
    return true;
  }

  bool region(const Region& a, const Region& b) {
    if (!buffer(a.buffer, b.buffer) || a.ranges.size() != b.ranges.size()) {
      return fail("region differs: " + print(a) + " vs " + print(b));
    }
    for (size_t i = 0; i < a.ranges.size(); ++i) {
      if (!expr(a.ranges[i].min, b.ranges[i].min) ||
          !expr(a.ranges[i].extent, b.ranges[i].extent)) {
        return fail("region differs: " + print(a) + " vs " + print(b));
      }
    }
    return true;
  }

  bool exprs(const std::vector<Expr>& a, const std::vector<Expr>& b) {
    if (a.size() != b.size()) {
      return fail("expression lists differ in length");
    }
    for (size_t i = 0; i < a.size(); ++i) {
      if (!expr(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  bool expr(const Expr& a, const Expr& b) {
    if (!a.defined() || !b.defined()) {
      return a.defined() == b.defined() || fail("expression defined on one side only");
    }
    if (a->kind != b->kind) {
      return fail("expression " + print(a) + " vs " + print(b));
    }
    if (a->dtype != b->dtype) {
      return fail("type of " + print(a) + ": " + a.dtype().str() + " vs " + b.dtype().str());
    }
    bool ok = true;
    switch (a->kind) {
#define TLTT_IR_EXPR(Name)                                                         \
  case NodeKind::k##Name:                                                          \
    ok = eq(static_cast<const Name*>(a.get()), static_cast<const Name*>(b.get())); \
    break;
#include "ir/ir_nodes.def"
      default:
        ok = false;
    }
    return ok || fail("expression " + print(a) + " vs " + print(b));
  }

  bool stmt(const Stmt& a, const Stmt& b) {
    if (!a.defined() || !b.defined()) {
      return a.defined() == b.defined() || fail("statement defined on one side only");
    }
    if (a->kind != b->kind) {
      return fail(fmt::format("statement kind {} vs {}:\n{}vs\n{}", node_kind_name(a->kind),
                              node_kind_name(b->kind), print(a), print(b)));
    }
    switch (a->kind) {
#define TLTT_IR_STMT(Name) \
  case NodeKind::k##Name:  \
    return eq(static_cast<const Name*>(a.get()), static_cast<const Name*>(b.get()));
#include "ir/ir_nodes.def"
      default:
        return false;
    }
  }

  bool func(const PrimFunc& a, const PrimFunc& b) {
    if (a.name != b.name) {
      return fail("function name " + a.name + " vs " + b.name);
    }
    if (!(a.attrs == b.attrs)) {
      return fail("attributes of " + a.name + ": " + a.attrs.str() + " vs " + b.attrs.str());
    }
    if (a.params.size() != b.params.size()) {
      return fail("parameter count of " + a.name);
    }
    for (size_t i = 0; i < a.params.size(); ++i) {
      const Param &pa = a.params[i], &pb = b.params[i];
      if (pa.is_buffer() != pb.is_buffer()) {
        return fail("parameter kind of " + pa.name());
      }
      if (pa.is_buffer() ? !buffer(pa.buffer, pb.buffer) : !var(pa.var, pb.var)) {
        return false;
      }
    }
    return stmt(a.body, b.body);
  }

 private:
  std::map<const Variable*, const Variable*> va_, vb_;
  std::map<const BufferNode*, const BufferNode*> ba_, bb_;

  bool eq(const IntImm* a, const IntImm* b) { return a->value == b->value; }
  bool eq(const FloatImm* a, const FloatImm* b) {
    return a->value == b->value || (std::isnan(a->value) && std::isnan(b->value));
  }
  bool eq(const BoolImm* a, const BoolImm* b) { return a->value == b->value; }
  bool eq(const StringImm* a, const StringImm* b) { return a->value == b->value; }
  bool eq(const Variable* a, const Variable* b) { return var_ptr(a, b); }
  bool eq(const Binary* a, const Binary* b) {
    return a->op == b->op && expr(a->a, b->a) && expr(a->b, b->b);
  }
  bool eq(const Unary* a, const Unary* b) { return a->op == b->op && expr(a->a, b->a); }
  bool eq(const Compare* a, const Compare* b) {
    return a->op == b->op && expr(a->a, b->a) && expr(a->b, b->b);
  }
  bool eq(const Logical* a, const Logical* b) {
    return a->op == b->op && expr(a->a, b->a) && expr(a->b, b->b);
  }
  bool eq(const Select* a, const Select* b) {
    return expr(a->cond, b->cond) && expr(a->true_value, b->true_value) &&
           expr(a->false_value, b->false_value);
  }
  bool eq(const Cast* a, const Cast* b) { return expr(a->value, b->value); }
  bool eq(const BufferLoad* a, const BufferLoad* b) {
    return buffer(a->buffer, b->buffer) && exprs(a->indices, b->indices);
  }
  bool eq(const Call* a, const Call* b) {
    return a->name == b->name && a->attrs == b->attrs && exprs(a->args, b->args);
  }
  bool eq(const RegionRef* a, const RegionRef* b) { return region(a->region, b->region); }

  bool eq(const SeqStmt* a, const SeqStmt* b) {
    if (a->stmts.size() != b->stmts.size()) {
      return fail(fmt::format("sequence of {} vs {} statements", a->stmts.size(), b->stmts.size()));
    }
    for (size_t i = 0; i < a->stmts.size(); ++i) {
      if (!stmt(a->stmts[i], b->stmts[i])) {
        return false;
      }
    }
    return true;
  }
  bool eq(const KernelLaunch* a, const KernelLaunch* b) {
    if (a->vars.size() != b->vars.size() || !(a->attrs == b->attrs)) {
      return fail("kernel launch differs");
    }
    for (size_t i = 0; i < a->vars.size(); ++i) {
      if (!var(a->vars[i], b->vars[i])) {
        return false;
      }
    }
    return exprs(a->extents, b->extents) && stmt(a->body, b->body);
  }
  bool eq(const Allocate* a, const Allocate* b) {
    return buffer(a->buffer, b->buffer) && stmt(a->body, b->body);
  }
  bool eq(const BufferView* a, const BufferView* b) {
    if (a->construct != b->construct) {
      return fail("buffer view construct differs");
    }
    return buffer(a->source, b->source) && buffer(a->buffer, b->buffer) && stmt(a->body, b->body);
  }
  bool eq(const While* a, const While* b) {
    return expr(a->cond, b->cond) && stmt(a->body, b->body);
  }
  bool eq(const For* a, const For* b) {
    if (a->for_kind != b->for_kind || a->num_stages != b->num_stages || !(a->attrs == b->attrs)) {
      return fail("loop kind/stages/attrs differ for " + a->var->name);
    }
    return var(a->var, b->var) && expr(a->min, b->min) && expr(a->extent, b->extent) &&
           stmt(a->body, b->body);
  }
  bool eq(const BufferStore* a, const BufferStore* b) {
    return buffer(a->buffer, b->buffer) && exprs(a->indices, b->indices) &&
           expr(a->value, b->value);
  }
  bool eq(const LetStmt* a, const LetStmt* b) {
    return expr(a->value, b->value) && var(a->var, b->var) && stmt(a->body, b->body);
  }
  bool eq(const IfThenElse* a, const IfThenElse* b) {
    return expr(a->cond, b->cond) && stmt(a->then_case, b->then_case) &&
           stmt(a->else_case, b->else_case);
  }
  bool eq(const Evaluate* a, const Evaluate* b) { return expr(a->value, b->value); }
  bool eq(const Copy* a, const Copy* b) {
    return a->attrs == b->attrs && region(a->src, b->src) && region(a->dst, b->dst);
  }
  bool eq(const Gemm* a, const Gemm* b) {
    if (a->transpose_a != b->transpose_a || a->transpose_b != b->transpose_b ||
        a->clear_accum != b->clear_accum || !(a->attrs == b->attrs)) {
      return fail("gemm flags differ");
    }
    return region(a->a, b->a) && region(a->b, b->b) && region(a->c, b->c);
  }
  bool eq(const Fill* a, const Fill* b) {
    return region(a->dst, b->dst) && expr(a->value, b->value);
  }
  bool eq(const Reduce* a, const Reduce* b) {
    if (a->reduce_kind != b->reduce_kind || a->dim != b->dim || a->clear != b->clear) {
      return fail("reduce kind/dim/clear differ");
    }
    return region(a->src, b->src) && region(a->dst, b->dst);
  }
  bool eq(const AtomicAdd* a, const AtomicAdd* b) {
    return a->attrs == b->attrs && region(a->dst, b->dst) && expr(a->value, b->value);
  }
  bool eq(const AnnotateLayout* a, const AnnotateLayout* b) {
    if (a->buffers.size() != b->buffers.size()) {
      return fail("annotate_layout entry count differs");
    }
    for (size_t i = 0; i < a->buffers.size(); ++i) {
      if (!buffer(a->buffers[i], b->buffers[i])) {
        return false;
      }
    }
    return exprs(a->layouts, b->layouts);
  }
};

template <class T>
bool run(const T& a, const T& b, std::string* why, bool (Equal::*fn)(const T&, const T&)) {
  Equal eq;
  bool ok = (eq.*fn)(a, b);
  if (!ok && why) {
    *why = eq.why;
  }
  return ok;
}

}  // namespace

bool structural_equal(const Expr& a, const Expr& b, std::string* why) {
  return run(a, b, why, &Equal::expr);
}
bool structural_equal(const Stmt& a, const Stmt& b, std::string* why) {
  return run(a, b, why, &Equal::stmt);
}
bool structural_equal(const PrimFunc& a, const PrimFunc& b, std::string* why) {
  return run(a, b, why, &Equal::func);
}
bool structural_equal(const Module& a, const Module& b, std::string* why) {
  if (!(a.attrs == b.attrs)) {
    if (why) {
      *why = "module attributes differ";
    }
    return false;
  }
  if (!(a.plan == b.plan)) {
    if (why) {
      *why = "device plans differ";
    }
    return false;
  }
  if (a.functions.size() != b.functions.size()) {
    if (why) {
      *why = fmt::format("{} vs {} functions", a.functions.size(), b.functions.size());
    }
    return false;
  }
  for (size_t i = 0; i < a.functions.size(); ++i) {
    if (!structural_equal(a.functions[i], b.functions[i], why)) {
      return false;
    }
  }
  return true;
}

bool same_ranges(const Region& a, const Region& b) {
  if (a.ranges.size() != b.ranges.size()) {
    return false;
  }
  for (size_t d = 0; d < a.ranges.size(); ++d) {
    if (!structural_equal(a.ranges[d].min, b.ranges[d].min) ||
        !structural_equal(a.ranges[d].extent, b.ranges[d].extent)) {
      return false;
    }
  }
  return true;
}

}  // namespace tltt::ir
