// A1: a sum of products written element by element (`x[i, j] += a[k, i] * b[k, j]` in a serial
// loop over k inside a T.Parallel nest over x) is a matrix product: it becomes a T.gemm into x
// (clear_accum=False, after the nest's earlier element-wise statements), which the matrix engine
// computes tile by tile instead of one serial loop per element.
#include <fmt/format.h>

#include <optional>
#include <vector>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "passes/pass_util.h"
#include "passes/reducer_updates.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool on_chip_2d(const Buffer& b) { return b->scope != MemScope::kGlobal && b.rank() == 2; }

std::optional<int64_t> extent_of(const For* f) {
  auto mn = as_const_int(f->min);
  auto ext = as_const_int(f->extent);
  if (!mn || *mn != 0 || !ext) {
    return std::nullopt;
  }
  return ext;
}

// Whether `ld` is `buf[u, v]` (or `buf[v, u]`, then *swapped) over a whole [U, V] block.
bool indexed_by(const BufferLoad* ld, const Variable* u, int64_t U, const Variable* v, int64_t V,
                bool* swapped) {
  if (!ld || !on_chip_2d(ld->buffer)) {
    return false;
  }
  const Expr &a = ld->indices[0], &b = ld->indices[1];
  auto r = as_const_int(ld->buffer->shape[0]), c = as_const_int(ld->buffer->shape[1]);
  if (!r || !c) {
    return false;
  }
  if (a.get() == u && b.get() == v && *r == U && *c == V) {
    *swapped = false;
    return true;
  }
  if (a.get() == v && b.get() == u && *r == V && *c == U) {
    *swapped = true;
    return true;
  }
  return false;
}

class ParallelGemms : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;

  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    std::vector<const For*> nest = parallel_nest(op);
    if (nest.size() != 2) {
      return op;
    }
    std::vector<Stmt> body;
    if (const SeqStmt* s = nest[1]->body.as<SeqStmt>()) {
      body = s->stmts;
    } else {
      body.push_back(nest[1]->body);
    }
    const For* k = body.back().as<For>();
    auto M = extent_of(nest[0]), N = extent_of(nest[1]);
    auto K = k ? extent_of(k) : std::nullopt;
    const BufferStore* st = k ? k->body.as<BufferStore>() : nullptr;
    if (!M || !N || !K || k->for_kind == ForKind::kParallel || !st || !on_chip_2d(st->buffer)) {
      return op;
    }
    const Variable *i = nest[0]->var.get(), *j = nest[1]->var.get(), *kv = k->var.get();
    BufferLoad self_ld = *BufferLoad::make(st->buffer, st->indices).as<BufferLoad>();
    bool swapped = false;
    if (!indexed_by(&self_ld, i, *M, j, *N, &swapped) || swapped) {
      return op;
    }
    const Binary* add = st->value.as<Binary>();
    if (!add || add->op != BinaryOp::kAdd) {
      return op;
    }
    Expr self = BufferLoad::make(st->buffer, st->indices);
    bool left = structural_equal(add->a, self);
    if (!left && !structural_equal(add->b, self)) {
      return op;
    }
    const Binary* mul = (left ? add->b : add->a).as<Binary>();
    if (!mul || mul->op != BinaryOp::kMul) {
      return op;
    }
    const BufferLoad* x = mul->a.as<BufferLoad>();
    const BufferLoad* y = mul->b.as<BufferLoad>();
    bool ta = false, tb = false;
    if (!(indexed_by(x, i, *M, kv, *K, &ta) && indexed_by(y, kv, *K, j, *N, &tb))) {
      std::swap(x, y);
      if (!(indexed_by(x, i, *M, kv, *K, &ta) && indexed_by(y, kv, *K, j, *N, &tb))) {
        return op;
      }
    }
    if (x->buffer.same_as(st->buffer) || y->buffer.same_as(st->buffer)) {
      return op;
    }
    // The earlier statements write element (i, j) only; they must leave the operands alone.
    body.pop_back();
    for (const Stmt& s : body) {
      for (const BufferNode* b : buffers_in(s)) {
        if (b == x->buffer.get() || b == y->buffer.get()) {
          return op;
        }
      }
    }
    Location loc = op->loc;
    std::vector<Stmt> out;
    if (!body.empty()) {
      Stmt inner = For::make(nest[1]->var, nest[1]->min, nest[1]->extent, ForKind::kParallel,
                             seq(body, loc), nest[1]->num_stages, nest[1]->attrs, nest[1]->loc);
      out.push_back(For::make(nest[0]->var, nest[0]->min, nest[0]->extent, ForKind::kParallel,
                              inner, op->num_stages, op->attrs, loc));
    }
    out.push_back(Gemm::make(Region::full(x->buffer, loc), Region::full(y->buffer, loc),
                             Region::full(st->buffer, loc), ta, tb, false, {}, k->loc));
    ctx->remark(k->loc, "parallel-gemm") << fmt::format(
        "the loop over '{}' sums products of '{}' and '{}' into '{}' element by element: a "
        "T.gemm (transpose_A={}, transpose_B={}, clear_accum=false)",
        kv->name, x->buffer->name, y->buffer->name, st->buffer->name, ta, tb);
    return seq(out, loc);
  }
};

}  // namespace

PrimFunc lower_parallel_gemms(const PrimFunc& f, PassContext& ctx) {
  ParallelGemms g;
  g.ctx = &ctx;
  PrimFunc out = f;
  out.body = g.mutate(f.body);
  return out;
}

}  // namespace tltt::passes
