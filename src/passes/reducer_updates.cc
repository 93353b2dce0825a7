// lower_reducer_updates (reducer_updates.h): recognises the accumulating store of a 2-D
// T.Parallel nest and rewrites it into a block of terms and a reduction along the loop variable
// the accumulator does not depend on.
#include "passes/reducer_updates.h"

#include <fmt/format.h>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool is_load_of(const Expr& e, const BufferStore* st) {
  const BufferLoad* l = e.as<BufferLoad>();
  return l && l->buffer.same_as(st->buffer) && l->indices.size() == 1 &&
         l->indices[0].same_as(st->indices[0]);
}

bool mentions(const Expr& e, const Buffer& b) {
  bool found = false;
  post_order_visit(Evaluate::make(e), [&](const Node* n) {
    found |=
        n->kind == NodeKind::kBufferLoad && static_cast<const BufferLoad*>(n)->buffer.same_as(b);
  });
  return found;
}

class ReducerUpdates : public Mutator {
 public:
  using Mutator::visit;
  explicit ReducerUpdates(PassContext& ctx) : ctx_(ctx) {}
  std::vector<Buffer> terms;  // new fragments, allocated at the top of the block

  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    std::vector<const For*> nest = parallel_nest(op);
    const BufferStore* st = nest.size() == 2 ? nest[1]->body.as<BufferStore>() : nullptr;
    if (!st || st->buffer->scope == MemScope::kGlobal || st->buffer.rank() != 1) {
      return Mutator::visit(op);
    }
    // The accumulator's loop variable k; the folded one is the other.
    int k = -1;
    for (int d = 0; d < 2; ++d) {
      if (st->indices[0].get() == nest[d]->var.get()) {
        k = d;
      }
    }
    ReduceKind kind = ReduceKind::kSum;
    Expr term;
    if (const Binary* b = st->value.as<Binary>();
        b && (b->op == BinaryOp::kAdd || b->op == BinaryOp::kMax || b->op == BinaryOp::kMin)) {
      kind = b->op == BinaryOp::kAdd   ? ReduceKind::kSum
             : b->op == BinaryOp::kMax ? ReduceKind::kMax
                                       : ReduceKind::kMin;
      term = is_load_of(b->a, st) ? b->b : is_load_of(b->b, st) ? b->a : Expr();
    }
    std::vector<int64_t> ext;
    for (const For* l : nest) {
      auto e = const_value(l->extent);
      if (const_value(l->min) != 0 || !e) {
        return Mutator::visit(op);
      }
      ext.push_back(*e);
    }
    if (k < 0 || !term.defined() || mentions(term, st->buffer) ||
        const_value(st->buffer->shape[0]) != ext[k]) {
      return Mutator::visit(op);
    }
    int dim = 1 - k;
    Location loc = op->loc;
    std::vector<Stmt> out;
    Buffer src;
    const BufferLoad* whole = term.as<BufferLoad>();
    if (whole && whole->buffer->scope != MemScope::kGlobal && whole->buffer.rank() == 2 &&
        whole->indices[0].get() == nest[0]->var.get() &&
        whole->indices[1].get() == nest[1]->var.get() &&
        const_value(whole->buffer->shape[0]) == ext[0] &&
        const_value(whole->buffer->shape[1]) == ext[1] &&
        whole->buffer->dtype == st->buffer->dtype) {
      src = whole->buffer;
    } else {
      src = Buffer::make(st->buffer->name + "_terms", st->buffer->dtype,
                         {nest[0]->extent, nest[1]->extent}, MemScope::kFragment, {}, loc);
      terms.push_back(src);
      Expr v = term.dtype() == src->dtype ? term : Cast::make(src->dtype, term, loc);
      Stmt fill = BufferStore::make(src, {nest[0]->var, nest[1]->var}, v, st->loc);
      fill = For::make(nest[1]->var, nest[1]->min, nest[1]->extent, ForKind::kParallel, fill, 0,
                       nest[1]->attrs, nest[1]->loc);
      out.push_back(For::make(nest[0]->var, nest[0]->min, nest[0]->extent, ForKind::kParallel, fill,
                              0, op->attrs, loc));
    }
    out.push_back(Reduce::make(kind, Region::full(src, loc), Region::full(st->buffer, loc), dim,
                               false, st->loc));
    const char* names[] = {"sum", "max", "min"};
    ctx_.remark(st->loc, "reducer") << fmt::format(
        "'{0}[{1}]' accumulates over the T.Parallel loop '{2}', which its index does not use: "
        "a T.reduce_{3} along dim {4} of {5} into '{0}', with clear=False",
        st->buffer->name, nest[k]->var->name, nest[dim]->var->name, names[static_cast<int>(kind)],
        dim,
        whole && src.same_as(whole->buffer) ? "'" + src->name + "'"
                                            : "the terms, first stored in '" + src->name + "'");
    return seq(out, loc);
  }

 private:
  PassContext& ctx_;
};

}  // namespace

PrimFunc lower_reducer_updates(const PrimFunc& f, PassContext& ctx) {
  std::vector<const KernelLaunch*> launches = kernel_launches(f.body);
  if (launches.empty()) {
    return f;
  }
  const KernelLaunch* launch = launches.back();
  ReducerUpdates r(ctx);
  Stmt body = r.mutate(split_reducer_stores(launch->body));
  if (body.same_as(launch->body)) {
    return f;
  }
  for (const Buffer& b : r.terms) {
    body = Allocate::make(b, body, b->loc);
  }
  Stmt new_launch =
      KernelLaunch::make(launch->extents, launch->vars, launch->attrs, body, launch->loc);
  return f.with_body(replace_launch(f.body, launch, new_launch));
}

}  // namespace tltt::passes
