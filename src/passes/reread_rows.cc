// B0b reread-rows (reread_rows.h): a tensor row block read chunk by chunk by several sequential
// loops is loaded into L1 once. What decides is the loops' copies (tensor, chunk offset affine in
// the loop variable, chunk width), never buffer names.
#include "passes/reread_rows.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/gemm_blocks.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

// One loop's chunk load `T[rows, base + k * w +: w] -> block`.
struct ChunkLoad {
  const For* loop = nullptr;
  const Copy* copy = nullptr;
  Expr base;  // free of the loop variable
  int64_t width = 0, n = 0;
};

std::optional<ChunkLoad> chunk_load(const For* loop, const Stmt& s) {
  const Copy* c = s.as<Copy>();
  if (!c || c->src.buffer->scope != MemScope::kGlobal ||
      c->dst.buffer->scope != MemScope::kShared || !region_is_full(c->dst) ||
      c->src.buffer->dtype != c->dst.buffer->dtype || c->dst.buffer->shape.size() != 2 ||
      c->src.ranges.size() != 2) {
    return std::nullopt;
  }
  const Variable* k = loop->var.get();
  std::optional<int64_t> n = const_value(loop->extent), w = const_value(c->src.ranges[1].extent);
  std::optional<int64_t> zero = const_value(loop->min);
  if (!n || !w || !zero || *zero != 0 || *n < 2 || *w % kTile != 0 ||
      uses_var(c->src.ranges[0].min, k) || uses_var(c->src.ranges[0].extent, k)) {
    return std::nullopt;
  }
  std::optional<Affine> a = affine_in(c->src.ranges[1].min, k);
  if (!a || a->coef != *w) {
    return std::nullopt;
  }
  return ChunkLoad{loop, c, a->rest.defined() ? a->rest : cint(0, c->loc), *w, *n};
}

bool same_rows(const ChunkLoad& a, const ChunkLoad& b) {
  const Copy &x = *a.copy, &y = *b.copy;
  return x.src.buffer.get() == y.src.buffer.get() && x.dst.buffer.get() == y.dst.buffer.get() &&
         a.width == b.width && a.n == b.n && structural_equal(a.base, b.base) &&
         structural_equal(x.src.ranges[0].min, y.src.ranges[0].min) &&
         structural_equal(x.src.ranges[0].extent, y.src.ranges[0].extent);
}

bool writes_tensor(const Stmt& body, const Buffer& t) {
  bool found = false;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kCopy) {
      found |= static_cast<const Copy*>(n)->dst.buffer.get() == t.get();
    } else if (n->kind == NodeKind::kBufferStore) {
      found |= static_cast<const BufferStore*>(n)->buffer.get() == t.get();
    }
  });
  return found;
}

// Rewrites the chunk loads of one kept row block.
class Rewrite : public Mutator {
 public:
  using Mutator::visit;
  const std::vector<ChunkLoad>* loads = nullptr;
  Buffer rows;

  Stmt visit(const For* op) override {
    if (std::any_of(loads->begin(), loads->end(),
                    [&](const ChunkLoad& l) { return l.loop == op; })) {
      current_ = op;
    }
    return Mutator::visit(op);
  }
  Stmt visit(const Copy* op) override {
    for (size_t i = 0; i < loads->size(); ++i) {
      const ChunkLoad& l = (*loads)[i];
      if (l.copy != op || l.loop != current_) {
        continue;
      }
      Region part = Region::full(rows, op->loc);
      part.ranges.back() = {mul(Expr(l.loop->var), cint(l.width, op->loc)), cint(l.width, op->loc)};
      Stmt take = Copy::make(part, op->dst, op->attrs, op->loc);
      if (i == 0) {  // the first loop loads the chunk into the row block, then takes it
        return SeqStmt::make({Copy::make(op->src, part, op->attrs, op->loc), take}, op->loc);
      }
      return take;
    }
    return Mutator::visit(op);
  }

 private:
  const For* current_ = nullptr;
};

int64_t block_bytes(const Buffer& b) {
  std::vector<int64_t> g = tile_grid(b);
  int64_t tiles = 1;
  for (int64_t d : g) {
    tiles *= d;
  }
  return tiles * tile_bytes(b->dtype);
}

}  // namespace

std::optional<Stmt> keep_reread_rows(const KernelLaunch* launch, PassContext& ctx) {
  std::vector<const Allocate*> allocs;
  Stmt body = launch->body;
  int64_t others = 0;
  while (const Allocate* a = body.as<Allocate>()) {
    allocs.push_back(a);
    others += 2 * block_bytes(a->buffer);
    body = a->body;
  }
  // The chunk loads of the top-level sequential loops, grouped by row block.
  std::vector<std::vector<ChunkLoad>> groups;
  const SeqStmt* top = body.as<SeqStmt>();
  for (const Stmt& s : top ? top->stmts : std::vector<Stmt>{body}) {
    const For* loop = s.as<For>();
    if (!loop || loop->for_kind == ForKind::kParallel) {
      continue;
    }
    const SeqStmt* lb = loop->body.as<SeqStmt>();
    for (const Stmt& t : lb ? lb->stmts : std::vector<Stmt>{loop->body}) {
      std::optional<ChunkLoad> l = chunk_load(loop, t);
      if (!l) {
        continue;
      }
      auto g = std::find_if(groups.begin(), groups.end(),
                            [&](const auto& gr) { return same_rows(gr.front(), *l); });
      if (g == groups.end()) {
        groups.push_back({*l});
      } else if (g->back().loop != loop) {
        g->push_back(*l);
      }
    }
  }
  int64_t budget = ctx.device.l1_budget;
  Stmt out = body;
  std::vector<Buffer> kept;
  for (const std::vector<ChunkLoad>& g : groups) {
    const Copy& c = *g.front().copy;
    if (g.size() < 2 || writes_tensor(launch->body, c.src.buffer)) {
      continue;
    }
    const Buffer& blk = c.dst.buffer;
    Attrs attrs;
    attrs.set(keys::kCbDepth, int64_t{1});
    Buffer rows = Buffer::make(blk->name + "_rows", blk->dtype,
                               {blk->shape[0], cint(g.front().n * g.front().width, blk->loc)},
                               MemScope::kShared, attrs, blk->loc);
    int64_t bytes = block_bytes(rows);
    if (bytes + others > budget / 2) {
      ctx.remark(launch->loc, "rows-not-kept") << fmt::format(
          "the row block of '{}' that {} loops read chunk by chunk would need {} bytes of L1 "
          "beside about {} for the other buffers, more than half the {} bytes available on {}: "
          "each loop reads it from DRAM",
          c.src.buffer->name, g.size(), bytes, others, budget, ctx.device.name);
      continue;
    }
    others += bytes;
    Rewrite rw;
    rw.loads = &g;
    rw.rows = rows;
    out = rw.mutate(out);
    kept.push_back(rows);
    ctx.remark(launch->loc, "rows") << fmt::format(
        "the row block of '{}' ({} columns) is read chunk by chunk by {} sequential loops: kept "
        "whole in L1 as '{}' ({} bytes, one copy), loaded by the first loop, the others copy "
        "their chunks from L1 instead of reading '{}' again",
        c.src.buffer->name, g.front().n * g.front().width, g.size(), rows->name, bytes,
        c.src.buffer->name);
  }
  if (kept.empty()) {
    return std::nullopt;
  }
  for (const Buffer& b : kept) {
    out = Allocate::make(b, out, launch->loc);
  }
  for (size_t a = allocs.size(); a-- > 0;) {
    out = Allocate::make(allocs[a]->buffer, out, allocs[a]->loc);
  }
  return out;
}

Module reread_rows(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::vector<const KernelLaunch*> launches = kernel_launches(f.body);
    // One launch (B1 reports others); a plain GEMM's operands are B0's.
    if (launches.size() != 1 ||
        gemm_blocks::analyse_gemm(launches[0], f, out.plan).why_not.empty()) {
      continue;
    }
    const KernelLaunch* launch = launches[0];
    if (std::optional<Stmt> body = keep_reread_rows(launch, ctx)) {
      f = f.with_body(replace_launch(
          f.body, launch,
          KernelLaunch::make(launch->extents, launch->vars, launch->attrs, *body, launch->loc)));
    }
  }
  return out;
}

}  // namespace tltt::passes
