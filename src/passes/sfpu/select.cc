// B3: T.if_then_else whose condition compares element values (`x[i, j] <= 0`, `m[i] == s[i, j]`)
// rather than positions, and the general blend of two values by a 0/1 tile: the condition is an
// SFPU predicate of a difference (gtz, ltz, gez, lez, eqz, nez give 1.0 or 0.0 per element), and
// the select is `x * m + y * m'` with m' the complementary predicate.
#include <fmt/format.h>

#include "passes/sfpu/lowerer.h"

#include <cmath>

#include "ir/printer.h"
#include "ir/visitor.h"

namespace tltt::passes::sfpu {

using namespace ir;

namespace {

// The predicate that is 1 where `d OP 0` holds, and the one that is 1 where it does not.
std::pair<SfpuFn, SfpuFn> predicates(CompareOp op) {
  switch (op) {
    case CompareOp::kGE:
      return {SfpuFn::kGez, SfpuFn::kLtz};
    case CompareOp::kGT:
      return {SfpuFn::kGtz, SfpuFn::kLez};
    case CompareOp::kLE:
      return {SfpuFn::kLez, SfpuFn::kGtz};
    case CompareOp::kLT:
      return {SfpuFn::kLtz, SfpuFn::kGez};
    case CompareOp::kEQ:
      return {SfpuFn::kEqz, SfpuFn::kNez};
    default:
      return {SfpuFn::kNez, SfpuFn::kEqz};
  }
}

// An integer operand of a comparison as float32: constants folded, the rest cast (a typecast
// tile op for blocks, a value the kernel computes for block indices and loop variables).
Expr as_float(const Expr& e) {
  if (!e.dtype().is_integer()) {
    return e;
  }
  if (auto v = as_const_int(e)) {
    return FloatImm::make(static_cast<double>(*v), DataType::float32(), e.loc());
  }
  return Cast::make(DataType::float32(), e, e.loc());
}

}  // namespace

bool Lowerer::reads_on_chip(const Expr& e) {
  bool found = false;
  post_order_visit(Evaluate::make(e), [&](const Node* n) {
    if (n->kind == NodeKind::kBufferLoad) {
      found |= on_chip(static_cast<const BufferLoad*>(n)->buffer);
    }
  });
  return found;
}

// `value * m`, with the constants 0 and 1 folded and other constants and kernel scalars as
// scalar products of the 0/1 tile m; undefined (after a located error) when value does not map.
Expr Lowerer::weighted(const Expr& value, const Expr& m, const Location& loc, bool finite) {
  Expr v = map(value);
  if (!v.defined()) {
    return {};
  }
  if (finite && !const_float(v)) {
    // Clamped to [-kFiniteBound, kFiniteBound] (fmin / fmax: a NaN becomes a bound), so that
    // the side not taken is finite where the condition tests for an infinity.
    auto bound = [&](double k) { return FloatImm::make(k, DataType::float32(), loc); };
    v = tile_binary(SfpuBinaryFn::kMin,
                    tile_binary(SfpuBinaryFn::kMax, v, bound(-kFiniteBound), loc),
                    bound(kFiniteBound), loc);
  }
  if (auto k = const_float(v)) {
    if (*k == 1.0) {
      return m;
    }
    if (!std::isfinite(*k)) {
      return fail(loc, fmt::format("T.if_then_else selecting the constant {} by a condition on "
                                   "element values (only finite values are blended)",
                                   *k));
    }
  }
  return tile_binary(SfpuBinaryFn::kMul, v, m, loc);
}

// x where m is 1, y where m' is 1 (m, m' complementary 0/1 tiles): x * m + y * m', a zero side
// dropped. Values on the side not taken must be finite (inf * 0 is NaN).
Expr Lowerer::blend(const Expr& x, const Expr& y, const Expr& m, const Expr& m_not,
                    const Location& loc, bool finite) {
  auto cx = const_float(strip_float_casts(x)), cy = const_float(strip_float_casts(y));
  if (cx && cy && *cx == 0.0 && *cy == 0.0) {
    return FloatImm::make(0.0, DataType::float32(), loc);
  }
  bool ix = cx && std::isinf(*cx), iy = cy && std::isinf(*cy);
  if (ix != iy) {
    // An infinite side (`T.if_then_else(mask[j], 0, -T.infinity())`): never multiplied (inf * 0
    // is NaN) but added as log of the other side's 0/1 tile, log(1) = 0 and log(0) = -inf
    // exactly in fp32 DST, negated for +inf. The other side is mapped as is (+inf there gives
    // NaN where the infinity is taken, as the reference's inf - inf would).
    double k = ix ? *cx : *cy;
    Expr lg = tile_unary(SfpuFn::kLog, ix ? m_not : m, loc);
    if (k > 0) {
      lg = tile_unary(SfpuFn::kNeg, lg, loc);
    }
    auto co = ix ? cy : cx;
    if (co && *co == 0.0) {
      return lg;
    }
    Expr o = map(ix ? y : x);
    if (!o.defined()) {
      return {};
    }
    return tile_binary(SfpuBinaryFn::kAdd, lg, o, loc);
  }
  Expr a = cx && *cx == 0.0 ? Expr() : weighted(x, m, loc, finite);
  Expr b = cy && *cy == 0.0 ? Expr() : weighted(y, m_not, loc, finite);
  if ((!a.defined() && !(cx && *cx == 0.0)) || (!b.defined() && !(cy && *cy == 0.0))) {
    return {};
  }
  if (!a.defined() || !b.defined()) {
    return a.defined() ? a : b;
  }
  return tile_binary(SfpuBinaryFn::kAdd, a, b, loc);
}

// T.if_then_else(a OP b, x, y) with a or b reading on-chip blocks: m = pred(a - b).
Expr Lowerer::map_data_select(const Select* sel) {
  Location loc = sel->loc;
  const Compare* c = sel->cond.as<Compare>();
  if (!c) {
    return fail(loc, fmt::format("T.if_then_else condition '{}' (conditions on element values "
                                 "compare two values by ==, !=, <, <=, > or >=)",
                                 print(sel->cond)));
  }
  auto ka = const_float(strip_float_casts(c->a)), kb = const_float(strip_float_casts(c->b));
  Expr m, m_not;
  bool inf_test = (ka && std::isinf(*ka)) || (kb && std::isinf(*kb));
  if (inf_test) {
    // x == -inf: the difference would be NaN, so the predicate is isneginf / isposinf. A tile
    // value blended by it may be infinite (or NaN) where it is not taken, the tested value
    // itself in `x == -inf ? 0 : x` (inf * 0 is NaN): tile values are clamped to finite
    // values first (blend's `finite`).
    double k = ka ? *ka : *kb;
    bool eq = c->op == CompareOp::kEQ;
    if (!eq && c->op != CompareOp::kNE) {
      return fail(loc, fmt::format("T.if_then_else on '{}' (a comparison with an infinity "
                                   "is lowered by == or != only)",
                                   print(sel->cond)));
    }
    Expr x = map(ka ? c->b : c->a);
    if (!x.defined()) {
      return {};
    }
    Expr is_inf = tile_unary(k > 0 ? SfpuFn::kIsposinf : SfpuFn::kIsneginf, x, loc);
    Expr not_inf =
        tile_binary(SfpuBinaryFn::kSub, FloatImm::make(1.0, DataType::float32(), loc), is_inf, loc);
    m = eq ? is_inf : not_inf;
    m_not = eq ? not_inf : is_inf;
  } else {
    // a OP b as (a - b) OP 0; a comparison with zero compares a itself. Integer operands (an
    // index block against a block index, `Idx[j] <= bx`) compare as float32, exact below 2^24.
    Expr a = as_float(c->a), b = as_float(c->b);
    kb = const_float(strip_float_casts(b));
    Expr diff = map(kb && *kb == 0.0 ? a : Binary::make(BinaryOp::kSub, a, b, loc));
    if (!diff.defined()) {
      return {};
    }
    if (const_float(diff) || runtime_scalar(diff)) {
      return fail(loc,
                  fmt::format("T.if_then_else condition '{}' on scalars only", print(sel->cond)));
    }
    auto [yes, no] = predicates(c->op);
    m = tile_unary(yes, diff, loc);
    m_not = tile_unary(no, diff, loc);
  }
  return blend(sel->true_value, sel->false_value, m, m_not, loc, inf_test);
}

}  // namespace tltt::passes::sfpu
