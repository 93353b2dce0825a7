// D5: emission of one GEMM group from its plan (gemm_plan.h): DST accumulation across the K loop,
// or sub-blocks with partial spill/reload, fills of the initial value, the transposition of A
// and out-of-order packing (see dst_management.cc for the whole schedule).
#include <fmt/format.h>

#include "ir/equality.h"
#include "passes/dst/gemm_plan.h"
#include "passes/dst/lower.h"
#include "passes/gemm_k_slices.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"
#include "support/assert.h"

namespace tltt::passes::dst {

using namespace ir;

Stmt Lower::lower_gemm(const GemmGroup& g) {
  Location loc = g.mm->loc;
  Buffer a = tt::Matmul::a(g.mm), b = tt::Matmul::b(g.mm);
  Buffer acc = tt::Matmul::c(g.mm);
  Buffer out = g.copy ? tt::CopyTiles::dst(g.copy) : acc;
  Expr accumulate = tt::Matmul::accumulate(g.mm);
  bool tb = tt::Matmul::transpose_b(g.mm);
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
  GemmShape shape;
  shape.mt = mt;
  shape.kt = kt;
  shape.nt = nt;
  shape.k_iters = k_iters;
  shape.dst_capacity = cap;
  shape.transpose_a = g.transpose != nullptr;
  shape.prologue = !g.prologue.empty();
  shape.canonical = canonical;
  shape.never = never;
  shape.partials_in_cb = !g.k_loop && !fixed && !as_const_int(accumulate);
  shape.formats_differ =
      acc->attrs.get_string(keys::kCbFormat, "") != out->attrs.get_string(keys::kCbFormat, "");
  shape.block_ops = tt::Matmul::block_ops(g.mm);
  shape.l1_acc = tt::Matmul::l1_acc(g.mm);
  const GemmPlan plan = plan_gemm(shape);
  // D4c's rescale of the accumulator, folded into the reload of its partials.
  Buffer scale;
  if (auto it = reload_scales.find(acc.get()); it != reload_scales.end()) {
    scale = it->second;
    reload_scales.erase(it);
  }
  TILE_ASSERT(!scale.defined() || (!plan.in_dst && !plan.l1_acc && !never))
      << "D4c rescales a gemm whose partials are not reloaded at every step";
  // The (sub-)block one matmul_block computes: rt_dim x ct_dim tiles.
  int64_t rt = plan.in_dst ? mt : plan.subblock_h, ct_dim = plan.in_dst ? nt : plan.subblock_w;
  // D4a laid A's CB out K-major (tile (m, k) at page k * mt + m): matmul_block then reads its
  // one A row tile by tile, which D4a made sure of (one-row sub-blocks).
  const bool a_k_major = g.k_loop && g.k_loop->attrs.get_bool(keys::kAKMajor, false);
  TILE_ASSERT(!a_k_major || (!plan.in_dst && plan.subblock_h == 1))
      << "A laid out K-major for a gemm whose sub-blocks are not one tile row";
  auto a_index = [&](Expr row, Expr kk) {
    return a_k_major ? add(mul(kk, cint(mt, loc)), row) : add(mul(row, cint(kt, loc)), kk);
  };
  // The K tiles the matmuls below run: [k_first, k_first + k_count), all of them unless the
  // sliced first step (below) narrows them.
  std::optional<Expr> k_first;
  int64_t k_count = kt;
  auto k_of = [&](Expr kk) { return k_first ? add(*k_first, kk) : kk; };
  auto b_index = [&](Expr kk, Expr j) {
    return tb ? add(mul(j, cint(kt, loc)), kk) : add(mul(kk, cint(nt, loc)), j);
  };
  auto reinit_matmul = [&]() {
    if (plan.block_ops) {
      return call(TtOp::kMmBlockInitShort,
                  {ra, rb, cint(0, loc), cint(ct_dim, loc), cint(rt, loc), cint(kt, loc)}, loc);
    }
    return call(TtOp::kMatmulInit, {ra, rb, cint(tb ? 1 : 0, loc)}, loc);
  };
  // matmul_tiles of the rows x cols sub-block at tile (row0, col0) into DST from 0.
  auto matmuls = [&](Expr row0, Expr col0, int64_t rows, int64_t cols) {
    if (plan.block_ops) {
      // DST[i * cols + j] += A[(row0 + i) * kt + kk] x B[kk * nt + col0 + j] for the sub-block.
      return loop(
          "kk", k_count,
          [&](Expr k0) {
            Expr kk = k_of(k0);
            Expr ai = a_index(row0, kk);
            return call(TtOp::kMatmulBlock,
                        {ra, rb, ai, b_index(kk, col0), cint(0, loc), cint(0, loc), cint(cols, loc),
                         cint(rows, loc), cint(kt, loc)},
                        loc);
          },
          loc);
    }
    return loop(
        "i", rows,
        [&](Expr i) {
          return loop(
              "j", cols,
              [&](Expr j) {
                return loop(
                    "kk", k_count,
                    [&](Expr k0) {
                      Expr kk = k_of(k0);
                      Expr ai = a_index(add(row0, i), kk);
                      Expr di = add(mul(i, cint(cols, loc)), j);
                      return call(TtOp::kMatmulTiles, {ra, rb, ai, b_index(kk, add(col0, j)), di},
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
        {call(TtOp::kFillTileInit, {}, loc),
         loop(
             "d", count, [&](Expr d) { return fill_tile_stmt(d, init->as_float(), loc); }, loc),
         reinit_matmul()},
        loc);
  };
  auto wait_inputs = [&]() {
    return seq({tt_call_stmt(TtOp::kCbWaitFront, {ra, cint(na, loc)}, {}, loc),
                tt_call_stmt(TtOp::kCbWaitFront, {rb, cint(nb, loc)}, {}, loc)},
               loc);
  };
  auto pop_inputs = [&]() { return seq(g.step_pops, loc); };
  // One K step: D4's matmul re-inits (after any prologue), then `body`, in the K loop.
  // matmul_block needs its own init (the sub-block's dimensions): in place of D4's matmul_init
  // in the K loop of a mixed kernel, else once before the loop unless a fill just re-initialised.
  auto k_step = [&](std::vector<Stmt> prologue, std::vector<Stmt> body,
                    bool initialised = false) -> Stmt {
    for (const Stmt& init : g.step_inits) {
      prologue.push_back(plan.block_ops ? reinit_matmul() : init);
    }
    prologue.insert(prologue.end(), body.begin(), body.end());
    Stmt step = seq(prologue, loc);
    if (g.k_loop) {
      step = For::make(g.k_loop->var, g.k_loop->min, g.k_loop->extent, g.k_loop->for_kind, step,
                       g.k_loop->num_stages, g.k_loop->attrs, g.k_loop->loc);
    }
    bool init_before = plan.block_ops && g.step_inits.empty() && !initialised;
    return init_before ? seq({reinit_matmul(), step}, loc) : step;
  };
  // transpose_A: A_t tile (i, kk) = transpose(A tile (kk, i)), packed in [M, K] order.
  auto transpose_a = [&]() -> Stmt {
    if (!g.transpose) {
      return {};
    }
    Buffer src = tt::TransposeTiles::src(g.transpose);
    Expr rsrc = buffer_ref(src, loc);
    int64_t tw = plan.transpose_width;
    return seq({call(TtOp::kTransposeWhInitShort, {rsrc}, loc),
                tt_call_stmt(TtOp::kCbWaitFront, {rsrc, cint(na, loc)}, {}, loc),
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
                                  return call(TtOp::kTransposeWhTile, {rsrc, src_tile, d}, loc);
                                },
                                loc);
                            return seq({call(TtOp::kTileRegsAcquire, {}, loc), tiles,
                                        call(TtOp::kTileRegsCommit, {}, loc),
                                        call(TtOp::kTileRegsWait, {}, loc), pack_block(a, tw, loc),
                                        call(TtOp::kTileRegsRelease, {}, loc)},
                                       loc);
                          },
                          loc);
                    },
                    loc),
                reinit_matmul()},
               loc);
  };

  if (plan.in_dst) {
    ctx->remark(loc, "gemm-schedule") << fmt::format(
        "gemm into '{}': the {}x{}-tile block fits DST ({} tiles), so it accumulates in DST "
        "across {} K step(s) and is packed once{}",
        acc->name, mt, nt, cap, k_iters, plan.block_ops ? " (matmul_block)" : "");
    return seq(
        {call(TtOp::kTileRegsAcquire, {}, loc), fill_dst(n),
         k_step({}, {wait_inputs(), matmuls(cint(0, loc), cint(0, loc), mt, nt), pop_inputs()},
                init != nullptr),
         call(TtOp::kTileRegsCommit, {}, loc), call(TtOp::kTileRegsWait, {}, loc),
         pack_block(out, n, loc), call(TtOp::kTileRegsRelease, {}, loc)},
        loc);
  }
  int64_t sh = plan.subblock_h, sw = plan.subblock_w;
  int64_t s = sh * sw;
  ctx->remark(loc, "gemm-schedule") << fmt::format(
      "gemm into '{}': {}x{} sub-blocks (out_subblock_h x out_subblock_w{}) with partials {}, "
      "because {}",
      acc->name, sh, sw, plan.block_ops ? ", matmul_block" : "",
      plan.l1_acc ? "accumulated in its CB by the packer (L1 accumulation) over the K steps and "
                    "reloaded once, for the last step"
                  : "spilled to and reloaded from its CB after each K step",
      plan.spill_reason);
  bool in_order = plan.in_order;
  bool reconfig_packer = plan.reconfig_packer;
  Expr last = g.k_loop
                  ? cmp(CompareOp::kEQ, g.k_loop->var, add(g.k_loop->min, cint(k_iters - 1, loc)))
                  : Expr(BoolImm::make(true, loc));
  // D4c's reload_scale v: the partials come back multiplied by v's row (the FPU's column
  // broadcast), tile d of the sub-block at tile row row0 + d / sw of v.
  auto reload_at = [&](Expr row0) -> Stmt {
    if (!scale.defined()) {
      return seq({call(TtOp::kCopyTileToDstInitShort, {racc}, loc),
                  tt_call_stmt(TtOp::kCbWaitFront, {racc, cint(s, loc)}, {}, loc),
                  loop(
                      "d", s,
                      [&](Expr d) {
                        return call(TtOp::kCopyTile, {racc, d, d}, loc);
                      },
                      loc),
                  tt_call_stmt(TtOp::kCbPopFront, {racc, cint(s, loc)}, {}, loc), reinit_matmul()},
                 loc);
    }
    Expr rv = buffer_ref(scale, loc);
    auto vt = tile_grid(scale);
    return seq({call(TtOp::kMulBcastColsInitShort, {racc, rv}, loc),
                tt_call_stmt(TtOp::kCbWaitFront, {racc, cint(s, loc)}, {}, loc),
                tt_call_stmt(TtOp::kCbWaitFront, {rv, cint(vt[0] * vt[1], loc)}, {}, loc),
                loop(
                    "d", s,
                    [&](Expr d) {
                      Expr row = plan.subblock_h == 1
                                     ? row0
                                     : simplify(add(row0, floordiv(d, cint(plan.subblock_w, loc))));
                      return call(TtOp::kMulTilesBcastCols, {racc, rv, d, row, d}, loc);
                    },
                    loc),
                tt_call_stmt(TtOp::kCbPopFront, {racc, cint(s, loc)}, {}, loc), reinit_matmul()},
               loc);
  };
  // In a slice of the sliced first step `last` is false: its ifs are resolved here.
  bool slicing = false;
  auto when_last = [&](Stmt then, Stmt otherwise) -> Stmt {
    return slicing ? otherwise : IfThenElse::make(last, then, otherwise, loc);
  };
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
                  return call(TtOp::kPackTile, {dst, rout, page}, loc, tmpl);
                },
                loc);
          },
          loc);
    }
    Stmt pack_acc = pack_block(acc, s, loc);
    if (reconfig_packer) {
      pack_out = seq({call(TtOp::kPackReconfigDataFormat, {rout}, loc), pack_out}, loc);
      pack_acc = seq({call(TtOp::kPackReconfigDataFormat, {racc}, loc), pack_acc}, loc);
    }
    Stmt reload = reload_at(row0);
    Stmt start = reload;  // what DST holds before the step's products, when accumulating
    if (plan.l1_acc) {
      // The packer adds to the partials in L1 after the first step: the step frees the
      // sub-block's pages and packs onto the same ones (the CB holds one block); the last step
      // reloads them to pack the sum in the output's format.
      pack_out = seq({call(TtOp::kPackReconfigL1Acc, {cint(0, loc)}, loc), pack_out}, loc);
      pack_acc = seq({call(TtOp::kPackReconfigL1Acc, {accumulate}, loc), pack_acc}, loc);
      Stmt free_pages = seq({call(TtOp::kCbWaitFront, {racc, cint(s, loc)}, loc),
                             call(TtOp::kCbPopFront, {racc, cint(s, loc)}, loc)},
                            loc);
      start = when_last(reload, free_pages);
    }
    Stmt pack;
    if (never) {
      // Every step restarts from its initial value: only the last step's result is kept.
      pack = when_last(pack_out, Stmt());
    } else {
      pack = when_last(pack_out, pack_acc);
    }
    std::vector<Stmt> body = {call(TtOp::kTileRegsAcquire, {}, loc)};
    if (!never) {
      body.push_back(IfThenElse::make(accumulate, start, fill_dst(s), loc));
    } else if (init) {
      body.push_back(fill_dst(s));
    }
    body.push_back(matmuls(row0, col0, sh, sw));
    body.push_back(call(TtOp::kTileRegsCommit, {}, loc));
    body.push_back(call(TtOp::kTileRegsWait, {}, loc));
    body.push_back(pack);
    body.push_back(call(TtOp::kTileRegsRelease, {}, loc));
    return seq(body, loc);
  };
  auto make_blocks = [&]() {
    return loop(
        "sb", mt / sh,
        [&](Expr sbi) {
          if (sw == nt) {
            return sub_block(sbi, cint(0, loc));
          }
          return loop(
              "sbn", nt / sw, [&](Expr sbj) { return sub_block(sbi, sbj); }, loc);
        },
        loc);
  };
  Stmt blocks = make_blocks();
  // D4a's sliced first K step: slice q waits for its K tiles alone (A and B hold them K row by
  // K row, so the first (q + 1) * w rows are the first pages) and accumulates onto the previous
  // slices with the packer, as the later steps do.
  auto sliced_first_step = [&](int64_t slices) {
    const int64_t w = kt / slices;
    ctx->remark(loc, "gemm-k-slices") << fmt::format(
        "gemm into '{}': first K step computed as {} slices of {} K tiles, each as soon as its "
        "pages of A and B arrive",
        acc->name, slices, w);
    Expr saved = accumulate;
    Stmt out = loop(
        "q", slices,
        [&](Expr q) {
          slicing = true;
          k_first = mul(q, cint(w, loc));
          k_count = w;
          accumulate = cmp(CompareOp::kNE, q, cint(0, loc));
          Expr pages = add(q, cint(1, loc));
          Stmt body =
              seq({tt_call_stmt(TtOp::kCbWaitFront, {ra, mul(pages, cint(w * mt, loc))}, {}, loc),
                   tt_call_stmt(TtOp::kCbWaitFront, {rb, mul(pages, cint(w * nt, loc))}, {}, loc),
                   make_blocks()},
                  loc);
          slicing = false;
          k_first.reset();
          k_count = kt;
          accumulate = saved;
          return body;
        },
        loc);
    return seq({out, pop_inputs()}, loc);
  };
  std::vector<Stmt> prologue;
  for (const Stmt& p : g.prologue) {
    prologue.push_back(mutate(p));
  }
  std::vector<Stmt> step = {transpose_a(), wait_inputs()};
  if (!in_order) {
    // Sub-blocks pack out of order into the whole reserved output block.
    step.push_back(IfThenElse::make(
        last, tt_call_stmt(TtOp::kCbReserveBack, {rout, cint(n, loc)}, {}, loc), Stmt(), loc));
  }
  step.push_back(blocks);
  if (!in_order) {
    step.push_back(IfThenElse::make(
        last, tt_call_stmt(TtOp::kCbPushBack, {rout, cint(n, loc)}, {}, loc), Stmt(), loc));
  }
  step.push_back(pop_inputs());
  const int64_t slices = g.k_loop ? g.k_loop->attrs.get_int(keys::kKSlices, 0) : 0;
  if (slices > 1 && a_k_major && plan.l1_acc && in_order && g.k_loop && g.transpose == nullptr &&
      !never && kt % slices == 0) {
    step = {IfThenElse::make(cmp(CompareOp::kEQ, g.k_loop->var, g.k_loop->min),
                             sliced_first_step(slices), seq(step, loc), loc)};
  }
  return k_step(prologue, step);
}

}  // namespace tltt::passes::dst
