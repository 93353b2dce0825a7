// D5's calls for a tile.mask leaf of a tt.sfpu tree (sfpu_ops.cc's Emitter calls them): per
// output tile, a fill with the true or false value where the whole tile lies on one side of
// the mask's condition (decided at run time from the block position), else the reader's mask
// tile, or for a run-time bound the tile computed from the reader's index tile.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

Stmt fill(Expr dst, double v, const Location& loc) {
  return seq(
      {tt_call_stmt(TtOp::kFillTileInit, {}, {}, loc), fill_tile_stmt(std::move(dst), v, loc)},
      loc);
}

Expr floordiv(Expr a, int64_t d, const Location& loc) {
  return Binary::make(BinaryOp::kFloorDiv, std::move(a), cint(d, loc), loc);
}

// `x OP scalar` on the SFPU (add_unary_tile, mul_unary_tile) with the scalar's fp32 bits.
void scalar_op(std::vector<Stmt>& out, SfpuFn fn, Expr dst, double v, const Location& loc) {
  out.push_back(tt_call_stmt(TtOp::kBinopWithScalarTileInit, {}, {}, loc));
  out.push_back(call_stmt(sfpu_function(fn).metalium + "_tile",
                          {std::move(dst), IntImm::make(float_bits(v), DataType::uint32(), loc)},
                          {}, loc));
}

void unary_op(std::vector<Stmt>& out, SfpuFn fn, Expr dst, const Location& loc) {
  const std::string& name = sfpu_function(fn).metalium;
  out.push_back(call_stmt(name + "_tile_init", {}, {}, loc));
  out.push_back(call_stmt(name + "_tile", {std::move(dst)}, {}, loc));
}

// The tile of a run-time bound mask where the bound falls inside it: d = index - k (k the
// positions of the tile before the bound, at most 31 and at least 1), 1 where d < 0 (ltz) or
// d >= 0 (gez), then the values: m * (t - f) + f when both are finite; an infinite one from
// log(m) (log(0) = -inf, log(1) = 0 exactly in fp32 DST), negated for +inf, plus the finite
// one. No step multiplies an infinity by 0.
std::vector<Stmt> partial_bound_tile(const Call* m, Expr index_cb, Expr k, Expr dst, Expr scratch,
                                     const Location& loc) {
  double t = tile::Mask::true_value(m), f = tile::Mask::false_value(m);
  std::vector<Stmt> out;
  out.push_back(tt_call_stmt(TtOp::kCopyTileToDstInitShort, {index_cb}, {}, loc));
  out.push_back(tt_call_stmt(TtOp::kCopyTile, {index_cb, cint(0, loc), dst}, {}, loc));
  out.push_back(tt_call_stmt(TtOp::kFillTileInit, {}, {}, loc));
  out.push_back(
      tt_call_stmt(TtOp::kFillTile, {scratch, Cast::make(DataType::float32(), k, loc)}, {}, loc));
  const std::string& sub = sfpu_binary_metalium(SfpuBinaryFn::kSub);
  out.push_back(call_stmt(sub + "_tile_init", {}, {}, loc));
  out.push_back(call_stmt(sub + "_tile", {dst, scratch, dst}, {}, loc));
  bool inf_false = std::isinf(f), inf_true = std::isinf(t);
  TILE_ASSERT(!(inf_false && inf_true)) << "B3 left a run-time bound mask between two infinities";
  // The predicate is 1 where the value that is kept finite-or-zero applies.
  unary_op(out, inf_true ? SfpuFn::kGez : SfpuFn::kLtz, dst, loc);
  if (inf_true || inf_false) {
    double inf = inf_true ? t : f, other = inf_true ? f : t;
    unary_op(out, SfpuFn::kLog, dst, loc);
    if (inf > 0) {
      unary_op(out, SfpuFn::kNeg, dst, loc);
    }
    if (other != 0.0) {
      scalar_op(out, SfpuFn::kAddScalar, dst, other, loc);
    }
    return out;
  }
  if (t - f != 1.0) {
    scalar_op(out, SfpuFn::kMulScalar, dst, t - f, loc);
  }
  if (f != 0.0) {
    scalar_op(out, SfpuFn::kAddScalar, dst, f, loc);
  }
  return out;
}

}  // namespace

bool mask_needs_scratch(const Call* m) { return tile::Mask::runtime_bounded(m); }

std::vector<Stmt> mask_calls(const Call* m, Expr cb, Expr dst, Expr scratch, Expr row_idx,
                             Expr col_idx, Location loc) {
  Stmt t = fill(dst, tile::Mask::true_value(m), loc);
  Stmt f = fill(dst, tile::Mask::false_value(m), loc);
  Expr k32 = cint(kTile, loc);
  if (tile::Mask::flag_mask(m)) {
    return {IfThenElse::make(tile::Mask::start(m), t, f, loc)};
  }
  if (tile::Mask::block_mask(m)) {
    // Rows and columns of a tile share their block (block a multiple of 32, bases of 32).
    static const std::map<std::string, CompareOp> ops = {
        {"==", CompareOp::kEQ}, {"!=", CompareOp::kNE}, {"<", CompareOp::kLT},
        {"<=", CompareOp::kLE}, {">", CompareOp::kGT},  {">=", CompareOp::kGE}};
    int64_t b = tile::Mask::block(m);
    Expr r = floordiv(add(tile::Mask::start(m), mul(row_idx, k32)), b, loc);
    Expr c = floordiv(add(tile::Mask::col_base(m), mul(col_idx, k32)), b, loc);
    return {IfThenElse::make(cmp(ops.at(tile::Mask::relation(m)), r, c), t, f, loc)};
  }
  Stmt tri = seq({tt_call_stmt(TtOp::kCopyTileToDstInitShort, {cb}, {}, loc),
                  tt_call_stmt(TtOp::kCopyTile, {cb, cint(0, loc), dst}, {}, loc)},
                 loc);
  bool row = tile::Mask::axis(m) == "row";
  if (m->attrs.has("position")) {
    // The element positions themselves (`j` as a value, an index of the maximum): the reader's
    // index tile plus this tile's first position, base + 32 * tile, in a second DST slot.
    Expr start = add(tile::Mask::start(m), mul(row ? row_idx : col_idx, k32));
    const std::string& add_fn = sfpu_binary_metalium(SfpuBinaryFn::kAdd);
    return {tri, tt_call_stmt(TtOp::kFillTileInit, {}, {}, loc),
            tt_call_stmt(TtOp::kFillTile, {scratch, Cast::make(DataType::float32(), start, loc)},
                         {}, loc),
            call_stmt(add_fn + "_tile_init", {}, {}, loc),
            call_stmt(add_fn + "_tile", {dst, scratch, dst}, {}, loc)};
  }
  if (tile::Mask::runtime_bounded(m)) {
    // k positions of this tile lie before the bound: all of them (k >= 32), none (k <= 0), or
    // the first k, computed from the index tile.
    // Compared before subtracting (the kernel compares int32 values as int32_t, so a negative
    // bound masks the whole tile), and k is positive where it is computed.
    Expr start = add(tile::Mask::start(m), mul(row ? row_idx : col_idx, k32));
    const Expr& n = tile::Mask::limit(m);
    Expr k = Binary::make(BinaryOp::kSub, n, start, loc);
    Stmt part = seq(partial_bound_tile(m, cb, k, dst, scratch, loc), loc);
    return {IfThenElse::make(cmp(CompareOp::kGE, n, add(start, k32)), t,
                             IfThenElse::make(cmp(CompareOp::kLE, n, start), f, part, loc), loc)};
  }
  if (tile::Mask::bounded(m)) {
    // A bound mask: this tile's rows (columns) start at S = base + 32 * tile_row (_col), a
    // multiple of 32; wholly before the bound, wholly past it, or the reader's partial tile.
    Expr start = add(tile::Mask::start(m), mul(row ? row_idx : col_idx, k32));
    Expr bound = cint(tile::Mask::bound(m), loc);
    return {IfThenElse::make(cmp(CompareOp::kLE, add(start, k32), bound), t,
                             IfThenElse::make(cmp(CompareOp::kGE, start, bound), f, tri, loc),
                             loc)};
  }
  // Rows of this tile start at A = row_base + 32 * tile_row, columns at B = col_base + 32 *
  // tile_col; both are multiples of 32, so the tile is wholly on one side of the diagonal
  // unless A == B, where the reader's triangle tile applies.
  Expr a = add(tile::Mask::start(m), mul(row_idx, k32));
  Expr b = add(tile::Mask::col_base(m), mul(col_idx, k32));
  std::string rel = tile::Mask::relation(m);
  bool above_true = rel == ">=" || rel == ">";  // rows past the columns satisfy it
  return {IfThenElse::make(
      cmp(CompareOp::kGT, a, b), above_true ? t : f,
      IfThenElse::make(cmp(CompareOp::kLT, a, b), above_true ? f : t, tri, loc), loc)};
}

}  // namespace tltt::passes
