// D5 expansion of tt.reduce: per output tile, reduce_tile over the input tiles of one row (or
// column) into DST, a negation for min (B3 hands it -x: the hardware reduces by SUM and MAX
// only), a fold into the previous value unless `clear`, and a pack into the output vector.
#include <fmt/format.h>

#include "ir/tt_ops.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

Stmt lower_reduce_call(const Call* c) {
  Location loc = c->loc;
  Buffer in = tt::Reduce::in(c), scaler = tt::Reduce::scaler(c), out = tt::Reduce::out(c);
  Expr ri = buffer_ref(in, loc), rs = buffer_ref(scaler, loc), ro = buffer_ref(out, loc);
  std::string op = tt::Reduce::op(c);
  bool row = tt::Reduce::dim(c) == "row";  // reduce along rows: one per tile row
  bool clear = tt::Reduce::clear(c);
  auto g = tile_grid(in);
  int64_t outer = row ? g[0] : g[1], inner = row ? g[1] : g[0];
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
  Var i = Variable::make("k", DataType::int32(), loc);
  Expr oi = outer == 1 ? cint(0, loc) : Expr(o);
  Expr ii = inner == 1 ? cint(0, loc) : Expr(i);
  Expr tile = row ? add(mul(oi, cint(g[1], loc)), ii) : add(mul(ii, cint(g[1], loc)), oi);
  Stmt one = op_call(TtOp::kReduceTile, {ri, rs, tile, cint(0, loc), cint(0, loc)}, t);
  std::vector<Stmt> body = {
      tt_call_stmt(TtOp::kTileRegsAcquire, {}, {}, loc),
      op_call(TtOp::kReduceInit, {ri, rs, ro}, t),
      inner == 1 ? one
                 : For::make(i, cint(0, loc), cint(inner, loc), ForKind::kSerial, one, 0, {}, loc),
      op_call(TtOp::kReduceUninit, {})};
  if (op == "min") {
    const std::string& neg = sfpu_function(SfpuFn::kNeg).metalium;
    body.push_back(call(neg + "_tile_init", {}));
    body.push_back(call(neg + "_tile", {cint(0, loc)}));
  }
  if (!clear) {
    // Fold into the old value: it sits at the CB front, the new one is pushed behind it.
    const std::string& fold = sfpu_binary_metalium(op == "sum"   ? SfpuBinaryFn::kAdd
                                                   : op == "max" ? SfpuBinaryFn::kMax
                                                                 : SfpuBinaryFn::kMin);
    body.push_back(tt_call_stmt(TtOp::kCopyTileToDstInitShort, {ro}, {}, loc));
    body.push_back(tt_call_stmt(TtOp::kCopyTile, {ro, oi, cint(1, loc)}, {}, loc));
    body.push_back(call(fold + "_tile_init", {}));
    body.push_back(call(fold + "_tile", {cint(0, loc), cint(1, loc), cint(0, loc)}));
  }
  for (TtOp s : {TtOp::kTileRegsCommit, TtOp::kTileRegsWait}) {
    body.push_back(tt_call_stmt(s, {}, {}, loc));
  }
  body.push_back(tt_call_stmt(TtOp::kCbReserveBack, {ro, cint(1, loc)}, {}, loc));
  body.push_back(tt_call_stmt(TtOp::kPackTile, {cint(0, loc), ro}, {}, loc));
  body.push_back(tt_call_stmt(TtOp::kCbPushBack, {ro, cint(1, loc)}, {}, loc));
  body.push_back(tt_call_stmt(TtOp::kTileRegsRelease, {}, {}, loc));
  Stmt per_out = seq(body, loc);
  std::vector<Stmt> stmts = {
      tt_call_stmt(TtOp::kCbWaitFront, {ri, cint(g[0] * g[1], loc)}, {}, loc),
      tt_call_stmt(TtOp::kCbWaitFront, {rs, cint(1, loc)}, {}, loc)};
  if (!clear) {
    stmts.push_back(tt_call_stmt(TtOp::kCbWaitFront, {ro, cint(outer, loc)}, {}, loc));
  }
  stmts.push_back(op_call(TtOp::kPackReconfigDataFormat, {ro}));
  stmts.push_back(outer == 1 ? per_out
                             : For::make(o, cint(0, loc), cint(outer, loc), ForKind::kSerial,
                                         per_out, 0, {}, loc));
  return seq(stmts, loc);
}

}  // namespace tltt::passes
