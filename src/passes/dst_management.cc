// D5: DST register management for the compute kernel.
//  * A GEMM group (a loop whose body is tt.matmul into accumulator C, then
//    tt.copy_tiles(C, out)) keeps the M x N output block in DST across the K loop when it fits
//    (tile_regs_acquire before the loop, pack after it). Otherwise the block is computed in
//    out_subblock_h x out_subblock_w sub-blocks that fit DST (whole tile rows when a row fits,
//    else parts of one row); after each K step a sub-block's partial sums spill to C's CB and
//    are reloaded (copy_tile) before the next step accumulates into them; the last step packs
//    to `out` (out of order, pack_tile<true>, into the reserved block when sub-blocks are
//    narrower than the block). An `init_value` (T.fill of the accumulator) is written into DST
//    with fill_tile where the accumulation starts.
//  * tt.transpose_tiles(A, A_t) before the matmul (transpose_A): every K step first transposes
//    the A block tile by tile (transpose_wh_tile through DST) into A_t in [M, K] tile order; as
//    this needs DST between K steps, such a group always uses the spill/reload schedule.
//    A group whose accumulator other ops read (an epilogue, attention's o and s) packs into the
//    accumulator's own CB; `accumulate == true` reloads its current value there.
//  * tt.binary / tt.copy_tiles: wait for the input block, then per DST-sized chunk acquire,
//    add_tiles/sub_tiles/mul_tiles/copy_tile, commit, wait, pack, release.
//  * tt.sfpu / tt.reduce: see sfpu_ops.h.
// CB waits are cumulative per the hardware contract: every wait asks for the whole block; the
// pops were placed by C3 where each value dies (the K loop's input pops end each K step).
#include "passes/dst_management.h"

#include <fmt/format.h>

#include <cmath>
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

int64_t largest_divisor(int64_t n, int64_t cap) {
  int64_t s = 1;
  for (int64_t d = 1; d <= std::min(n, cap); ++d) {
    if (n % d == 0) {
      s = d;
    }
  }
  return s;
}

class Lower : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  int64_t cap = 8;
  std::set<const BufferNode*> cb_resident;  // accumulators other compute ops use
  std::vector<const For*> loops;            // enclosing loops of the statement being lowered
  bool mixed = false;  // several compute ops: each packs after the packer served another CB

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

  Stmt visit(const For* op) override {
    loops.push_back(op);
    Stmt s = Mutator::visit(op);
    loops.pop_back();
    return s;
  }

  Stmt visit(const Evaluate* op) override {
    const Call* c = op->value.as<Call>();
    if (c && c->name == "tt.matmul") {
      if (!loops.empty() && runs_other_compute(loops.back()->body)) {
        ctx->error(op->loc) << "this T.gemm's K loop also runs compute that is not a step on "
                               "its operands before the T.gemm (it uses the accumulator, comes "
                               "after the T.gemm or sits in a nested loop); the Tenstorrent GEMM "
                               "lowering accepts element-wise steps on the operands ahead of the "
                               "T.gemm: move the rest out of the K loop";
      } else {
        ctx->error(op->loc) << "this T.gemm's accumulator is not copied out after its K loop; "
                               "the Tenstorrent lowering needs `T.copy(C_local, ...)` after the "
                               "loop that accumulates it";
      }
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
    if (c && c->name == "tt.transpose_tiles") {
      ctx->error(op->loc) << "the A operand of this transpose_A T.gemm is not consumed by a "
                             "matmul right after its transposition";
      return op;
    }
    return op;
  }

 private:
  struct GemmGroup {
    const For* k_loop = nullptr;      // may be null: a single gemm
    std::vector<Stmt> prologue;       // compute ops before the matmul step in the K loop body
    const Call* transpose = nullptr;  // tt.transpose_tiles feeding the matmul's A, or null
    const Call* mm = nullptr;
    std::vector<Stmt> step_inits;  // D4's matmul_init in a K loop body of a mixed kernel
    std::vector<Stmt> step_pops;   // the step's input pops (C3)
    const Call* copy = nullptr;    // tt.copy_tiles(acc, out), or null: acc is read in its CB
    std::vector<Stmt> between;     // statements between the matmul and the copy (input pops)
    size_t end_index = 0;          // last statement of the group
  };

  // Whether `body` runs compute ops besides a matmul step (matmul, transpose of its A).
  static bool runs_other_compute(const Stmt& body) {
    bool other = false;
    post_order_visit(body, [&](const Node* n) {
      const Call* c = n->kind == NodeKind::kEvaluate
                          ? static_cast<const Evaluate*>(n)->value.as<Call>()
                          : nullptr;
      other |=
          c && is_compute_op(c->name) && c->name != "tt.matmul" && c->name != "tt.transpose_tiles";
    });
    return other;
  }

  static bool is_call(const Stmt& s, const char* name) {
    const Call* c = as_call_stmt(s);
    return c && c->name == name;
  }

  // From body[at]: matmul_init*, [tt.transpose_tiles(x, a), pops,] tt.matmul(a, ...); returns
  // the matmul's index.
  static std::optional<size_t> match_step(const std::vector<Stmt>& body, size_t at, GemmGroup& g) {
    for (; at < body.size() && is_call(body[at], "matmul_init"); ++at) {
      g.step_inits.push_back(body[at]);
    }
    if (at < body.size() && is_call(body[at], "tt.transpose_tiles")) {
      g.transpose = as_call_stmt(body[at++]);
      for (; at < body.size() && is_call(body[at], "cb_pop_front"); ++at) {
        g.step_pops.push_back(body[at]);
      }
    }
    if (at >= body.size() || !is_call(body[at], "tt.matmul")) {
      return std::nullopt;
    }
    g.mm = as_call_stmt(body[at]);
    if (g.transpose && !ref_buffer(g.transpose->args[1]).same_as(ref_buffer(g.mm->args[0]))) {
      return std::nullopt;
    }
    return at;
  }

  std::optional<GemmGroup> match_gemm(const std::vector<Stmt>& stmts, size_t i) {
    GemmGroup g;
    size_t last = i;
    if (const For* f = stmts[i].as<For>()) {
      const SeqStmt* seq_body = f->body.as<SeqStmt>();
      std::vector<Stmt> body = seq_body ? seq_body->stmts : std::vector<Stmt>{f->body};
      // Element-wise steps may prepare the operands before the matmul step (a prologue).
      std::optional<size_t> at;
      size_t start = 0;
      for (; start < body.size() && !(at = match_step(body, start, g)); ++start) {
        const Call* c = as_call_stmt(body[start]);
        if (!c || c->name == "tt.matmul") {
          return std::nullopt;
        }
        g = GemmGroup();
      }
      if (!at) {
        return std::nullopt;
      }
      g.prologue.assign(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(start));
      for (size_t k = *at + 1; k < body.size(); ++k) {
        if (!is_call(body[k], "cb_pop_front")) {
          return std::nullopt;
        }
        g.step_pops.push_back(body[k]);
      }
      g.k_loop = f;
    } else if (auto at = match_step(stmts, i, g); at && g.step_inits.empty()) {
      last = *at;
    } else {
      return std::nullopt;
    }
    Buffer acc = ref_buffer(g.mm->args[2]);
    for (const Stmt& s : g.prologue) {
      for (const Expr& a : as_call_stmt(s)->args) {
        const RegionRef* r = a.as<RegionRef>();
        if (r && r->region.buffer.same_as(acc)) {
          return std::nullopt;
        }
      }
    }
    g.end_index = last;
    for (size_t j = last + 1; j < stmts.size(); ++j) {
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
    g.end_index = last;
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
    const AttrValue* init = g.mm->attrs.find("init_value");
    auto at = tile_grid(a), bt = tile_grid(b), ct = tile_grid(acc);
    int64_t mt = at[0], kt = at[1], nt = ct[1];
    int64_t na = mt * kt, nb = bt[0] * bt[1], n = mt * nt;
    Expr ra = buffer_ref(a, loc), rb = buffer_ref(b, loc), racc = buffer_ref(acc, loc);
    Expr rout = buffer_ref(out, loc);
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
    auto reinit_matmul = [&]() {
      return call("matmul_init", {ra, rb, cint(tb ? 1 : 0, loc)}, loc);
    };
    // matmul_tiles of the rows x cols sub-block at tile (row0, col0) into DST from 0.
    auto matmuls = [&](Expr row0, Expr col0, int64_t rows, int64_t cols) {
      return loop(
          "i", rows,
          [&](Expr i) {
            return loop(
                "j", cols,
                [&](Expr j) {
                  return loop(
                      "kk", kt,
                      [&](Expr kk) {
                        Expr ai = add(mul(add(row0, i), cint(kt, loc)), kk);
                        Expr di = add(mul(i, cint(cols, loc)), j);
                        return call("matmul_tiles", {ra, rb, ai, b_index(kk, add(col0, j)), di},
                                    loc);
                      },
                      loc);
                },
                loc);
          },
          loc);
    };
    // DST tiles [0, count) := the accumulator's initial value, then back to the matrix engine.
    auto fill_dst = [&](int64_t count) -> Stmt {
      if (!init) {
        return {};
      }
      return seq(
          {call("fill_tile_init", {}, loc),
           loop(
               "d", count, [&](Expr d) { return fill_tile_stmt(d, init->as_float(), loc); }, loc),
           reinit_matmul()},
          loc);
    };
    auto wait_inputs = [&]() {
      return seq({call("cb_wait_front", {ra, cint(na, loc)}, loc),
                  call("cb_wait_front", {rb, cint(nb, loc)}, loc)},
                 loc);
    };
    auto pop_inputs = [&]() { return seq(g.step_pops, loc); };
    // One K step: D4's matmul re-inits (after any prologue), then `body`, in the K loop.
    auto k_step = [&](std::vector<Stmt> prologue, std::vector<Stmt> body) -> Stmt {
      prologue.insert(prologue.end(), g.step_inits.begin(), g.step_inits.end());
      prologue.insert(prologue.end(), body.begin(), body.end());
      Stmt step = seq(prologue, loc);
      if (!g.k_loop) {
        return step;
      }
      return For::make(g.k_loop->var, g.k_loop->min, g.k_loop->extent, g.k_loop->for_kind, step,
                       g.k_loop->num_stages, g.k_loop->attrs, g.k_loop->loc);
    };
    // transpose_A: A_t tile (i, kk) = transpose(A tile (kk, i)), packed in [M, K] order.
    auto transpose_a = [&]() -> Stmt {
      if (!g.transpose) {
        return {};
      }
      Buffer src = ref_buffer(g.transpose->args[0]);
      Expr rsrc = buffer_ref(src, loc);
      int64_t tw = largest_divisor(kt, cap);
      return seq({call("transpose_wh_init_short", {rsrc}, loc),
                  call("cb_wait_front", {rsrc, cint(na, loc)}, loc),
                  loop(
                      "i", mt,
                      [&](Expr i) {
                        return loop(
                            "c", kt / tw,
                            [&](Expr c) {
                              Stmt tiles = loop(
                                  "d", tw,
                                  [&](Expr d) {
                                    Expr kk = add(mul(c, cint(tw, loc)), d);
                                    Expr src_tile = add(mul(kk, cint(mt, loc)), i);
                                    return call("transpose_wh_tile", {rsrc, src_tile, d}, loc);
                                  },
                                  loc);
                              return seq({call("tile_regs_acquire", {}, loc), tiles,
                                          call("tile_regs_commit", {}, loc),
                                          call("tile_regs_wait", {}, loc), pack_block(a, tw, loc),
                                          call("tile_regs_release", {}, loc)},
                                         loc);
                            },
                            loc);
                      },
                      loc),
                  reinit_matmul()},
                 loc);
    };

    // A prologue uses DST itself, so the accumulator cannot stay there across the K loop.
    if (!g.transpose && g.prologue.empty() && n <= cap && (canonical || (never && k_iters == 1))) {
      ctx->remark(loc, "gemm-schedule") << fmt::format(
          "gemm into '{}': the {}x{}-tile block fits DST ({} tiles), so it accumulates in DST "
          "across {} K step(s) and is packed once",
          acc->name, mt, nt, cap, k_iters);
      return seq(
          {call("tile_regs_acquire", {}, loc), fill_dst(n),
           k_step({}, {wait_inputs(), matmuls(cint(0, loc), cint(0, loc), mt, nt), pop_inputs()}),
           call("tile_regs_commit", {}, loc), call("tile_regs_wait", {}, loc),
           pack_block(out, n, loc), call("tile_regs_release", {}, loc)},
          loc);
    }
    // Sub-blocks of sh x sw tiles (out_subblock_h x out_subblock_w) with partial spill/reload
    // through the accumulator CB: whole tile rows when a row fits DST, else one row split.
    int64_t sw = nt <= cap ? nt : largest_divisor(nt, cap);
    int64_t sh = 1;
    for (int64_t d = 1; d <= mt; ++d) {
      if (mt % d == 0 && d * sw <= cap) {
        sh = d;
      }
    }
    int64_t s = sh * sw;
    ctx->remark(loc, "gemm-schedule") << fmt::format(
        "gemm into '{}': {}x{} sub-blocks (out_subblock_h x out_subblock_w) with partials "
        "spilled to and reloaded from its CB after each K step, because {}",
        acc->name, sh, sw,
        g.transpose           ? "A is transposed through DST (transpose_A)"
        : !g.prologue.empty() ? "a prologue in the K loop uses DST"
        : n > cap ? fmt::format("the {}x{}-tile block exceeds DST ({} tiles)", mt, nt, cap)
                  : std::string("the accumulation flag is not the canonical k != 0 form"));
    bool in_order = sw == nt;  // sub-blocks follow the block's row-major tile order
    // The packer holds one output format: partials and the result may differ, and a prologue or
    // A's transposition packs other blocks in between.
    bool reconfig_packer =
        !g.prologue.empty() || g.transpose ||
        acc->attrs.get_string(keys::kCbFormat, "") != out->attrs.get_string(keys::kCbFormat, "");
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
                       call("cb_pop_front", {racc, cint(s, loc)}, loc), reinit_matmul()},
                      loc);
    auto sub_block = [&](Expr sbi, Expr sbj) {
      Expr row0 = mul(sbi, cint(sh, loc)), col0 = mul(sbj, cint(sw, loc));
      Stmt pack_out;
      if (in_order) {
        pack_out = pack_block(out, s, loc);
      } else {
        pack_out = loop(
            "i", sh,
            [&](Expr i) {
              return loop(
                  "j", sw,
                  [&](Expr j) {
                    Attrs tmpl;
                    tmpl.set("template", "true");
                    Expr dst = add(mul(i, cint(sw, loc)), j);
                    Expr page = add(mul(add(row0, i), cint(nt, loc)), add(col0, j));
                    return call("pack_tile", {dst, rout, page}, loc, tmpl);
                  },
                  loc);
            },
            loc);
      }
      Stmt pack_acc = pack_block(acc, s, loc);
      if (reconfig_packer) {
        pack_out = seq({call("pack_reconfig_data_format", {rout}, loc), pack_out}, loc);
        pack_acc = seq({call("pack_reconfig_data_format", {racc}, loc), pack_acc}, loc);
      }
      Stmt pack;
      if (never) {
        // Every step restarts from its initial value: only the last step's result is kept.
        pack = IfThenElse::make(last, pack_out, Stmt(), loc);
      } else {
        pack = IfThenElse::make(last, pack_out, pack_acc, loc);
      }
      std::vector<Stmt> body = {call("tile_regs_acquire", {}, loc)};
      if (!never) {
        body.push_back(IfThenElse::make(accumulate, reload, fill_dst(s), loc));
      } else if (init) {
        body.push_back(fill_dst(s));
      }
      body.push_back(matmuls(row0, col0, sh, sw));
      body.push_back(call("tile_regs_commit", {}, loc));
      body.push_back(call("tile_regs_wait", {}, loc));
      body.push_back(pack);
      body.push_back(call("tile_regs_release", {}, loc));
      return seq(body, loc);
    };
    Stmt blocks = loop(
        "sb", mt / sh,
        [&](Expr sbi) {
          if (in_order) {
            return sub_block(sbi, cint(0, loc));
          }
          return loop(
              "sbn", nt / sw, [&](Expr sbj) { return sub_block(sbi, sbj); }, loc);
        },
        loc);
    std::vector<Stmt> prologue;
    for (const Stmt& p : g.prologue) {
      prologue.push_back(mutate(p));
    }
    std::vector<Stmt> step = {transpose_a(), wait_inputs()};
    if (!in_order) {
      // Sub-blocks pack out of order into the whole reserved output block.
      step.push_back(
          IfThenElse::make(last, call("cb_reserve_back", {rout, cint(n, loc)}, loc), Stmt(), loc));
    }
    step.push_back(blocks);
    if (!in_order) {
      step.push_back(
          IfThenElse::make(last, call("cb_push_back", {rout, cint(n, loc)}, loc), Stmt(), loc));
    }
    step.push_back(pop_inputs());
    return k_step(prologue, step);
  }

  Stmt lower_eltwise(const Call* c, Location loc) {
    bool copy = c->name == "tt.copy_tiles";
    Buffer x = ref_buffer(c->args[0]);
    Buffer y = copy ? Buffer() : ref_buffer(c->args[1]);
    Buffer out = ref_buffer(c->args[copy ? 1 : 2]);
    auto t = tile_grid(out);
    int64_t n = t[0] * t[1];
    int64_t s = largest_divisor(n, cap);
    Expr rx = buffer_ref(x, loc);
    Expr ry = copy ? Expr() : buffer_ref(y, loc);
    bool same = !copy && x.same_as(y);
    std::string op = copy ? "copy_tile" : c->attrs.get_string("op", "add") + "_tiles";
    std::vector<Stmt> stmts = {call("cb_wait_front", {rx, cint(n, loc)}, loc)};
    if (!copy && !same) {
      stmts.push_back(call("cb_wait_front", {ry, cint(n, loc)}, loc));
    }
    if (mixed) {
      stmts.push_back(call("pack_reconfig_data_format", {buffer_ref(out, loc)}, loc));
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
    if (kernel_role(m, f) != "compute") {
      continue;
    }
    Lower l;
    l.ctx = &ctx;
    l.cap = m.plan.compute ? m.plan.compute->dst_capacity : 8;
    l.cb_resident = cb_resident_accumulators(f.body);
    int64_t ops = 0;
    post_order_visit(f.body, [&](const Node* n) {
      const Call* c = n->kind == NodeKind::kEvaluate
                          ? static_cast<const Evaluate*>(n)->value.as<Call>()
                          : nullptr;
      ops += c && is_compute_op(c->name);
    });
    l.mixed = ops > 1;
    f = l.mutate(f);
    DropUnused drop;
    f = drop.mutate(f);
  }
  // An accumulator that stays in DST loses its CB: the plan keeps the CBs some kernel allocates.
  std::set<int64_t> allocated;
  for (const PrimFunc& f : out.functions) {
    for (const Buffer& cb : allocated_cbs(f.body)) {
      allocated.insert(cb->attrs.get_int(keys::kCbIndex, -1));
    }
  }
  std::erase_if(out.plan.cbs, [&](const CbPlan& c) { return !allocated.count(c.index); });
  return out;
}

}  // namespace tltt::passes
