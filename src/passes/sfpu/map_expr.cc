// B3: the value of an element-wise store is mapped node by node to a tile-op tree: loads to
// block leaves and broadcasts, + - * max min between tiles, / as a product with a reciprocal,
// constants and kernel scalars as scalar operands, math calls as SFPU ops.
#include <fmt/format.h>

#include "passes/sfpu/lowerer.h"

#include <cmath>
#include <map>

#include "ir/printer.h"
#include "passes/finalize_signature.h"

namespace tltt::passes::sfpu {

using namespace ir;

Expr Lowerer::leaf(const BufferLoad* ld) {
  if (!on_chip(ld->buffer)) {
    return fail(ld->loc, fmt::format("load of '{}'", ld->buffer->name));
  }
  Access a = access(ld->buffer, ld->indices);
  if (a == Access::kNone) {
    return fail(ld->loc,
                fmt::format("load '{}' (only whole-block accesses `buf[i, j]` with the nest's "
                            "loop variables, and per-row `v[i]` / per-column `v[j]` vectors)",
                            print(Expr(ld))));
  }
  bool seen = false;
  for (const Buffer& b : inputs_) {
    seen |= b.same_as(ld->buffer);
  }
  if (!seen) {
    inputs_.push_back(ld->buffer);
  }
  Expr ref = buffer_ref(ld->buffer, ld->loc);
  if (a == Access::kBcastCol) {
    return tile_bcast(TileOpKind::kBcastCol, ref, ld->loc);
  }
  if (a == Access::kBcastRow) {
    return tile_bcast(TileOpKind::kBcastRow, ref, ld->loc);
  }
  if (a == Access::kBcastScalar) {
    return tile_bcast(TileOpKind::kBcastScalar, ref, ld->loc);
  }
  return ref;
}

Expr Lowerer::map(const Expr& e0) {
  Expr e = strip_float_casts(e0);
  Location loc = e.loc();
  if (e.dtype().is_integer()) {
    return map_int(e);
  }
  if (e.dtype().is_bool() && !e.as<BufferLoad>()) {
    // A condition as a value (stored to a 0/1 block, bool_blocks.cc): 1.0 where it holds.
    return map(Select::make(e, FloatImm::make(1.0, DataType::float32(), loc),
                            FloatImm::make(0.0, DataType::float32(), loc), loc));
  }
  if (auto v = const_float(e)) {
    return FloatImm::make(*v, DataType::float32(), loc);
  }
  if (kernel_value(e)) {
    // A float every kernel computes from its lets (`inv = 1.0 / T.cast(n, "float32")`): the
    // compute kernel evaluates it and fills a DST tile with it (fill_tile), the same for every
    // element of the nest.
    return e;
  }
  if (const BufferLoad* ld = e.as<BufferLoad>()) {
    return leaf(ld);
  }
  if (const Unary* u = e.as<Unary>()) {
    if (u->op != UnaryOp::kNeg) {
      return fail(loc, fmt::format("operator '{}'", unary_op_symbol(u->op)));
    }
    Expr a = map(u->a);
    if (!a.defined()) {
      return {};
    }
    if (auto s = const_float(a)) {
      return FloatImm::make(-*s, DataType::float32(), loc);
    }
    if (runtime_scalar(a)) {
      return fail(loc, "negation of a kernel scalar (write `0.0 - s * x` forms instead)");
    }
    return tile_unary(SfpuFn::kNeg, a, loc);
  }
  if (const Binary* b = e.as<Binary>()) {
    return map_binary(b);
  }
  if (const Call* c = e.as<Call>()) {
    return map_call(c);
  }
  if (const Select* sel = e.as<Select>()) {
    return map_select(sel);
  }
  if (const Cast* c = e.as<Cast>(); c && c->value.dtype().is_integer()) {
    return typecast(c);
  }
  if (e.as<Cast>()) {
    return fail(loc, fmt::format("cast '{}' (only casts between float and 32-bit integer "
                                 "dtypes are supported)",
                                 print(e)));
  }
  if (const Variable* v = e.as<Variable>()) {
    if (scalar_params.count(v) && v->dtype == DataType::float32()) {
      // A kernel scalar: its fp32 bits arrive as a compute runtime argument.
      return tt_call(TtOp::kRuntimeArg, DataType::float32(),
                     {StringImm::make(scalar_arg_name(v->name), loc)}, {}, loc);
    }
    return fail(loc, fmt::format("scalar variable '{}' (only constants and float32 kernel "
                                 "parameters are scalar operands)",
                                 print(e)));
  }
  return fail(loc, fmt::format("expression '{}'", print(e)));
}

Expr Lowerer::map_binary(const Binary* b) {
  Location loc = b->loc;
  static const std::map<BinaryOp, SfpuBinaryFn> fns = {
      {BinaryOp::kAdd, SfpuBinaryFn::kAdd}, {BinaryOp::kSub, SfpuBinaryFn::kSub},
      {BinaryOp::kMul, SfpuBinaryFn::kMul}, {BinaryOp::kDiv, SfpuBinaryFn::kDiv},
      {BinaryOp::kMax, SfpuBinaryFn::kMax}, {BinaryOp::kMin, SfpuBinaryFn::kMin}};
  auto it = fns.find(b->op);
  if (it == fns.end()) {
    return fail(loc, fmt::format("operator '{}'", binary_op_symbol(b->op)));
  }
  Expr x = map(b->a);
  if (!x.defined()) {
    return {};
  }
  Expr y = map(b->b);
  if (!y.defined()) {
    return {};
  }
  auto sx = const_float(x), sy = const_float(y);
  SfpuBinaryFn op = it->second;
  bool extremum = op == SfpuBinaryFn::kMax || op == SfpuBinaryFn::kMin;
  if (sx && sy) {
    return fail(loc, "operation between two constants inside a tile expression");
  }
  bool rx = runtime_scalar(x), ry = runtime_scalar(y);
  if (rx || ry) {
    // Kernel scalars: the scalar SFPU forms with the runtime value (x / s is div_unary_tile).
    if ((rx || sx) && (ry || sy)) {
      return fail(loc, "operation between two scalars inside a tile expression");
    }
    if (extremum) {
      // T.max(x, s) / T.min(x, s): unary_max_tile / unary_min_tile with s's bits (commutative,
      // so the scalar goes second).
      return rx ? tile_binary(op, y, x, loc) : tile_binary(op, x, y, loc);
    }
    if (op == SfpuBinaryFn::kDiv && rx) {
      return tile_binary(SfpuBinaryFn::kMul, tile_unary(SfpuFn::kRecip, y, loc), x, loc);
    }
    return tile_binary(op, x, y, loc);
  }
  if (extremum) {
    if (sx || sy) {
      double s = sx ? *sx : *sy;
      Expr t = sx ? y : x;
      if (op == SfpuBinaryFn::kMax && s == 0.0) {
        return tile_unary(SfpuFn::kRelu, t, loc);
      }
      // Any other constant (a clamp's bounds, `T.max(amax, 1e-4)`): the SFPU's compare with a
      // scalar, unary_max_tile / unary_min_tile (D5).
      return tile_binary(op, t, FloatImm::make(s, DataType::float32(), loc), loc);
    }
    return tile_binary(op, x, y, loc);
  }
  if (op == SfpuBinaryFn::kDiv) {
    if (sy) {
      if (*sy == 0.0) {
        return fail(loc, "division by the constant 0");
      }
      return tile_binary(SfpuBinaryFn::kMul, x, FloatImm::make(1.0 / *sy, DataType::float32(), loc),
                         loc);
    }
    Expr r = tile_unary(SfpuFn::kRecip, y, loc);
    if (sx && *sx == 1.0) {
      return r;
    }
    return tile_binary(SfpuBinaryFn::kMul, r, x, loc);
  }
  if (op == SfpuBinaryFn::kMul && !sx && !sy) {
    // x * x over the same block (two loads of one tile).
    const RegionRef* rx = x.as<RegionRef>();
    const RegionRef* ry = y.as<RegionRef>();
    if (rx && ry && rx->region.buffer.same_as(ry->region.buffer)) {
      return tile_unary(SfpuFn::kSquare, x, loc);
    }
  }
  return tile_binary(op, x, y, loc);
}

Expr Lowerer::map_call(const Call* c) {
  Location loc = c->loc;
  // TileLang math functions with an SFPU tile op (sim/include/ttsim/sfpu_functions.def).
  const SfpuFunction* f = sfpu_function_of_tilelang(c->name);
  bool power = f && f->fn == SfpuFn::kPower;
  if (f && !power && c->args.size() == 1) {
    Expr a = map(c->args[0]);
    if (!a.defined()) {
      return {};
    }
    if (const_float(a) || runtime_scalar(a)) {
      return fail(loc, fmt::format("T.{} of a {}", c->name,
                                   runtime_scalar(a) ? "kernel scalar" : "constant"));
    }
    return tile_unary(f->fn, a, loc);
  }
  if (power && c->args.size() == 2) {
    auto ex = const_float(strip_float_casts(c->args[1]));
    if (!ex || *ex != std::floor(*ex) || *ex < 0 || *ex > 64) {
      return fail(loc, "T.pow with an exponent that is not a constant integer in [0, 64]");
    }
    Expr a = map(c->args[0]);
    if (!a.defined()) {
      return {};
    }
    Attrs attrs;
    attrs.set("exponent", static_cast<int64_t>(*ex));
    return tile_unary(f->fn, a, loc, attrs);
  }
  return fail(loc, fmt::format("call '{}'", c->name));
}

}  // namespace tltt::passes::sfpu
