// D7 overlap-data-movement: NoC assignment and batched barriers, from the D3 protocol statements
// and the typed plan (CB indices, kernel roles). C1 already gives every CB the reader fills or
// the writer drains at least two blocks (max(2, num_stages)), so the next block moves while
// compute works on this one; batching relies on that and checks it per CB.
#include "passes/overlap_data_movement.h"

#include <fmt/format.h>

#include <map>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/substitute.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

// One D3 transfer group, from a statement sequence:
//   open(cb, n); let ptr = get_*_ptr(cb) { transfers...; barrier(); close(cb, n) }
struct Group {
  Stmt open;           // cb_reserve_back / cb_wait_front
  const LetStmt* let;  // the CB pointer
  std::vector<Stmt> transfers;
  Stmt barrier, close;
  Buffer cb;
  int64_t tiles = 0;
};

struct Protocol {
  TtOp open;
  TtOp ptr;
  TtOp barrier;
  TtOp close;
};
constexpr Protocol kRead{TtOp::kCbReserveBack, TtOp::kGetWritePtr, TtOp::kNocAsyncReadBarrier,
                         TtOp::kCbPushBack};
constexpr Protocol kWrite{TtOp::kCbWaitFront, TtOp::kGetReadPtr, TtOp::kNocAsyncWriteBarrier,
                          TtOp::kCbPopFront};

int64_t cb_index(const Buffer& b) { return b->attrs.get_int(kCbIndexAttr, -1); }

// The CB and tile count of `open(cb, n)` / `close(cb, n)` (each of these ops has the operands
// cb, pages; the verifier checks them).
std::optional<std::pair<Buffer, int64_t>> cb_call(const Stmt& s, TtOp op) {
  const Call* c = as_call_stmt(s);
  if (!is_tt_op(c, op)) {
    return std::nullopt;
  }
  Buffer cb = ref_buffer(tt_operand(c, tt_op_info(op).operands[0]));
  auto n = const_value(tt_operand(c, tt_op_info(op).operands[1]));
  if (!cb.defined() || !n) {
    return std::nullopt;
  }
  return std::make_pair(cb, *n);
}

std::optional<Group> match_group(const Stmt& open, const Stmt& next, const Protocol& p) {
  auto o = cb_call(open, p.open);
  const LetStmt* let = next.as<LetStmt>();
  if (!o || !let) {
    return std::nullopt;
  }
  const Call* ptr = let->value.as<Call>();
  if (!is_tt_op(ptr, p.ptr) ||
      cb_index(ref_buffer(tt_operand(ptr, tt_op_info(p.ptr).operands[0]))) != cb_index(o->first)) {
    return std::nullopt;
  }
  const SeqStmt* body = let->body.as<SeqStmt>();
  if (!body || body->stmts.size() < 3) {
    return std::nullopt;
  }
  const auto& stmts = body->stmts;
  const Call* barrier = as_call_stmt(stmts[stmts.size() - 2]);
  auto close = cb_call(stmts.back(), p.close);
  if (!is_tt_op(barrier, p.barrier) || !close || cb_index(close->first) != cb_index(o->first) ||
      close->second != o->second) {
    return std::nullopt;
  }
  Group g{
      open,     let,      {stmts.begin(), stmts.end() - 2}, stmts[stmts.size() - 2], stmts.back(),
      o->first, o->second};
  return g;
}

// Merges runs of consecutive groups over distinct CBs that hold two groups each: every open
// and transfer first, then one barrier, then every close. With two blocks of room per CB, the
// reader (writer) holding one CB's block back until the others arrive cannot stall compute,
// which only waits for blocks of earlier steps.
class BatchBarriers : public Mutator {
 public:
  BatchBarriers(const Protocol& p, PassContext& ctx, const char* what)
      : p_(p), ctx_(ctx), what_(what) {}
  using Mutator::visit;

  Stmt visit(const SeqStmt* op) override {
    Stmt visited = Mutator::visit(op);
    const SeqStmt* s = visited.as<SeqStmt>();
    if (!s) {
      return visited;
    }
    std::vector<Stmt> out;
    std::vector<Group> run;
    bool changed = false;
    auto flush = [&] {
      if (run.size() >= 2) {
        out.push_back(merge(run));
        changed = true;
      } else {
        for (const Group& g : run) {
          out.push_back(g.open);
          out.push_back(Stmt(g.let));
        }
      }
      run.clear();
    };
    for (size_t i = 0; i < s->stmts.size(); ++i) {
      std::optional<Group> g;
      if (i + 1 < s->stmts.size()) {
        g = match_group(s->stmts[i], s->stmts[i + 1], p_);
      }
      if (!g) {
        flush();
        out.push_back(s->stmts[i]);
        continue;
      }
      ++i;
      bool deep = g->cb->attrs.get_int(keys::kCbNumPages, 0) >= 2 * g->tiles;
      if (!deep) {
        flush();
        if (ctx_.remarks_enabled()) {
          ctx_.remark(g->let->loc, "barrier-kept") << fmt::format(
              "{} of CB {} keeps its own barrier: the CB holds {} pages, fewer "
              "than two blocks of {} tiles",
              what_, g->cb->name, g->cb->attrs.get_int(keys::kCbNumPages, 0), g->tiles);
        }
        out.push_back(g->open);
        out.push_back(Stmt(g->let));
        continue;
      }
      for (const Group& r : run) {
        if (cb_index(r.cb) == cb_index(g->cb)) {
          flush();  // a CB's write pointer only advances at its push: one block per batch
          break;
        }
      }
      run.push_back(*g);
    }
    flush();
    if (!changed) {
      return visited;
    }
    return seq(std::move(out), op->loc);
  }

 private:
  Stmt merge(const std::vector<Group>& run) {
    std::vector<Stmt> tail = {run.front().barrier};
    std::vector<std::string> names;
    int64_t tiles = 0;
    for (const Group& g : run) {
      tail.push_back(g.close);
      names.push_back(g.cb->name);
      tiles += g.tiles;
    }
    Stmt body = seq(tail, run.front().let->loc);
    for (size_t k = run.size(); k-- > 0;) {
      const Group& g = run[k];
      std::vector<Stmt> inner = g.transfers;
      inner.push_back(body);
      Stmt let = LetStmt::make(g.let->var, g.let->value, seq(inner, g.let->loc), g.let->loc);
      body = seq({g.open, let}, g.let->loc);
    }
    if (ctx_.remarks_enabled()) {
      ctx_.remark(run.front().let->loc, "barrier-batch")
          << fmt::format("{} of CBs {} ({} tiles) issued together under one barrier instead of {}",
                         what_, fmt::join(names, ", "), tiles, run.size());
    }
    return body;
  }

  const Protocol& p_;
  PassContext& ctx_;
  const char* what_;
};

// CB index -> the fewest pages the compute kernel pushes to it at once.
std::map<int64_t, int64_t> compute_push_chunks(const Module& m) {
  std::map<int64_t, int64_t> out;
  for (const PrimFunc& f : m.functions) {
    if (kernel_role(m, f) != "compute") {
      continue;
    }
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind != NodeKind::kEvaluate) {
        return;
      }
      auto push = cb_call(Stmt(static_cast<const Evaluate*>(n)), TtOp::kCbPushBack);
      if (push) {
        int64_t cb = cb_index(push->first);
        out[cb] = out.count(cb) ? std::min(out[cb], push->second) : push->second;
      }
    });
  }
  return out;
}

// The writer drains an output block row by row when compute pushes it in smaller pieces (D5's
// one-row GEMM sub-blocks): the group `wait(cb, rows * cols); let p = get_read_ptr(cb) { for i
// { for j { write(tile, acc, p + (i * cols + j) * page) } }; barrier; pop(cb, rows * cols) }`
// becomes one such group per row, so the first rows of a block reach DRAM while compute still
// packs the last ones instead of all of them after the block's last pack. When compute pushes
// less than a row (D5's 1 x 4 sub-blocks of an 8-tile row) and the push divides the row, one
// group per push: only the last sub-block's writes are left after the block's last pack (at
// 2048^3 on n150 the drain after the math is about 2k cycles shorter than with row writes).
class RowWrites : public Mutator {
 public:
  RowWrites(std::map<int64_t, int64_t> chunks, PassContext& ctx)
      : chunks_(std::move(chunks)), ctx_(ctx) {}
  using Mutator::visit;

  Stmt visit(const SeqStmt* op) override {
    Stmt visited = Mutator::visit(op);
    const SeqStmt* s = visited.as<SeqStmt>();
    if (!s) {
      return visited;
    }
    std::vector<Stmt> out;
    bool changed = false;
    for (size_t i = 0; i < s->stmts.size(); ++i) {
      std::optional<Group> g;
      if (i + 1 < s->stmts.size()) {
        g = match_group(s->stmts[i], s->stmts[i + 1], kWrite);
      }
      Stmt rows = g ? split(*g) : Stmt();
      if (rows.defined()) {
        out.push_back(rows);
        ++i;
        changed = true;
        continue;
      }
      out.push_back(s->stmts[i]);
    }
    return changed ? seq(std::move(out), op->loc) : visited;
  }

 private:
  Stmt split(const Group& g) {
    auto chunk = chunks_.find(cb_index(g.cb));
    if (chunk == chunks_.end() || chunk->second >= g.tiles || g.transfers.size() != 1) {
      return {};
    }
    const For* rows = g.transfers[0].as<For>();
    const For* cols = rows ? rows->body.as<For>() : nullptr;
    const Call* write = cols ? as_call_stmt(cols->body) : nullptr;
    if (!write || !is_tt_op(write, TtOp::kNocAsyncWriteTile) || const_value(rows->min) != 0 ||
        const_value(cols->min) != 0) {
      return {};
    }
    auto nr = const_value(rows->extent), nc = const_value(cols->extent);
    int64_t page = g.cb->attrs.get_int(keys::kCbPageSize, 0);
    if (!nr || !nc || *nr < 2 || *nr * *nc != g.tiles || page <= 0) {
      return {};
    }
    // The address must be p + (i * cols + j) * page: row i starts i * cols pages in.
    Expr p = Expr(g.let->var), i = Expr(rows->var), j = Expr(cols->var);
    Expr want = add(p, mul(add(mul(i, cint(*nc)), j), cint(page)));
    if (!structural_equal(tt::NocAsyncWriteTile::l1_addr(write), want)) {
      return {};
    }
    Location loc = g.let->loc;
    // Tiles per group: the compute's push when it divides the row, else the row.
    int64_t piece = chunk->second < *nc && *nc % chunk->second == 0 ? chunk->second : *nc;
    std::vector<Expr> args = write->args;
    args[2] = add(p, mul(j, cint(page)));
    Var h;
    if (piece < *nc) {
      // Group h of the row writes its tiles h * piece + j.
      h = Variable::make("h", DataType::int32(), loc);
      args[0] = substitute(args[0], {{cols->var.get(), add(mul(Expr(h), cint(piece, loc)), j)}});
    }
    Stmt row_write = Evaluate::make(
        Call::make(write->dtype, write->name, std::move(args), write->attrs, write->loc), loc);
    Expr ref = buffer_ref(g.cb, loc);
    Stmt body = seq({For::make(cols->var, cols->min, cint(piece, loc), cols->for_kind, row_write,
                               cols->num_stages, cols->attrs, cols->loc),
                     g.barrier, tt_call_stmt(TtOp::kCbPopFront, {ref, cint(piece, loc)}, {}, loc)},
                    loc);
    Stmt row = seq({tt_call_stmt(TtOp::kCbWaitFront, {ref, cint(piece, loc)}, {}, loc),
                    LetStmt::make(g.let->var, g.let->value, body, loc)},
                   loc);
    if (piece < *nc) {
      row = For::make(h, cint(0, loc), cint(*nc / piece, loc), ForKind::kSerial, row, 0, {}, loc);
    }
    if (ctx_.remarks_enabled()) {
      ctx_.remark(loc, "row-writes") << fmt::format(
          "writes of CB {} ({}x{} tiles) drained {}: compute pushes it {} pages at a time, so a "
          "block's first {} are written while its last ones are packed",
          g.cb->name, *nr, *nc,
          piece < *nc ? fmt::format("in groups of {} tiles", piece) : "row by row", chunk->second,
          piece < *nc ? "groups" : "rows");
    }
    return For::make(rows->var, rows->min, rows->extent, rows->for_kind, row, rows->num_stages,
                     rows->attrs, rows->loc);
  }

  std::map<int64_t, int64_t> chunks_;
  PassContext& ctx_;
};

}  // namespace

Module overlap_data_movement(const Module& m, PassContext& ctx) {
  Module out = m;
  // Reads on NoC 0, writes on NoC 1: DRAM responses and write traffic use different links (on
  // the reader's default NoC 1 every bank-to-core response climbs the DRAM column's links).
  for (KernelPlan& k : out.plan.kernels) {
    if (k.role == KernelRole::kCompute) {
      continue;
    }
    k.noc = k.role == KernelRole::kReader ? 0 : 1;
  }
  if (!out.functions.empty()) {
    ctx.remark(out.functions.front().loc, "noc")
        << "reader on NoC 0 (reads), writer on NoC 1 (writes): the two kernels' transactions "
           "do not share links";
  }

  // One barrier per batch of transfers.
  for (PrimFunc& f : out.functions) {
    std::string role = kernel_role(out, f);
    if (role == "reader") {
      BatchBarriers batch(kRead, ctx, "reads");
      f = batch.mutate(f);
    } else if (role == "writer") {
      RowWrites rows(compute_push_chunks(out), ctx);
      f = rows.mutate(f);
      BatchBarriers batch(kWrite, ctx, "writes");
      f = batch.mutate(f);
    }
  }
  return out;
}

}  // namespace tltt::passes
