// A4: row blocks wider than one core's L1 are streamed in chunks of the row (stream_rows.h).
// The analysis (which statements each pass over the row runs) is in stream_rows_plan.cc; this
// file estimates the L1 the block needs, chooses the chunk width and rewrites the block.
#include "passes/stream_rows.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/stream_rows_plan.h"

namespace tltt::passes {

using namespace ir;
using stream::cb_bytes;
using stream::RowKernel;

namespace {

int64_t tiles_of(int64_t elems) { return (elems + kTile - 1) / kTile; }

double identity(ReduceKind kind) {
  double inf = std::numeric_limits<double>::infinity();
  return kind == ReduceKind::kMax ? -inf : kind == ReduceKind::kMin ? inf : 0.0;
}

// Rewrites one statement for chunk `k` of `cols` columns: row-wide buffers become their chunk,
// the column loop of a nest runs over the chunk, other uses of the column (tensor elements, bound
// masks) become `k * cols + j`, tensor regions of copies move to the chunk, reductions fold
// into their running value, loop variables are fresh (a statement can run in several loops).
class Chunker : public Mutator {
 public:
  using Mutator::visit;
  const std::map<const BufferNode*, Buffer>* chunk = nullptr;
  Var k;
  int64_t cols = 0, width = 0;
  bool padded = false;        // the last chunk reaches past the row's end
  bool strip_stores = false;  // drop tensor element stores (a recomputation, not the effect)
  const Variable* col = nullptr;
  std::vector<Location> past_end;  // tensor accesses whose extra columns are not padding

  Buffer mutate_buffer(const Buffer& b) override {
    auto it = chunk->find(b.get());
    return it == chunk->end() ? b : it->second;
  }
  Region mutate_region(const Region& r) override {
    auto it = chunk->find(r.buffer.get());
    return it == chunk->end() ? Mutator::mutate_region(r) : Region::full(it->second, r.loc);
  }
  Expr visit(const Variable* op) override {
    if (op == col) {
      return add(offset(), Expr(col_));
    }
    auto it = fresh_.find(op);
    return it == fresh_.end() ? Expr(op) : Expr(it->second);
  }
  Expr visit(const BufferLoad* op) override {
    if (!chunk->count(op->buffer.get())) {
      check_column(op->buffer, op->indices, op->loc);
      return Mutator::visit(op);
    }
    return BufferLoad::make(mutate_buffer(op->buffer), chunk_indices(op->indices), op->loc);
  }
  Stmt visit(const BufferStore* op) override {
    if (op->buffer->scope == MemScope::kGlobal && strip_stores) {
      return SeqStmt::make({}, op->loc);
    }
    if (!chunk->count(op->buffer.get())) {
      check_column(op->buffer, op->indices, op->loc);
      return Mutator::visit(op);
    }
    return BufferStore::make(mutate_buffer(op->buffer), chunk_indices(op->indices),
                             mutate(op->value), op->loc);
  }
  Stmt visit(const For* op) override {
    Var v = Variable::make(op->var->name, op->var->dtype, op->var->loc);
    bool is_col = op->var.get() == col;
    if (is_col) {
      col_ = v;
    } else {
      fresh_[op->var.get()] = v;
    }
    return For::make(v, op->min, is_col ? cint(cols, op->loc) : op->extent, op->for_kind,
                     mutate(op->body), op->num_stages, op->attrs, op->loc);
  }
  Stmt visit(const Copy* op) override {
    Region src = mutate_region(op->src), dst = mutate_region(op->dst);
    if (chunk->count(op->dst.buffer.get()) && op->src.buffer->scope == MemScope::kGlobal) {
      move_to_chunk(src, op->loc);
    }
    if (chunk->count(op->src.buffer.get()) && op->dst.buffer->scope == MemScope::kGlobal) {
      move_to_chunk(dst, op->loc);
    }
    return Copy::make(src, dst, op->attrs, op->loc);
  }
  Stmt visit(const Reduce* op) override {
    return Reduce::make(op->reduce_kind, mutate_region(op->src), op->dst, op->dim, false, op->loc);
  }

 private:
  Var col_;
  std::map<const Variable*, Var> fresh_;

  Expr offset() const { return mul(Expr(k), cint(cols, k->loc)); }
  std::vector<Expr> chunk_indices(const std::vector<Expr>& idx) {
    std::vector<Expr> out;
    for (size_t d = 0; d + 1 < idx.size(); ++d) {
      out.push_back(mutate(idx[d]));
    }
    out.push_back(col_);
    return out;
  }
  // A padded chunk reads and writes past the row's end: that must be the tensor's padding.
  bool ends_at_tensor_end(const Buffer& t, const Expr& base) const {
    auto b = const_value(base);
    return !padded || (b && *b + width == as_const_int(t->shape.back()).value_or(-1));
  }
  void move_to_chunk(Region& r, const Location& at) {
    Range& last = r.ranges.back();
    if (!ends_at_tensor_end(r.buffer, last.min)) {
      past_end.push_back(at);
    }
    last = {simplify(add(last.min, offset())), cint(cols, r.loc)};
  }
  void check_column(const Buffer& t, const std::vector<Expr>& idx, const Location& at) {
    if (t->scope != MemScope::kGlobal || idx.empty() || !uses_var(idx.back(), col)) {
      return;
    }
    auto base = split_index(idx.back(), col, {col});
    if (!base || !ends_at_tensor_end(t, *base)) {
      past_end.push_back(at);
    }
  }
};

// src[i, j] = T.if_then_else(k * cols + j < width, src[i, j], identity): the padding past the
// row's end does not take part in the reduction (B3 lowers it to a bound mask).
Stmt mask_nest(const Buffer& src, const Expr& offset, int64_t width, ReduceKind kind,
               const Location& loc) {
  Var i = Variable::make("pad_i", DataType::int32(), loc);
  Var j = Variable::make("pad_j", DataType::int32(), loc);
  Expr cond = Compare::make(CompareOp::kLT, add(offset, j), cint(width, loc), loc);
  Expr value = Select::make(cond, BufferLoad::make(src, {i, j}, loc),
                            FloatImm::make(identity(kind), src->dtype, loc), loc);
  Stmt body = BufferStore::make(src, {i, j}, value, loc);
  body = For::make(j, cint(0, loc), src->shape[1], ForKind::kParallel, body, 0, {}, loc);
  return For::make(i, cint(0, loc), src->shape[0], ForKind::kParallel, body, 0, {}, loc);
}

struct Rewrite {
  const RowKernel* k = nullptr;
  std::map<const BufferNode*, Buffer> chunk;
  int64_t cols = 0, chunks = 0;
  std::vector<Location> past_end;

  // The fills of the reductions' running values and the chunk loop of group `g`.
  std::vector<Stmt> loop(const stream::Group& g, const Location& loc) {
    Var kv = Variable::make("chunk", DataType::int32(), loc);
    std::vector<Stmt> before, body;
    for (size_t s : g.body) {
      const stream::StmtInfo& si = k->stmts[s];
      Chunker c;
      c.chunk = &chunk;
      c.k = kv;
      c.cols = cols;
      c.width = k->width;
      c.padded = chunks * cols > k->width;
      c.strip_stores = std::find(g.effects.begin(), g.effects.end(), s) == g.effects.end();
      c.col = si.col;
      Stmt out = c.mutate(si.stmt);
      past_end.insert(past_end.end(), c.past_end.begin(), c.past_end.end());
      if (const Reduce* r = si.stmt.as<Reduce>()) {
        Location at = r->loc;
        if (r->clear) {
          before.push_back(Fill::make(
              r->dst, FloatImm::make(identity(r->reduce_kind), r->dst.buffer->dtype, at), at));
        }
        if (c.padded) {
          body.push_back(mask_nest(chunk.at(r->src.buffer.get()), mul(kv, cint(cols, at)), k->width,
                                   r->reduce_kind, at));
        }
      }
      body.push_back(out);
    }
    before.push_back(For::make(kv, cint(0, loc), cint(chunks, loc), ForKind::kSerial,
                               seq(body, loc), 0, {}, loc));
    return before;
  }
};

// "T.reduce_sum into 'scale'; reads 'X', recomputes 'x'" for the remark of pass `gi`: the
// recomputed buffers are those an earlier pass computed too (other than by loading them).
std::string describe(const RowKernel& k, size_t gi) {
  const stream::Group& g = k.groups[gi];
  std::set<size_t> earlier;
  for (size_t p = 0; p < gi; ++p) {
    earlier.insert(k.groups[p].body.begin(), k.groups[p].body.end());
  }
  auto list = [](const std::set<std::string>& names) {
    std::string out;
    for (const std::string& n : names) {
      out += fmt::format("{}'{}'", out.empty() ? "" : ", ", n);
    }
    return out;
  };
  std::string effects;
  for (size_t e : g.effects) {
    const Stmt& s = k.stmts[e].stmt;
    std::string what;
    if (const Reduce* r = s.as<Reduce>()) {
      what = fmt::format("T.reduce_{} into '{}'", reduce_kind_name(r->reduce_kind),
                         r->dst.buffer->name);
    } else {
      std::set<std::string> out;
      post_order_visit(s, [&](const Node* n) {
        if (n->kind == NodeKind::kCopy) {
          out.insert(static_cast<const Copy*>(n)->dst.buffer->name);
        } else if (n->kind == NodeKind::kBufferStore) {
          const Buffer& b = static_cast<const BufferStore*>(n)->buffer;
          if (b->scope == MemScope::kGlobal) {
            out.insert(b->name);
          }
        }
      });
      what = "writes " + list(out);
    }
    effects += (effects.empty() ? "" : ", ") + what;
  }
  std::set<std::string> tensors, again;
  for (size_t s : g.body) {
    const Stmt& st = k.stmts[s].stmt;
    if (const Copy* c = st.as<Copy>(); c && c->src.buffer->scope == MemScope::kGlobal) {
      tensors.insert(c->src.buffer->name);
    }
    if (earlier.count(s) &&
        !(st.as<Copy>() && st.as<Copy>()->src.buffer->scope == MemScope::kGlobal)) {
      for (const BufferNode* w : k.stmts[s].writes) {
        again.insert(w->name);
      }
    }
  }
  return fmt::format("{}; reads {}{}", effects, tensors.empty() ? "no tensor" : list(tensors),
                     again.empty() ? "" : ", recomputes " + list(again));
}

}  // namespace

Module stream_rows(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::vector<const KernelLaunch*> launches;
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind == NodeKind::kKernelLaunch) {
        launches.push_back(static_cast<const KernelLaunch*>(n));
      }
    });
    if (launches.size() != 1) {
      continue;  // B1 reports it
    }
    const KernelLaunch* launch = launches[0];
    std::vector<const Allocate*> allocs;
    std::vector<Buffer> bufs;
    Stmt body = launch->body;
    while (const Allocate* a = body.as<Allocate>()) {
      allocs.push_back(a);
      bufs.push_back(a->buffer);
      body = a->body;
    }
    std::optional<RowKernel> k = stream::find_row_kernel(bufs, body);
    if (!k) {
      continue;
    }
    int64_t budget = ctx.device.l1_budget, whole = cb_bytes(bufs, *k, k->width);
    if (whole <= budget) {
      continue;
    }
    // Before streaming: with one copy of the CBs that need no second one, the whole row block
    // may still fit, and then each row is read once instead of once per pass over it.
    stream::BufferSet single = stream::single_copy(*k);
    if (int64_t resident = cb_bytes(bufs, *k, k->width, &single); resident <= budget) {
      ctx.remark(launch->loc, "resident") << fmt::format(
          "row blocks of {} columns need about {} bytes of double-buffered circular buffers, "
          "more than the {} available on {}; with one copy {} (written whole once per row "
          "block; blocks updated in place keep two) they need about {}: the row block stays "
          "whole in L1 and each row is read once, not streamed in chunks",
          k->width, whole, budget, ctx.device.name, stream::describe_single(bufs, *k, single),
          resident);
      f = f.with_body(replace_launch(
          f.body, launch,
          KernelLaunch::make(launch->extents, launch->vars, launch->attrs,
                             stream::keep_resident(bufs, *k, single, launch->body), launch->loc)));
      continue;
    }
    std::string why = fmt::format(
        "the row block ({} columns, about {} bytes of circular buffers) does not fit the {} "
        "bytes of L1 available on {}, and it cannot be streamed in chunks of the row: ",
        k->width, whole, budget, ctx.device.name);
    // Passes over the row read their inputs again; an in-place tensor would by then be
    // partly overwritten.
    const TensorPlan* in_place = nullptr;
    for (const TensorPlan& t : out.plan.tensors) {
      in_place = t.access == TensorAccess::kReadWrite ? &t : in_place;
    }
    if (in_place) {
      ctx.error(launch->loc) << why
                             << fmt::format("tensor '{}' is updated in place", in_place->name);
      continue;
    }
    if (!stream::plan_groups(*k, why, ctx)) {
      continue;
    }
    // Chunks whose CBs take at most half the budget (the other half is left to the CBs later
    // passes add: spills of long expressions, masks): the fewest that fit, or up to twice as
    // many when they cover the row with fewer tiles past its end (none when they divide it).
    int64_t fixed = cb_bytes(bufs, *k, 0), per_tile = cb_bytes(bufs, *k, kTile) - fixed;
    int64_t row_tiles = tiles_of(k->width), fit = (budget / 2 - fixed) / per_tile;
    if (fit < 1) {
      ctx.error(launch->loc) << why
                             << fmt::format("one tile column of the row already needs {} bytes",
                                            fixed + per_tile);
      continue;
    }
    int64_t least = (row_tiles + fit - 1) / fit, n = least;
    for (int64_t c = least; c <= std::min(2 * least, row_tiles); ++c) {
      if (c * ((row_tiles + c - 1) / c) < n * ((row_tiles + n - 1) / n)) {
        n = c;
      }
    }
    Rewrite rw;
    rw.k = &*k;
    rw.cols = (row_tiles + n - 1) / n * kTile;
    rw.chunks = n;
    for (const Buffer& b : bufs) {
      if (k->wide.count(b.get())) {
        rw.chunk[b.get()] = Buffer::make(b->name, b->dtype, {b->shape[0], cint(rw.cols, b->loc)},
                                         b->scope, b->attrs, b->loc);
      }
    }
    std::vector<Stmt> stmts;
    size_t next = 0;
    for (size_t t = 0; t < k->stmts.size(); ++t) {
      if (k->stmts[t].role == stream::Role::kNarrow) {
        stmts.push_back(k->stmts[t].stmt);
      }
      if (next < k->groups.size() && k->groups[next].effects.front() == t) {
        for (Stmt& s : rw.loop(k->groups[next++], k->stmts[t].stmt.loc())) {
          stmts.push_back(s);
        }
      }
    }
    for (const Location& at : rw.past_end) {
      ctx.error(at) << why
                    << fmt::format(
                           "the last of {} chunks of {} columns reaches past column {}, "
                           "and this tensor access does not end at the tensor's end (so "
                           "the extra columns are not padding)",
                           n, rw.cols, k->width);
    }
    if (!rw.past_end.empty()) {
      continue;
    }
    Stmt nb = seq(stmts, launch->loc);
    for (size_t a = allocs.size(); a-- > 0;) {
      auto it = rw.chunk.find(bufs[a].get());
      nb = Allocate::make(it == rw.chunk.end() ? bufs[a] : it->second, nb, allocs[a]->loc);
    }
    ctx.remark(launch->loc, "chunks") << fmt::format(
        "row blocks of {} columns need about {} bytes of circular buffers, more than the {} "
        "available on {}: the row is streamed in {} chunks of {} columns (about {} bytes, at "
        "most half the budget), in {} passes over the row{}",
        k->width, whole, budget, ctx.device.name, n, rw.cols, cb_bytes(bufs, *k, rw.cols),
        k->groups.size(),
        n * rw.cols > k->width ? fmt::format("; columns {} to {} of the last chunk are padding, "
                                             "masked before reductions",
                                             k->width, n * rw.cols - 1)
                               : "");
    if (ctx.remarks_enabled()) {
      for (size_t g = 0; g < k->groups.size(); ++g) {
        ctx.remark(k->stmts[k->groups[g].effects.front()].stmt.loc(), "pass") << fmt::format(
            "pass {} of {} over the row: {}", g + 1, k->groups.size(), describe(*k, g));
      }
    }
    f = f.with_body(replace_launch(
        f.body, launch,
        KernelLaunch::make(launch->extents, launch->vars, launch->attrs, nb, launch->loc)));
  }
  return out;
}

}  // namespace tltt::passes
