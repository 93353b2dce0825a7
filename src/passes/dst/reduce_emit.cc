// D5 expansion of tt.reduce: per output tile, reduce_tile over the input tiles of one row (or
// column) into DST, a negation for min (B3 hands it -x: the hardware reduces by SUM and MAX
// only), a fold into the previous value unless `clear`, and a pack into the output vector.
// A chain of sums into one vector (B3's exact float32 sum: the lo, mid and hi parts, each
// folding into the previous one) is reduced into the same DST tile, part after part, and packed
// once: the partial vectors never round-trip through their CB. A fresh sum that the next step
// only adds to a product of vectors (`l = l * alpha + rowsum(s)`) is reduced onto that product,
// computed into the same DST tiles by the FPU first (match_reduce_onto).
#include <fmt/format.h>

#include <algorithm>

#include "ir/equality.h"
#include "ir/tt_ops.h"
#include "passes/dst/lower.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

const Call* reduce_of(const Stmt& s) {
  const Evaluate* e = s.as<Evaluate>();
  const Call* c = e ? e->value.as<Call>() : nullptr;
  return is_tt_op(c, TtOp::kReduce) ? c : nullptr;
}

const Call* pop_of(const Stmt& s) {
  const Evaluate* e = s.as<Evaluate>();
  const Call* c = e ? e->value.as<Call>() : nullptr;
  return is_tt_op(c, TtOp::kCbPopFront) ? c : nullptr;
}

// `next` folds into what `first` reduces: a sum into the same vector with the same scaler,
// along the same axis, from an input of the same tile grid.
bool continues(const Call* first, const Call* next) {
  return tt::Reduce::op(first) == "sum" && tt::Reduce::op(next) == "sum" &&
         !tt::Reduce::clear(next) && tt::Reduce::dim(next) == tt::Reduce::dim(first) &&
         tt::Reduce::out(next).same_as(tt::Reduce::out(first)) &&
         tt::Reduce::scaler(next).same_as(tt::Reduce::scaler(first)) &&
         tile_grid(tt::Reduce::in(next)) == tile_grid(tt::Reduce::in(first));
}

}  // namespace

std::optional<ReduceChain> match_reduce_chain(const std::vector<Stmt>& stmts, size_t i) {
  const Call* first = reduce_of(stmts[i]);
  if (!first) {
    return std::nullopt;
  }
  ReduceChain chain;
  chain.parts.push_back(first);
  Buffer out = tt::Reduce::out(first);
  auto g = tile_grid(tt::Reduce::in(first));
  int64_t outer = tt::Reduce::dim(first) == "row" ? g[0] : g[1];
  // Pops after each member (C4 puts them where a value dies): the parts' inputs move after
  // the fused reduction; the old vector each folding member reads dies there, and only the
  // value before the chain exists once it is fused.
  std::vector<Stmt> pops;
  int64_t out_pops = 0;
  size_t j = i + 1, end = i;
  while (j < stmts.size()) {
    if (const Call* p = pop_of(stmts[j])) {
      Buffer b = tt::CbPopFront::cb(p);
      if (b.same_as(out)) {
        if (as_const_int(tt::CbPopFront::pages(p)) != outer) {
          return std::nullopt;
        }
        ++out_pops;
      } else {
        pops.push_back(stmts[j]);
      }
      end = j++;
      continue;
    }
    const Call* next = reduce_of(stmts[j]);
    if (!next || !continues(first, next)) {
      break;
    }
    chain.parts.push_back(next);
    end = j++;
  }
  int64_t folds = static_cast<int64_t>(chain.parts.size()) - (tt::Reduce::clear(first) ? 1 : 0);
  if (chain.parts.size() < 2 || out_pops != folds) {
    return std::nullopt;
  }
  chain.pops = std::move(pops);
  if (!tt::Reduce::clear(first)) {
    Location loc = first->loc;
    chain.pops.push_back(
        tt_call_stmt(TtOp::kCbPopFront, {buffer_ref(out, loc), cint(outer, loc)}, {}, loc));
  }
  chain.end_index = end;
  return chain;
}

Stmt lower_reduce_call(const Call* c) { return lower_reduce_chain({c}); }

Stmt lower_reduce_chain(const std::vector<const Call*>& parts) {
  return dst::lower_reduce_parts(parts, 1);
}

namespace {

const RegionRef* leaf(const Expr& e) { return e.as<RegionRef>(); }

}  // namespace

std::optional<dst::ReduceOnto> dst::match_reduce_onto(const std::vector<Stmt>& stmts, size_t i) {
  const Call* r = reduce_of(stmts[i]);
  if (!r || tt::Reduce::op(r) != "sum" || !tt::Reduce::clear(r) || i + 1 >= stmts.size()) {
    return std::nullopt;
  }
  const Call* f = as_call_stmt(stmts[i + 1]);
  if (!is_tt_op(f, TtOp::kSfpu)) {
    return std::nullopt;
  }
  Buffer p = tt::Reduce::out(r);
  auto g = tile_grid(tt::Reduce::in(r));
  int64_t outer = tt::Reduce::dim(r) == "row" ? g[0] : g[1];
  auto pg = tile_grid(p);
  if (pg[0] * pg[1] != outer) {
    return std::nullopt;
  }
  // The step's tree: add(p, X) or add(X, p), X a block or an FPU pair of blocks, all of p's
  // tile grid and dtype (the FPU reads them straight from their CBs, tile k onto tile k).
  const Call* root = as_tile_op(tt::Sfpu::tree(f), TileOpKind::kBinary);
  if (!root || tile_op_of(tt::Sfpu::tree(f))->binary != SfpuBinaryFn::kAdd) {
    return std::nullopt;
  }
  const Expr& a = tile::Binary::x(root);
  const Expr& b = tile::Binary::y(root);
  bool p_first = leaf(a) && leaf(a)->region.buffer.same_as(p);
  if (!p_first && !(leaf(b) && leaf(b)->region.buffer.same_as(p))) {
    return std::nullopt;
  }
  const Expr& x = p_first ? b : a;
  ReduceOnto m;
  m.reduce = r;
  m.out = tt::Sfpu::out(f);
  auto fits = [&](const Buffer& v) {
    return v.defined() && !v.same_as(p) && v->dtype == p->dtype && tile_grid(v) == pg;
  };
  if (leaf(x)) {
    m.x = leaf(x)->region.buffer;
  } else if (const Call* xb = as_tile_op(x, TileOpKind::kBinary)) {
    m.fn = tile_op_of(x)->binary;
    const Expr& x0 = tile::Binary::x(xb);
    const Expr& x1 = tile::Binary::y(xb);
    if (!leaf(x0) || !leaf(x1) ||
        (m.fn != SfpuBinaryFn::kMul && m.fn != SfpuBinaryFn::kAdd && m.fn != SfpuBinaryFn::kSub)) {
      return std::nullopt;
    }
    m.x = leaf(x0)->region.buffer;
    m.y = leaf(x1)->region.buffer;
    if (!fits(m.y)) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  if (!fits(m.x) || !fits(m.out)) {
    return std::nullopt;
  }
  // The pops after the step (C4): p's value dies there, once, whole.
  int64_t p_pops = 0;
  size_t j = i + 2;
  for (; j < stmts.size(); ++j) {
    const Call* pop = pop_of(stmts[j]);
    if (!pop) {
      break;
    }
    if (tt::CbPopFront::cb(pop).same_as(p)) {
      if (as_const_int(tt::CbPopFront::pages(pop)) != outer) {
        return std::nullopt;
      }
      ++p_pops;
    } else {
      m.pops.push_back(stmts[j]);
    }
  }
  if (p_pops != 1) {
    return std::nullopt;
  }
  m.end_index = j - 1;
  return m;
}

// Up to `cap` output tiles per DST acquire, each on its own slot. A sum or max that folds into
// the old value (clear = false) starts from it: the old tile is copied into the slot first and
// the reductions accumulate onto it (reduce_tile adds, or takes the maximum, with what DST
// holds), so no SFPU fold. A min (MAX of -x, negated afterwards) folds with binary_min on a
// second slot, one output tile per acquire.
// With `onto`, the reduction starts from onto's x fn y (or x) in DST and packs into onto->out.
Stmt dst::lower_reduce_parts(const std::vector<const Call*>& parts, int64_t cap,
                             const ReduceOnto* onto) {
  const Call* c = parts.front();
  Location loc = c->loc;
  Buffer in = tt::Reduce::in(c), scaler = tt::Reduce::scaler(c);
  Buffer out = onto ? onto->out : tt::Reduce::out(c);
  Expr rs = buffer_ref(scaler, loc), ro = buffer_ref(out, loc);
  std::string op = tt::Reduce::op(c);
  bool row = tt::Reduce::dim(c) == "row";  // reduce along rows: one per tile row
  bool clear = tt::Reduce::clear(c);
  bool preload = (!clear && op != "min") || onto;
  auto g = tile_grid(in);
  int64_t outer = row ? g[0] : g[1], inner = row ? g[1] : g[0];
  // The output CB holds the old value (when folding, or when onto's step is in place) and the
  // group's new tiles.
  bool in_place = onto && (out.same_as(onto->x) || out.same_as(onto->y));
  int64_t free_pages =
      out->attrs.get_int(keys::kCbNumPages, 1) - ((clear && !in_place) ? 0 : outer);
  int64_t group =
      op == "min" ? 1 : largest_divisor(outer, std::max<int64_t>(1, std::min(cap, free_pages)));
  Attrs t;
  // min arrives negated (B3): MAX of -x, negated back below.
  t.set("template", fmt::format("PoolType::{}, ReduceDim::{}", op == "sum" ? "SUM" : "MAX",
                                row ? "REDUCE_ROW" : "REDUCE_COL"));
  auto call = [&](const std::string& name, std::vector<Expr> args, Attrs a = {}) {
    return call_stmt(name, std::move(args), std::move(a), loc);
  };
  auto op_call = [&](TtOp op, std::vector<Expr> args, Attrs a = {}) {
    return tt_call_stmt(op, std::move(args), std::move(a), loc);
  };
  Var o = Variable::make("r", DataType::int32(), loc);
  int64_t groups = outer / group;
  // Output tile j of the group.
  auto out_tile = [&](int64_t j) {
    return groups == 1 ? cint(j, loc) : simplify(add(mul(o, cint(group, loc)), cint(j, loc)));
  };
  std::vector<Stmt> body = {tt_call_stmt(TtOp::kTileRegsAcquire, {}, {}, loc)};
  if (onto && onto->y.defined()) {
    // x fn y on the FPU, straight from the CBs, tile k of the output on slot k of the group.
    auto [init, fpu] = fpu_binary_calls(onto->fn);
    Expr rx = buffer_ref(onto->x, loc), ry = buffer_ref(onto->y, loc);
    body.push_back(tt_call_stmt(init, {rx, ry}, {}, loc));
    for (int64_t j = 0; j < group; ++j) {
      body.push_back(tt_call_stmt(fpu, {rx, ry, out_tile(j), out_tile(j), cint(j, loc)}, {}, loc));
    }
  } else if (preload) {
    Expr from = onto ? buffer_ref(onto->x, loc) : ro;
    body.push_back(tt_call_stmt(TtOp::kCopyTileToDstInitShort, {from}, {}, loc));
    for (int64_t j = 0; j < group; ++j) {
      body.push_back(tt_call_stmt(TtOp::kCopyTile, {from, out_tile(j), cint(j, loc)}, {}, loc));
    }
  }
  // Every part accumulates into the output's DST tile; the unpacker is reconfigured only when a
  // part's format differs from the one before.
  for (size_t p = 0; p < parts.size(); ++p) {
    Buffer pin = tt::Reduce::in(parts[p]);
    Expr ri = buffer_ref(pin, loc);
    if (p == 0 || pin->dtype != tt::Reduce::in(parts[p - 1])->dtype) {
      body.push_back(op_call(TtOp::kReduceInit, {ri, rs, ro}, t));
    }
    for (int64_t j = 0; j < group; ++j) {
      Expr oi = out_tile(j);
      Var i = Variable::make("k", DataType::int32(), loc);
      Expr ii = inner == 1 ? cint(0, loc) : Expr(i);
      Expr tile = row ? add(mul(oi, cint(g[1], loc)), ii) : add(mul(ii, cint(g[1], loc)), oi);
      Stmt one = op_call(TtOp::kReduceTile, {ri, rs, tile, cint(0, loc), cint(j, loc)}, t);
      body.push_back(inner == 1 ? one
                                : For::make(i, cint(0, loc), cint(inner, loc), ForKind::kSerial,
                                            one, 0, {}, loc));
    }
  }
  body.push_back(op_call(TtOp::kReduceUninit, {}));
  if (op == "min") {
    const std::string& neg = sfpu_function(SfpuFn::kNeg).metalium;
    body.push_back(call(neg + "_tile_init", {}));
    body.push_back(call(neg + "_tile", {cint(0, loc)}));
    if (!clear) {
      // Fold into the old value: it sits at the CB front, the new one is pushed behind it.
      const std::string& fold = sfpu_binary_metalium(SfpuBinaryFn::kMin);
      body.push_back(tt_call_stmt(TtOp::kCopyTileToDstInitShort, {ro}, {}, loc));
      body.push_back(tt_call_stmt(TtOp::kCopyTile, {ro, out_tile(0), cint(1, loc)}, {}, loc));
      body.push_back(call(fold + "_tile_init", {}));
      body.push_back(call(fold + "_tile", {cint(0, loc), cint(1, loc), cint(0, loc)}));
    }
  }
  for (TtOp s : {TtOp::kTileRegsCommit, TtOp::kTileRegsWait}) {
    body.push_back(tt_call_stmt(s, {}, {}, loc));
  }
  body.push_back(tt_call_stmt(TtOp::kCbReserveBack, {ro, cint(group, loc)}, {}, loc));
  for (int64_t j = 0; j < group; ++j) {
    body.push_back(tt_call_stmt(TtOp::kPackTile, {cint(j, loc), ro}, {}, loc));
  }
  body.push_back(tt_call_stmt(TtOp::kCbPushBack, {ro, cint(group, loc)}, {}, loc));
  body.push_back(tt_call_stmt(TtOp::kTileRegsRelease, {}, {}, loc));
  Stmt per_out = seq(body, loc);
  std::vector<Stmt> stmts;
  std::vector<Buffer> waited;
  for (const Call* p : parts) {
    Buffer pin = tt::Reduce::in(p);
    if (std::none_of(waited.begin(), waited.end(),
                     [&](const Buffer& b) { return b.same_as(pin); })) {
      waited.push_back(pin);
      stmts.push_back(tt_call_stmt(TtOp::kCbWaitFront,
                                   {buffer_ref(pin, loc), cint(g[0] * g[1], loc)}, {}, loc));
    }
  }
  stmts.push_back(tt_call_stmt(TtOp::kCbWaitFront, {rs, cint(1, loc)}, {}, loc));
  if (onto) {
    std::vector<Buffer> vs = {onto->x};
    if (onto->y.defined() && !onto->y.same_as(onto->x)) {
      vs.push_back(onto->y);
    }
    for (const Buffer& v : vs) {
      stmts.push_back(
          tt_call_stmt(TtOp::kCbWaitFront, {buffer_ref(v, loc), cint(outer, loc)}, {}, loc));
    }
  } else if (!clear) {
    stmts.push_back(tt_call_stmt(TtOp::kCbWaitFront, {ro, cint(outer, loc)}, {}, loc));
  }
  stmts.push_back(op_call(TtOp::kPackReconfigDataFormat, {ro}));
  stmts.push_back(groups == 1 ? per_out
                              : For::make(o, cint(0, loc), cint(groups, loc), ForKind::kSerial,
                                          per_out, 0, {}, loc));
  return seq(stmts, loc);
}

}  // namespace tltt::passes
