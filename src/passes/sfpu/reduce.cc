// B3: T.reduce_* over a whole on-chip block into a per-row / per-column vector becomes
// tt.reduce with a shared all-ones scaler tile (abs and min through a temporary block).
#include <fmt/format.h>

#include "passes/pass_util.h"
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
  // TT names the axis that is reduced: a block reduced along dim 1 reduces each row.
  std::string tt_dim = want == "col" ? "row" : "col";
  // A whole vector reduced into a one-element block (A1: its value at (0, 0) of one tile): a
  // per-column (row) vector is one tile row (column) of values, so reducing each tile row
  // (column) leaves the total at (0, 0).
  std::string src_kind = vector_kind(src);
  bool to_scalar = !src_kind.empty() && op->dim == 0 && dst->attrs.has(kScalarElementAttr);
  if (to_scalar) {
    tt_dim = src_kind;
  } else if (src.rank() != 2 || !tile_shaped(src) || vector_kind(dst) != want || len != dlen) {
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
  attrs.set("dim", tt_dim);
  std::vector<Buffer> temps;
  if (abs || min) {
    temps.push_back(in);
  }
  std::vector<Buffer> parts{in};
  if (!max && !min && exact_float32_sum(in, dst, loc)) {
    parts = split_float32(in, stmts, temps, loc);
  }
  for (size_t i = 0; i < parts.size(); ++i) {
    attrs.set("clear", i == 0 && op->clear);
    stmts.push_back(tt_call_stmt(
        TtOp::kReduce, {buffer_ref(parts[i], loc), buffer_ref(scaler, loc), buffer_ref(dst, loc)},
        attrs, loc));
  }
  ++lowered;
  Stmt s = seq(stmts, loc);
  for (auto it = temps.rbegin(); it != temps.rend(); ++it) {
    s = Allocate::make(*it, s, loc);
  }
  return s;
}

// The matrix engine multiplies by the scaler with at most the hidden bit and 7 mantissa bits of
// a float32 operand (the source registers hold TF32, the multiplier splits BF16-sized pieces;
// metalium.md 3.6), so reduce_tile over float32 tiles sums values cut to bfloat16 precision. A
// float32 sum into a float32 vector is reduced instead as three bfloat16 blocks whose sum is
// exactly the input (each product with the scaler 1 is then exact, DST accumulates in fp32):
// when the four temporaries (two and a half times the input block) and the kernel's blocks,
// counted four times (CBs may be double-buffered, loads get twins and outputs their own CBs),
// fit in L1 and leave CB indices to spare, and the temporaries take at most an eighth of L1
// (wide rows near the L1 limit, such as a 1024-wide float32 RMSNorm row, keep one pass).
bool Lowerer::exact_float32_sum(const Buffer& in, const Buffer& dst, const Location& loc) {
  if (in->dtype != DataType::float32() || dst->dtype != DataType::float32()) {
    return false;
  }
  const int64_t extra = 5 * buffer_tiles(in) * tile_bytes(in->dtype) / 2;
  if (8 * extra > ctx->device.l1_budget || 4 * onchip_bytes + extra > ctx->device.l1_budget ||
      onchip_buffers + 4 > 20) {
    ctx->remark(loc, "reduce-precision") << fmt::format(
        "float32 sum of '{}' reduced in one pass: the matrix engine sees its values at bfloat16 "
        "precision (an exact three-part sum would need {} more bytes of L1 and four more CBs)",
        in->name, extra);
    return false;
  }
  onchip_bytes += extra;
  onchip_buffers += 4;
  ctx->remark(loc, "reduce-precision") << fmt::format(
      "float32 sum of '{}' reduced exactly: split into three bfloat16 parts (hi, mid, lo) "
      "reduced into the same fp32 DST tile",
      in->name);
  return true;
}

// in = hi + mid + lo exactly, each bfloat16: hi = bf16(in), rem = in - hi (exact in fp32, at
// most 16 significant bits), mid = bf16(rem), lo = rem - mid (at most 8 bits: exact in bf16).
// The parts in the order to reduce them, smallest first.
std::vector<Buffer> Lowerer::split_float32(const Buffer& in, std::vector<Stmt>& stmts,
                                           std::vector<Buffer>& temps, const Location& loc) {
  auto block = [&](const std::string& suffix, DataType t) {
    Buffer b = Buffer::make(in->name + suffix, t, in->shape, MemScope::kFragment, {}, loc);
    temps.push_back(b);
    return b;
  };
  auto step = [&](const Buffer& out, std::vector<Buffer> ins, Expr tree) {
    std::vector<Expr> args;
    for (const Buffer& b : ins) {
      args.push_back(buffer_ref(b, loc));
    }
    args.push_back(buffer_ref(out, loc));
    args.push_back(std::move(tree));
    stmts.push_back(tt_call_stmt(TtOp::kSfpu, args, {}, loc));
  };
  Buffer hi = block("_hi", DataType::bfloat16());
  Buffer rem = block("_rem", DataType::float32());
  Buffer mid = block("_mid", DataType::bfloat16());
  Buffer lo = block("_lo", DataType::bfloat16());
  step(hi, {in}, buffer_ref(in, loc));
  step(rem, {in, hi},
       tile_binary(SfpuBinaryFn::kSub, buffer_ref(in, loc), buffer_ref(hi, loc), loc));
  step(mid, {rem}, buffer_ref(rem, loc));
  step(lo, {rem, mid},
       tile_binary(SfpuBinaryFn::kSub, buffer_ref(rem, loc), buffer_ref(mid, loc), loc));
  return {lo, mid, hi};
}

}  // namespace tltt::passes::sfpu
