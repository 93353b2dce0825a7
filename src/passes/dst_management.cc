// D5: DST register management for the compute kernel.
//  * A GEMM group (a loop whose body is tt.matmul into accumulator C, then
//    tt.copy_tiles(C, out)) keeps the M x N output block in DST across the K loop when it fits
//    (tile_regs_acquire before the loop, pack after it). Otherwise the block is computed in
//    sub-blocks of whole tile rows that fit DST; after each K step a sub-block's partial sums
//    spill to C's CB and are reloaded (copy_tile) before the next step accumulates into them;
//    the last step packs to `out`.
//  * tt.binary / tt.copy_tiles: wait for the input block, then per DST-sized chunk acquire,
//    add_tiles/sub_tiles/mul_tiles/copy_tile, commit, wait, pack, release.
//  * tt.sfpu / tt.reduce: see sfpu_ops.h.
// CB waits are cumulative per the hardware contract: every wait asks for the whole block; the
// pops were placed by C3 where each value dies.
#include "passes/dst_management.h"

#include <fmt/format.h>

#include <set>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

std::vector<int64_t> tiles_of(const Buffer& cb) {
  const AttrValue* t = cb->attrs.find("tiles");
  return t ? t->as_int_list() : tile_grid(cb);
}

// `for v in [0, n): body(v)`; with n == 1 the body is emitted once with v = 0.
Stmt loop(const std::string& name, int64_t n, const std::function<Stmt(Expr)>& body, Location loc) {
  if (n == 1) {
    return body(cint(0, loc));
  }
  Var v = Variable::make(name, DataType::int32(), loc);
  return For::make(v, cint(0, loc), cint(n, loc), ForKind::kSerial, body(v), 0, {}, loc);
}

Stmt call(const std::string& name, std::vector<Expr> args, Location loc, Attrs attrs = {}) {
  return call_stmt(name, std::move(args), std::move(attrs), loc);
}

// pack `n` DST tiles starting at 0 into `cb` (reserve/pack/push).
Stmt pack_block(const Buffer& cb, int64_t n, Location loc) {
  Expr ref = buffer_ref(cb, loc);
  return seq({call("cb_reserve_back", {ref, cint(n, loc)}, loc),
              loop(
                  "d", n,
                  [&](Expr d) {
                    return call("pack_tile", {d, ref}, loc);
                  },
                  loc),
              call("cb_push_back", {ref, cint(n, loc)}, loc)},
             loc);
}

class Lower : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  int64_t cap = 8;
  std::string pattern = "single_tile";
  std::set<const BufferNode*> cb_resident;  // accumulators other compute ops read

  Stmt visit(const SeqStmt* op) override {
    std::vector<Stmt> out;
    for (size_t i = 0; i < op->stmts.size(); ++i) {
      if (auto group = match_gemm(op->stmts, i)) {
        out.push_back(lower_gemm(*group));
        out.insert(out.end(), group->between.begin(), group->between.end());
        i = group->end_index;
        continue;
      }
      out.push_back(mutate(op->stmts[i]));
    }
    return SeqStmt::make(out, op->loc);
  }

  Stmt visit(const Evaluate* op) override {
    const Call* c = op->value.as<Call>();
    if (c && c->name == "tt.matmul") {
      ctx->error(op->loc) << "this T.gemm's accumulator is not copied out after its K loop; "
                             "the Tenstorrent lowering needs `T.copy(C_local, ...)` after the "
                             "loop that accumulates it";
      return op;
    }
    if (c && c->name == kSfpuOp) {
      return lower_sfpu_call(c, cap, *ctx);
    }
    if (c && c->name == kReduceOp) {
      return lower_reduce_call(c);
    }
    if (c && (c->name == "tt.binary" || c->name == "tt.copy_tiles")) {
      return lower_eltwise(c, op->loc);
    }
    return op;
  }

 private:
  struct GemmGroup {
    const For* k_loop = nullptr;  // may be null: a single gemm
    const Call* mm = nullptr;
    std::vector<Stmt> step_inits;  // the K loop body's matmul_init (D4)
    std::vector<Stmt> step_pops;   // the K loop body's input pops (C3)
    const Call* copy = nullptr;   // tt.copy_tiles(acc, out), or null: acc is read in its CB
    std::vector<Stmt> between;    // statements between the matmul and the copy (input pops)
    size_t end_index = 0;         // last statement of the group
  };

  std::optional<GemmGroup> match_gemm(const std::vector<Stmt>& stmts, size_t i) {
    GemmGroup g;
    if (const For* f = stmts[i].as<For>()) {
      const SeqStmt* body = f->body.as<SeqStmt>();
      size_t at = 0;  // D4's matmul_init when the kernel mixes ops
      while (body && at + 1 < body->stmts.size() && as_call_stmt(body->stmts[at]) &&
             as_call_stmt(body->stmts[at])->name == "matmul_init") {
        g.step_inits.push_back(body->stmts[at++]);
      }
      const Call* c = body ? as_call_stmt(body->stmts[at]) : as_call_stmt(f->body);
      if (!c || c->name != "tt.matmul") {
        return std::nullopt;
      }
      for (size_t k = at + 1; body && k < body->stmts.size(); ++k) {
        const Call* p = as_call_stmt(body->stmts[k]);
        if (!p || p->name != "cb_pop_front") {
          return std::nullopt;
        }
        g.step_pops.push_back(body->stmts[k]);
      }
      g.k_loop = f;
      g.mm = c;
    } else if (const Call* c = as_call_stmt(stmts[i]); c && c->name == "tt.matmul") {
      g.mm = c;
    } else {
      return std::nullopt;
    }
    Buffer acc = ref_buffer(g.mm->args[2]);
    g.end_index = i;
    for (size_t j = i + 1; j < stmts.size(); ++j) {
      const Call* c = as_call_stmt(stmts[j]);
      if (c && c->name == "tt.copy_tiles" && ref_buffer(c->args[0]).same_as(acc)) {
        g.copy = c;
        g.end_index = j;
        return g;
      }
      if (c && c->name == "cb_pop_front" && !ref_buffer(c->args[0]).same_as(acc)) {
        g.between.push_back(stmts[j]);
        g.end_index = j;
        continue;
      }
      break;
    }
    // Other compute ops read the accumulator from its CB: the group packs it there.
    g.between.clear();
    g.end_index = i;
    if (cb_resident.count(acc.get())) {
      return g;
    }
    return std::nullopt;
  }

  Stmt lower_gemm(const GemmGroup& g) {
    Location loc = g.mm->loc;
    Buffer a = ref_buffer(g.mm->args[0]), b = ref_buffer(g.mm->args[1]);
    Buffer acc = ref_buffer(g.mm->args[2]);
    Buffer out = g.copy ? ref_buffer(g.copy->args[1]) : acc;
    Expr accumulate = g.mm->args[3];
    bool tb = g.mm->attrs.get_bool("transpose_b", false);
    auto at = tiles_of(a), bt = tiles_of(b), ct = tiles_of(acc);
    int64_t mt = at[0], kt = at[1], nt = ct[1];
    int64_t na = mt * kt, nb = bt[0] * bt[1], n = mt * nt;
    Expr ra = buffer_ref(a, loc), rb = buffer_ref(b, loc), racc = buffer_ref(acc, loc);
    int64_t k_iters = g.k_loop ? *const_value(g.k_loop->extent) : 1;
    // accumulate == (k != k_min): partials carry from one K step to the next.
    bool canonical = false;
    if (const Compare* cmpn = accumulate.as<Compare>()) {
      canonical = g.k_loop && cmpn->op == CompareOp::kNE && cmpn->a.get() == g.k_loop->var.get() &&
                  structural_equal(cmpn->b, g.k_loop->min);
    }
    const BoolImm* fixed = accumulate.as<BoolImm>();
    bool never = (fixed && !fixed->value) || as_const_int(accumulate) == 0;
    auto b_index = [&](Expr kk, Expr j) {
      return tb ? add(mul(j, cint(kt, loc)), kk) : add(mul(kk, cint(nt, loc)), j);
    };
    // matmul_tiles over rows [row0, row0 + rows) of the block into DST from 0.
    auto matmuls = [&](Expr row0, int64_t rows) {
      return loop(
          "i", rows,
          [&](Expr i) {
            return loop(
                "j", nt,
                [&](Expr j) {
                  return loop(
                      "kk", kt,
                      [&](Expr kk) {
                        Expr ai = add(mul(add(row0, i), cint(kt, loc)), kk);
                        Expr di = add(mul(i, cint(nt, loc)), j);
                        return call("matmul_tiles", {ra, rb, ai, b_index(kk, j), di}, loc);
                      },
                      loc);
                },
                loc);
          },
          loc);
    };
    auto wait_inputs = [&]() {
      return seq({call("cb_wait_front", {ra, cint(na, loc)}, loc),
                  call("cb_wait_front", {rb, cint(nb, loc)}, loc)},
                 loc);
    };
    auto pop_inputs = [&]() { return seq(g.step_pops, loc); };
    auto k_step = [&](Stmt body) -> Stmt {
      if (!g.k_loop) {
        return body;
      }
      if (!g.step_inits.empty()) {
        std::vector<Stmt> b = g.step_inits;
        b.push_back(body);
        body = seq(b, loc);
      }
      return For::make(g.k_loop->var, g.k_loop->min, g.k_loop->extent, g.k_loop->for_kind, body,
                       g.k_loop->num_stages, g.k_loop->attrs, g.k_loop->loc);
    };

    if (nt > cap) {
      ctx->error(loc) << fmt::format(
          "the GEMM output block is {} tiles wide, more than the {} tiles the DST register "
          "holds ({}); use a block N of at most {} elements",
          nt, cap, cap == 4 ? "fp32 accumulation" : "16-bit accumulation", cap * kTile);
      return SeqStmt::make({});
    }
    if (n <= cap && (canonical || (never && k_iters == 1))) {
      pattern = "accumulation";
      return seq({call("tile_regs_acquire", {}, loc),
                  k_step(seq({wait_inputs(), matmuls(cint(0, loc), mt), pop_inputs()}, loc)),
                  call("tile_regs_commit", {}, loc), call("tile_regs_wait", {}, loc),
                  pack_block(out, n, loc), call("tile_regs_release", {}, loc)},
                 loc);
    }
    // Sub-blocks of `sh` whole tile rows with partial spill/reload through the accumulator CB.
    pattern = "spill_reload";
    int64_t sh = 1;
    for (int64_t d = 1; d <= mt; ++d) {
      if (mt % d == 0 && d * nt <= cap) {
        sh = d;
      }
    }
    int64_t s = sh * nt;
    Expr last = g.k_loop
                    ? cmp(CompareOp::kEQ, g.k_loop->var, add(g.k_loop->min, cint(k_iters - 1, loc)))
                    : Expr(BoolImm::make(true, loc));
    Stmt reload = seq({call("copy_tile_to_dst_init_short", {racc}, loc),
                       call("cb_wait_front", {racc, cint(s, loc)}, loc),
                       loop(
                           "d", s,
                           [&](Expr d) {
                             return call("copy_tile", {racc, d, d}, loc);
                           },
                           loc),
                       call("cb_pop_front", {racc, cint(s, loc)}, loc),
                       call("matmul_init", {ra, rb, cint(tb ? 1 : 0, loc)}, loc)},
                      loc);
    Stmt pack;
    if (never) {
      // Every step restarts from zero: only the last step's product is kept.
      pack = IfThenElse::make(last, pack_block(out, s, loc), Stmt(), loc);
    } else {
      pack = IfThenElse::make(last, pack_block(out, s, loc), pack_block(acc, s, loc), loc);
    }
    Stmt sub_block = loop(
        "sb", mt / sh,
        [&](Expr sb) {
          std::vector<Stmt> body = {call("tile_regs_acquire", {}, loc)};
          if (!never) {
            body.push_back(IfThenElse::make(accumulate, reload, Stmt(), loc));
          }
          body.push_back(matmuls(mul(sb, cint(sh, loc)), sh));
          body.push_back(call("tile_regs_commit", {}, loc));
          body.push_back(call("tile_regs_wait", {}, loc));
          body.push_back(pack);
          body.push_back(call("tile_regs_release", {}, loc));
          return seq(body, loc);
        },
        loc);
    return k_step(seq({wait_inputs(), sub_block, pop_inputs()}, loc));
  }

  Stmt lower_eltwise(const Call* c, Location loc) {
    bool copy = c->name == "tt.copy_tiles";
    Buffer x = ref_buffer(c->args[0]);
    Buffer y = copy ? Buffer() : ref_buffer(c->args[1]);
    Buffer out = ref_buffer(c->args[copy ? 1 : 2]);
    auto t = tiles_of(out);
    int64_t n = t[0] * t[1];
    int64_t s = 1;
    for (int64_t d = 1; d <= std::min(n, cap); ++d) {
      if (n % d == 0) {
        s = d;
      }
    }
    Expr rx = buffer_ref(x, loc);
    Expr ry = copy ? Expr() : buffer_ref(y, loc);
    bool same = !copy && x.same_as(y);
    std::string op = copy ? "copy_tile" : c->attrs.get_string("op", "add") + "_tiles";
    std::vector<Stmt> stmts = {call("cb_wait_front", {rx, cint(n, loc)}, loc)};
    if (!copy && !same) {
      stmts.push_back(call("cb_wait_front", {ry, cint(n, loc)}, loc));
    }
    stmts.push_back(loop(
        "c", n / s,
        [&](Expr chunk) {
          Stmt tiles = loop(
              "d", s,
              [&](Expr d) {
                Expr idx = add(mul(chunk, cint(s, loc)), d);
                if (copy) {
                  return call(op, {rx, idx, d}, loc);
                }
                return call(op, {rx, ry, idx, idx, d}, loc);
              },
              loc);
          return seq({call("tile_regs_acquire", {}, loc), tiles, call("tile_regs_commit", {}, loc),
                      call("tile_regs_wait", {}, loc), pack_block(out, s, loc),
                      call("tile_regs_release", {}, loc)},
                     loc);
        },
        loc));
    return seq(stmts, loc);
  }
};

// Drops allocations the lowered compute kernel no longer references (an accumulator that
// stays in DST).
class DropUnused : public Mutator {
 public:
  using Mutator::visit;
  Stmt visit(const Allocate* op) override {
    Stmt body = mutate(op->body);
    bool used = false;
    post_order_visit(body, [&](const Node* n) {
      if (n->kind == NodeKind::kRegionRef) {
        used |= static_cast<const RegionRef*>(n)->region.buffer.same_as(op->buffer);
      }
    });
    return used ? Allocate::make(op->buffer, body, op->loc) : body;
  }
};

}  // namespace

Module dst_management(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (kernel_role(f) != "compute") {
      continue;
    }
    Lower l;
    l.ctx = &ctx;
    l.cap = dict_attr(f, keys::kComputeConfig).get_int("dst_capacity", 8);
    post_order_visit(f.body, [&](const Node* n) {
      const Call* c = n->kind == NodeKind::kEvaluate
                          ? static_cast<const Evaluate*>(n)->value.as<Call>()
                          : nullptr;
      if (c && is_compute_op(c->name) && c->name != "tt.copy_tiles" && c->name != "tt.matmul") {
        for (const Buffer& b : compute_reads(c)) {
          l.cb_resident.insert(b.get());
        }
      }
    });
    f = l.mutate(f);
    DropUnused drop;
    f = drop.mutate(f);
    f.attrs.set(keys::kDstManagementInserted, true);
    f.attrs.set(keys::kDstPattern, l.pattern);
  }
  return out;
}

}  // namespace tltt::passes
