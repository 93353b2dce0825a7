// B3: T.reduce_* over a whole on-chip block into a per-row / per-column vector becomes
// tt.reduce with a shared all-ones scaler tile (abs and min through a temporary block).
#include <fmt/format.h>

#include "passes/sfpu/lowerer.h"
#include "passes/sfpu_ops.h"
#include "passes/vector_layout.h"

namespace tltt::passes::sfpu {

using namespace ir;

Stmt Lowerer::visit(const Reduce* op) {
  const Buffer& src = op->src.buffer;
  const Buffer& dst = op->dst.buffer;
  if (!on_chip(src) || !on_chip(dst) || !region_is_full(op->src) || !region_is_full(op->dst)) {
    ctx->error(op->loc) << fmt::format(
        "T.reduce_{} from '{}' into '{}': reductions work on whole on-chip blocks",
        reduce_kind_name(op->reduce_kind), src->name, dst->name);
    return op;
  }
  std::string want = op->dim == 1 ? "col" : "row";
  int64_t len = as_const_int(src->shape[op->dim == 1 ? 0 : 1]).value_or(-1);
  int64_t dlen = as_const_int(dst->shape[want == "col" ? 0 : 1]).value_or(-2);
  if (src.rank() != 2 || !tile_shaped(src) || vector_kind(dst) != want || len != dlen) {
    ctx->error(op->loc) << fmt::format(
        "T.reduce_{} of '{}' along dim {} into '{}': the Tenstorrent lowering reduces a "
        "[rows, cols] block (multiples of 32) along dim 1 into a [rows] vector or along dim 0 "
        "into a [cols] vector",
        reduce_kind_name(op->reduce_kind), src->name, op->dim, dst->name);
    return op;
  }
  if (!scaler.defined()) {
    scaler = Buffer::make("reduce_scaler", DataType::bfloat16(),
                          {cint(kTile, op->loc), cint(kTile, op->loc)}, MemScope::kFragment, {},
                          op->loc);
  }
  Location loc = op->loc;
  Buffer in = src;
  std::vector<Stmt> stmts;
  // The hardware reduces by SUM or MAX: abs* reduce |x|, min reduces -x by MAX (negated back
  // in D5), through a temporary block.
  bool abs = op->reduce_kind == ReduceKind::kAbsSum || op->reduce_kind == ReduceKind::kAbsMax;
  bool min = op->reduce_kind == ReduceKind::kMin;
  if (abs || min) {
    in = Buffer::make(src->name + (abs ? "_abs" : "_neg"), src->dtype, src->shape,
                      MemScope::kFragment, {}, loc);
    stmts.push_back(
        tt_call_stmt(TtOp::kSfpu,
                     {buffer_ref(src, loc), buffer_ref(in, loc),
                      tile_unary(abs ? SfpuFn::kAbs : SfpuFn::kNeg, buffer_ref(src, loc), loc)},
                     {}, loc));
  }
  Attrs attrs;
  bool max = op->reduce_kind == ReduceKind::kMax || op->reduce_kind == ReduceKind::kAbsMax;
  attrs.set("op", max ? "max" : min ? "min" : "sum");
  attrs.set("dim", want == "col" ? "row" : "col");  // TT names the axis that is reduced
  attrs.set("clear", op->clear);
  stmts.push_back(tt_call_stmt(TtOp::kReduce,
                               {buffer_ref(in, loc), buffer_ref(scaler, loc), buffer_ref(dst, loc)},
                               attrs, loc));
  ++lowered;
  Stmt s = seq(stmts, loc);
  return abs || min ? Allocate::make(in, s, loc) : s;
}

}  // namespace tltt::passes::sfpu
