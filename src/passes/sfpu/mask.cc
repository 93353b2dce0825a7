// B3: T.if_then_else on `row_base + i OP col_base + j` (causal masks) or on `base + j OP N`
// (bound masks: sequence bounds, the padding of partial blocks), and conjunctions and
// disjunctions of them, becomes mask tiles: each made once by the reader, selected per tile at
// run time, combined by add or mul (conditions on element values: select.cc).
#include <fmt/format.h>

#include "passes/sfpu/lowerer.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "ir/printer.h"

namespace tltt::passes::sfpu {

using namespace ir;

// T.if_then_else(row_base + i OP col_base + j, a, b) in a 2-D nest: a mask tile, all `a` or
// all `b` where the tile lies wholly on one side of the diagonal (decided per tile at run
// time) and a triangle tile (made once by the reader) on it. With a tile operand the select
// becomes arithmetic: X + mask(0, -inf) or X * mask(1, 0).
Expr Lowerer::map_select(const Select* sel) {
  Location loc = sel->loc;
  if (const Logical* l = sel->cond.as<Logical>()) {
    // `a and b` / `a or b` as two nested selects, each one mask: select(a, select(b, x, y), y)
    // and select(a, x, select(b, x, y)).
    bool conj = l->op == LogicalOp::kAnd;
    Expr inner = Select::make(l->b, sel->true_value, sel->false_value, loc);
    return map(
        Select::make(l->a, conj ? inner : sel->true_value, conj ? sel->false_value : inner, loc));
  }
  Expr cond = normalize_condition(sel->cond);
  if (!cond.same_as(sel->cond)) {
    if (const BoolImm* k = cond.as<BoolImm>()) {
      return map(k->value ? sel->true_value : sel->false_value);
    }
    return map(Select::make(cond, sel->true_value, sel->false_value, loc));
  }
  if (const Select* s = cond.as<Select>()) {
    // A condition chosen by a flag: the flag's select of the two masked values.
    return map(
        Select::make(s->cond, Select::make(s->true_value, sel->true_value, sel->false_value, loc),
                     Select::make(s->false_value, sel->true_value, sel->false_value, loc), loc));
  }
  if (nest_free(cond) && !loads_buffer(cond)) {
    return map_flag_select(sel);
  }
  const Compare* c = sel->cond.as<Compare>();
  if (c && (reads_on_chip(c->a) || reads_on_chip(c->b))) {
    return map_data_select(sel);  // select.cc
  }
  if (c && (c->op == CompareOp::kEQ || c->op == CompareOp::kNE) &&
      nest_free(c->a) != nest_free(c->b)) {
    if (std::optional<Expr> m = map_position_equality(sel)) {
      return *m;
    }
  }
  if (c && (as_const_int(c->a) || as_const_int(c->b))) {
    return map_bound_select(sel);
  }
  if (c && nest_free(c->a) != nest_free(c->b)) {
    // `base + j < n` with n a run-time value (a kernel scalar, a block index, a loop variable).
    bool flip = nest_free(c->a);
    return map_runtime_bound(sel, flip ? c->b : c->a, flip ? c->a : c->b,
                             flip ? mirror(c->op) : c->op);
  }
  if (c && nest_.size() == 2) {
    if (std::optional<Expr> m = map_block_select(sel)) {
      return *m;
    }
  }
  std::optional<Expr> row, col;
  CompareOp op = c ? c->op : CompareOp::kEQ;
  if (c && nest_.size() == 2) {
    const Variable* i = nest_[0]->var.get();
    const Variable* j = nest_[1]->var.get();
    row = offset_of(c->a, i);
    col = offset_of(c->b, j);
    if (!row || !col) {  // j-term on the left: mirror the comparison
      row = offset_of(c->b, i);
      col = offset_of(c->a, j);
      op = mirror(op);
    }
  }
  bool rel =
      op == CompareOp::kGE || op == CompareOp::kGT || op == CompareOp::kLE || op == CompareOp::kLT;
  if (nest_.size() != 2) {
    return fail(loc, fmt::format("T.if_then_else condition '{}' on a position in a {}-D "
                                 "T.Parallel nest (position masks are lowered in 2-D nests over "
                                 "blocks; write the vector's mask as a 2-D block)",
                                 print(sel->cond), nest_.size()));
  }
  if (!row || !col || !rel) {
    return fail(loc, fmt::format("T.if_then_else condition '{}' (masks compare `row_base + i` "
                                 "with `col_base + j` by >=, >, <= or < in a 2-D T.Parallel "
                                 "nest)",
                                 print(sel->cond)));
  }
  if (!exact_div(simplify(*row), kTile) || !exact_div(simplify(*col), kTile)) {
    return fail(loc, fmt::format("T.if_then_else condition '{}' whose row and column offsets "
                                 "are not provably multiples of 32 (the mask's diagonal must "
                                 "fall on tile boundaries)",
                                 print(sel->cond)));
  }
  auto mask = [&](double t, double f) {
    return mask_tile(compare_op_symbol(op), t, f, {*row, *col}, {}, loc);
  };
  return select_with_mask(sel, mask);
}

// The mask tile op over the reader's tile `relation` (a triangle, or the first k columns/rows
// of a bound mask), made once per relation and values.
Expr Lowerer::mask_tile(const std::string& relation, double t, double f, std::vector<Expr> args,
                        Attrs extra, const Location& loc) {
  std::string key = fmt::format("{}:{}:{}", relation, t, f);
  auto it = masks.find(key);
  if (it == masks.end()) {
    Buffer b = Buffer::make(fmt::format("mask_{}", masks.size()), DataType::float32(),
                            {cint(kTile, loc), cint(kTile, loc)}, MemScope::kFragment, {}, loc);
    Attrs a;
    a.set("relation", relation);
    a.set("true_value", t);
    a.set("false_value", f);
    it = masks.emplace(key, std::make_pair(b, a)).first;
    // A float32 tile now takes part in compute, so D4 will turn on fp32 DST accumulation:
    // this and later expressions are spilled (and B4 fuses) within its smaller DST.
    dst_capacity = std::min(dst_capacity, ctx->device.dst_tiles(dst_fp32(b->dtype)));
  }
  const Buffer& b = it->second.first;
  bool seen = false;
  for (const Buffer& x : inputs_) {
    seen |= x.same_as(b);
  }
  if (!seen) {
    inputs_.push_back(b);
  }
  Attrs attrs = it->second.second;
  for (const auto& [k, v] : extra) {
    attrs.set(k, v);
  }
  args.insert(args.begin(), buffer_ref(b, loc));
  return tile_mask(std::move(args), attrs, loc);
}

// T.if_then_else(base + j < N, a, b) (or base + i < N) in a 2-D nest, N a constant: a bound
// mask (a sequence bound, the padding of a partial block). Tiles wholly before N are `a`, tiles
// wholly past it `b`, decided per tile at run time; the tile N falls in is the reader's tile
// whose first N % 32 columns (rows) are `a`. The other comparisons (<=, >=, >, either operand
// constant) are this one with N + 1 and/or `a` and `b` swapped.
Expr Lowerer::map_bound_select(const Select* sel) {
  Location loc = sel->loc;
  const Compare* c = sel->cond.as<Compare>();
  bool flip = !as_const_int(c->b);  // `N OP x`: as `x OP' N`
  Expr x = flip ? c->b : c->a;
  int64_t bound = *as_const_int(flip ? c->a : c->b);
  CompareOp op = flip ? mirror(c->op) : c->op;
  CompareOp op0 = op;
  // x <= N is x < N + 1; x >= N is not x < N; x > N is not x < N + 1.
  bound += op == CompareOp::kLE || op == CompareOp::kGT ? 1 : 0;
  bool swap = op == CompareOp::kGE || op == CompareOp::kGT;
  bool rel = op != CompareOp::kEQ && op != CompareOp::kNE;
  std::optional<Expr> base;
  int axis = 0;
  for (size_t d = 0; rel && d < nest_.size() && !base; ++d) {
    if (auto o = offset_of(x, nest_[d]->var.get()); o && exact_div(simplify(*o), kTile)) {
      base = simplify(*o);
      axis = position_axis(d);
    }
  }
  if (rel && !base && bound >= 0) {
    // A base that is not a multiple of 32: the bound falls at a different column of each
    // tile, computed at run time from the index tile.
    return map_runtime_bound(sel, x, cint(*as_const_int(flip ? c->a : c->b), loc), op0);
  }
  if (!base || bound < 0) {
    return fail(loc, fmt::format("T.if_then_else condition '{}' (bound masks compare "
                                 "`base + i` or `base + j` with a bound by <, <=, >= or >)",
                                 print(sel->cond)));
  }
  std::string relation = fmt::format("{}<{}", axis == 0 ? "row" : "col", bound % kTile);
  auto mask = [&](double t, double f) {
    Attrs extra;
    extra.set("bound", bound);
    extra.set("axis", axis == 0 ? "row" : "col");
    return mask_tile(relation, t, f, {*base}, extra, loc);
  };
  if (swap) {
    Expr swapped = Select::make(sel->cond, sel->false_value, sel->true_value, loc);
    return select_with_mask(swapped.as<Select>(), mask);
  }
  return select_with_mask(sel, mask);
}

Expr Lowerer::select_with_mask(const Select* sel, const std::function<Expr(double, double)>& mask) {
  Location loc = sel->loc;
  Expr tv = strip_float_casts(sel->true_value), fv = strip_float_casts(sel->false_value);
  auto ct = const_float(tv), cf = const_float(fv);
  if (ct && cf) {
    return mask(*ct, *cf);
  }
  // One side a tile expression, the other -inf or +inf (added) or 0 (multiplied).
  bool tile_true = !ct;
  auto k = tile_true ? cf : ct;
  if (k && (std::isinf(*k) || *k == 0.0)) {
    Expr x = map(tile_true ? sel->true_value : sel->false_value);
    if (!x.defined()) {
      return {};
    }
    bool add = *k != 0.0;
    double keep = add ? 0.0 : 1.0;
    Expr m = tile_true ? mask(keep, *k) : mask(*k, keep);
    return tile_binary(add ? SfpuBinaryFn::kAdd : SfpuBinaryFn::kMul, x, m, loc);
  }
  // Anything else (tile values on both sides, another constant, a kernel scalar): the blend
  // x * mask(1, 0) + y * mask(0, 1).
  return blend(sel->true_value, sel->false_value, mask(1.0, 0.0), mask(0.0, 1.0), loc);
}

}  // namespace tltt::passes::sfpu
