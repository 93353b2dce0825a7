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
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;
using stream::cb_bytes;
using stream::identity;
using stream::mask_nest;
using stream::RowKernel;

namespace {

int64_t tiles_of(int64_t elems) { return (elems + kTile - 1) / kTile; }

// Rewrites one statement for chunk `k` of `cols` columns: row-wide buffers become their chunk,
// the column loop of a nest runs over the chunk, other uses of the column (tensor elements, bound
// masks) become `k * cols + j`, tensor regions of copies move to the chunk, reductions fold
// into their running value, loop variables are fresh (a statement can run in several loops).
class Chunker : public Mutator {
 public:
  using Mutator::visit;
  const std::map<const BufferNode*, Buffer>* chunk = nullptr;
  const std::map<const BufferNode*, Buffer>* held = nullptr;  // held buffer -> its whole block
  const std::set<const BufferNode*>* filled = nullptr;        // held blocks loaded already
  std::set<const BufferNode*> loaded;                         // held blocks this pass loads
  Var k;
  int64_t cols = 0, width = 0;
  bool padded = false;               // the last chunk reaches past the row's end
  bool strip_stores = false;         // drop tensor element stores (a recomputation, not the effect)
  std::set<const BufferNode*> dead;  // row-wide buffers no later statement of the pass reads
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
    if ((op->buffer->scope == MemScope::kGlobal && strip_stores) || dead.count(op->buffer.get())) {
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
    if (auto h = held->find(op->dst.buffer.get()); h != held->end()) {
      // The chunk of a block kept whole in L1 is copied from it; the first pass that reads it
      // loads it there chunk by chunk (so the loads overlap compute, as streamed chunks do).
      Region part = Region::full(h->second, op->loc);
      part.ranges.back() = {offset(), cint(cols, op->loc)};
      Stmt take = Copy::make(part, mutate_region(op->dst), op->attrs, op->loc);
      if (!filled->count(h->first)) {
        loaded.insert(h->first);
        Region src = mutate_region(op->src);
        move_to_chunk(src, op->loc);
        return SeqStmt::make({Copy::make(src, part, op->attrs, op->loc), take}, op->loc);
      }
      return take;
    }
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

struct Rewrite {
  const RowKernel* k = nullptr;
  std::map<const BufferNode*, Buffer> chunk, held;
  std::set<const BufferNode*> filled;
  int64_t cols = 0, chunks = 0;
  std::vector<Location> past_end;

  // The fills of the reductions' running values and the chunk loop of group `g`.
  std::vector<Stmt> loop(const stream::Group& g, const Location& loc) {
    Var kv = Variable::make("chunk", DataType::int32(), loc);
    std::set<const BufferNode*> newly;
    std::vector<Stmt> before, body;
    for (size_t p = 0; p < g.body.size(); ++p) {
      size_t s = g.body[p];
      const stream::StmtInfo& si = k->stmts[s];
      Chunker c;
      // A nest stores only what the pass reads later (LayerNorm's last pass needs
      // 'centered', not the squares the same nest writes for the variance).
      c.dead = stream::unread_writes(*k, g, p);
      if (si.col && !si.effect() && c.dead.size() == si.writes.size()) {
        continue;
      }
      c.chunk = &chunk;
      c.held = &held;
      c.filled = &filled;
      c.k = kv;
      c.cols = cols;
      c.width = k->width;
      c.padded = chunks * cols > k->width;
      c.strip_stores = std::find(g.effects.begin(), g.effects.end(), s) == g.effects.end();
      c.col = si.col;
      Stmt out = c.mutate(si.stmt);
      newly.insert(c.loaded.begin(), c.loaded.end());
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
    filled.insert(newly.begin(), newly.end());
    before.push_back(For::make(kv, cint(0, loc), cint(chunks, loc), ForKind::kSerial,
                               seq(body, loc), 0, {}, loc));
    return before;
  }
};

}  // namespace

Module stream_rows(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::vector<const KernelLaunch*> launches = kernel_launches(f.body);
    if (launches.size() != 1) {
      continue;  // B1 reports it
    }
    const KernelLaunch* launch = launches[0];
    std::vector<const Allocate*> allocs;
    std::vector<Buffer> bufs;
    Stmt whole_body = stream::inline_unit_loops(launch->body), body = whole_body;
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
                             stream::keep_resident(bufs, *k, single, whole_body), launch->loc)));
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
    stream::ChunkChoice choice = stream::choose_chunks(bufs, *k, budget, fixed, per_tile);
    int64_t n = choice.n, kept = choice.kept;
    const stream::Held &held = choice.held, &invariant = choice.invariant;
    Rewrite rw;
    rw.k = &*k;
    rw.cols = (row_tiles + n - 1) / n * kTile;
    rw.chunks = n;
    std::string held_names, whole_names;
    for (const Buffer& b : bufs) {
      if (!k->wide.count(b.get())) {
        continue;
      }
      bool keep = held.count(b.get()) != 0;
      rw.chunk[b.get()] =
          Buffer::make(keep ? b->name + "_chunk" : b->name, b->dtype,
                       {b->shape[0], cint(rw.cols, b->loc)}, b->scope, b->attrs, b->loc);
      if (keep) {
        Attrs attrs = b->attrs;
        attrs.set(keys::kCbDepth, int64_t{1});
        rw.held[b.get()] = Buffer::make(b->name, b->dtype, b->shape, b->scope, attrs, b->loc);
        std::string& names = invariant.count(b.get()) ? whole_names : held_names;
        names += fmt::format("{}'{}'", names.empty() ? "" : ", ", b->name);
      }
    }
    std::vector<Stmt> stmts;
    size_t next = 0;
    for (const auto& [b, t] : invariant) {
      rw.filled.insert(b);  // every pass copies its chunks from the whole block
    }
    for (size_t t = 0; t < k->stmts.size(); ++t) {
      const Copy* c = k->stmts[t].stmt.as<Copy>();
      if (k->stmts[t].role == stream::Role::kNarrow) {
        stmts.push_back(k->stmts[t].stmt);
      } else if (c && invariant.count(c->dst.buffer.get())) {
        stmts.push_back(Copy::make(c->src, Region::full(rw.held.at(c->dst.buffer.get()), c->loc),
                                   c->attrs, c->loc));
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
      if (auto h = rw.held.find(bufs[a].get()); h != rw.held.end()) {
        nb = Allocate::make(h->second, nb, allocs[a]->loc);
      }
    }
    int64_t whole_bytes = stream::held_bytes(bufs, invariant);
    if (!invariant.empty()) {
      ctx.remark(launch->loc, "invariant") << fmt::format(
          "{} loaded from the same tensor region by every row block: kept whole in L1 with one "
          "copy (about {} bytes), loaded whole before the passes over the row (B2 reads {} once "
          "per core), the passes copy their chunks from there",
          whole_names, whole_bytes, invariant.size() > 1 ? "them" : "it");
    }
    if (held.size() > invariant.size()) {
      ctx.remark(launch->loc, "held") << fmt::format(
          "{} {} read by several passes over the row: kept whole in L1 with one copy (about {} "
          "bytes), loaded chunk by chunk by the first pass, the later passes copy their chunks "
          "from there instead of reading the tensor again; the other row-wide buffers are "
          "streamed in chunks within half of the {} bytes left",
          held.size() - invariant.size() > 1 ? "row blocks" : "row block", held_names,
          kept - whole_bytes, budget - kept);
    }
    ctx.remark(launch->loc, "chunks") << fmt::format(
        "row blocks of {} columns need about {} bytes of circular buffers, more than the {} "
        "available on {}: the row is streamed in {} chunks of {} columns (about {} bytes, at "
        "most half the budget{}), in {} passes over the row{}",
        k->width, whole, budget, ctx.device.name, n, rw.cols, cb_bytes(bufs, *k, rw.cols),
        held.empty() ? "" : " left beside the blocks kept whole", k->groups.size(),
        n * rw.cols > k->width ? fmt::format("; columns {} to {} of the last chunk are padding, "
                                             "masked before reductions",
                                             k->width, n * rw.cols - 1)
                               : "");
    if (ctx.remarks_enabled()) {
      std::set<std::string> held_set;
      std::set<std::string> whole_set;
      for (const auto& [b, load] : held) {
        (invariant.count(b) ? whole_set : held_set).insert(b->name);
      }
      for (size_t g = 0; g < k->groups.size(); ++g) {
        ctx.remark(k->stmts[k->groups[g].effects.front()].stmt.loc(), "pass")
            << fmt::format("pass {} of {} over the row: {}", g + 1, k->groups.size(),
                           stream::describe_pass(*k, g, held_set, whole_set));
      }
    }
    f = f.with_body(replace_launch(
        f.body, launch,
        KernelLaunch::make(launch->extents, launch->vars, launch->attrs, nb, launch->loc)));
  }
  return out;
}

}  // namespace tltt::passes
