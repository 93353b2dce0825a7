// D5 expansion of tt.reduce: per output tile, reduce_tile over the input tiles of one row (or
// column) into DST, a negation for min (B3 hands it -x: the hardware reduces by SUM and MAX
// only), a fold into the previous value unless `clear`, and a pack into the output vector.
// A chain of sums into one vector (B3's exact float32 sum: the lo, mid and hi parts, each
// folding into the previous one) is reduced into the same DST tile, part after part, and packed
// once: the partial vectors never round-trip through their CB.
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

// Up to `cap` output tiles per DST acquire, each on its own slot. A sum or max that folds into
// the old value (clear = false) starts from it: the old tile is copied into the slot first and
// the reductions accumulate onto it (reduce_tile adds, or takes the maximum, with what DST
// holds), so no SFPU fold. A min (MAX of -x, negated afterwards) folds with binary_min on a
// second slot, one output tile per acquire.
Stmt dst::lower_reduce_parts(const std::vector<const Call*>& parts, int64_t cap) {
  const Call* c = parts.front();
  Location loc = c->loc;
  Buffer in = tt::Reduce::in(c), scaler = tt::Reduce::scaler(c), out = tt::Reduce::out(c);
  Expr rs = buffer_ref(scaler, loc), ro = buffer_ref(out, loc);
  std::string op = tt::Reduce::op(c);
  bool row = tt::Reduce::dim(c) == "row";  // reduce along rows: one per tile row
  bool clear = tt::Reduce::clear(c);
  bool preload = !clear && op != "min";
  auto g = tile_grid(in);
  int64_t outer = row ? g[0] : g[1], inner = row ? g[1] : g[0];
  // The output CB holds the old value (when folding) and the group's new tiles.
  int64_t free_pages = out->attrs.get_int(keys::kCbNumPages, 1) - (clear ? 0 : outer);
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
  if (preload) {
    body.push_back(tt_call_stmt(TtOp::kCopyTileToDstInitShort, {ro}, {}, loc));
    for (int64_t j = 0; j < group; ++j) {
      body.push_back(tt_call_stmt(TtOp::kCopyTile, {ro, out_tile(j), cint(j, loc)}, {}, loc));
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
  if (!clear) {
    stmts.push_back(tt_call_stmt(TtOp::kCbWaitFront, {ro, cint(outer, loc)}, {}, loc));
  }
  stmts.push_back(op_call(TtOp::kPackReconfigDataFormat, {ro}));
  stmts.push_back(groups == 1 ? per_out
                              : For::make(o, cint(0, loc), cint(groups, loc), ForKind::kSerial,
                                          per_out, 0, {}, loc));
  return seq(stmts, loc);
}

}  // namespace tltt::passes
