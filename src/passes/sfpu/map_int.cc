// B3: integer element-wise expressions over int32/uint32 blocks become trees of the SFPU's
// integer tile ops (tile.add_int, tile.bitwise_and, tile.shl, ...; D5 emits add_int_tile<F>,
// bitwise_and_binary_tile<F>, binary_left_shift_tile<F>, ...), and T.Cast between a float and
// a 32-bit integer dtype becomes tile.typecast (typecast_tile<IN, OUT>). Integer constants stay
// IntImm leaves, which D5 fills into a DST tile (fill_tile_int).
#include <fmt/format.h>

#include <map>

#include "ir/printer.h"
#include "passes/sfpu/lowerer.h"

namespace tltt::passes::sfpu {

using namespace ir;

namespace {
// The dtypes whose blocks reach DST as 32-bit integers (the simulator's and D5's Int32/UInt32).
bool int32_like(DataType t) { return t.is_integer() && t.bits() == 32; }
// Float dtypes a typecast reads or writes: DST holds them as fp32 (bf16/fp16 round at the pack).
bool castable_float(DataType t) {
  return t == DataType::float32() || t == DataType::bfloat16() || t == DataType::float16();
}
}  // namespace

// `cast(float, v[j])` with v an integer vector read as a broadcast in a 2-D nest (an index row
// compared with a value, `Idx[base + j] >= 0`): broadcasts run on the FPU, which reads floats,
// so v is converted first into a float32 vector by its own step and that vector broadcast.
// Undefined when c is not of this form.
Expr Lowerer::converted_vector(const Cast* c) {
  const BufferLoad* ld = c->value.as<BufferLoad>();
  if (!ld || !int32_like(ld->buffer->dtype) || !castable_float(c->dtype) || !on_chip(ld->buffer)) {
    return {};
  }
  Access a = access(ld->buffer, ld->indices);
  if (a != Access::kBcastRow && a != Access::kBcastCol) {
    return {};
  }
  Location loc = c->loc;
  Buffer tmp;
  for (const Converted& cv : converted_) {
    if (cv.source == ld->buffer.get()) {
      tmp = cv.block;
    }
  }
  if (!tmp.defined()) {
    const Buffer& v = ld->buffer;
    tmp = Buffer::make(v->name + "_float", DataType::float32(), v->shape, MemScope::kFragment,
                       v->attrs, loc);
    Attrs attrs;
    attrs.set("from_dtype", v->dtype.str());
    attrs.set("to_dtype", DataType::float32().str());
    Expr tree = tile_unary(SfpuFn::kTypecast, buffer_ref(v, loc), loc, attrs);
    converted_.push_back({v.get(), tmp, fused_op(tree, tmp, loc)});
  }
  Expr load = BufferLoad::make(tmp, ld->indices, loc);
  return leaf(load.as<BufferLoad>());
}

// `base + j` (or `base + i`) as a value, base free of the nest's variables: the position tile
// (the reader's index tile plus the tile's first position, D5). Undefined otherwise.
Expr Lowerer::position_value(const Expr& e) {
  for (size_t d = 0; d < nest_.size(); ++d) {
    auto a = affine_in(e, nest_[d]->var.get());
    if (!a || a->coef != 1 || !nest_free(a->rest)) {
      continue;
    }
    int axis = position_axis(d);
    Attrs extra;
    extra.set("axis", axis == 0 ? "row" : "col");
    extra.set("position", int64_t{1});
    extra.set("true_value", 0.0);
    extra.set("false_value", 0.0);
    return mask_tile(axis == 0 ? "row_index" : "col_index", 0.0, 0.0,
                     {simplify(a->rest), cint(0, e.loc())}, extra, e.loc());
  }
  return {};
}

// An integer T.if_then_else (`select(m[i] == x[i, j], j, idx[i, j])`, the index of a maximum):
// the select of its values as float32 (exact below 2^24), converted back to the integer dtype.
Expr Lowerer::int_select(const Select* sel) {
  Location loc = sel->loc;
  auto as_f32 = [&](const Expr& v) {
    if (auto k = as_const_int(v)) {
      return FloatImm::make(static_cast<double>(*k), DataType::float32(), loc);
    }
    return Cast::make(DataType::float32(), v, loc);
  };
  Expr f = map(Select::make(sel->cond, as_f32(sel->true_value), as_f32(sel->false_value), loc));
  if (!f.defined()) {
    return {};
  }
  if (const_float(f)) {
    return fail(loc, "integer T.if_then_else of two constants");
  }
  Attrs attrs;
  attrs.set("from_dtype", DataType::float32().str());
  attrs.set("to_dtype", sel->dtype.str());
  return tile_unary(SfpuFn::kTypecast, f, loc, attrs);
}

Expr Lowerer::typecast(const Cast* c) {
  DataType from = c->value.dtype(), to = c->dtype;
  bool ok = (int32_like(from) && castable_float(to)) || (castable_float(from) && int32_like(to));
  if (!ok) {
    return fail(c->loc, fmt::format("cast '{}' (conversions run between float32, bfloat16 or "
                                    "float16 and int32 or uint32)",
                                    print(Expr(c))));
  }
  if (Expr v = converted_vector(c); v.defined()) {
    return v;
  }
  if (Expr p = position_value(c->value); p.defined()) {
    return p;
  }
  Expr x = int32_like(from) ? map_int(c->value) : map(c->value);
  if (!x.defined()) {
    return {};
  }
  if (x.as<IntImm>() || const_float(x) || runtime_scalar(x)) {
    return fail(c->loc, fmt::format("cast '{}' of a scalar inside a tile expression (write the "
                                    "constant in the target dtype)",
                                    print(Expr(c))));
  }
  Attrs attrs;
  attrs.set("from_dtype", from.str());
  attrs.set("to_dtype", to.str());
  return tile_unary(SfpuFn::kTypecast, x, c->loc, attrs);
}

Expr Lowerer::map_int(const Expr& e) {
  Location loc = e.loc();
  if (!int32_like(e.dtype())) {
    return fail(loc, fmt::format("{} expression '{}' (integer compute runs on 32-bit integers: "
                                 "int32 or uint32)",
                                 e.dtype().str(), print(e)));
  }
  if (auto v = as_const_int(e)) {
    return IntImm::make(*v, e.dtype(), loc);
  }
  if (const Variable* v = e.as<Variable>()) {
    // A loop index or an integer kernel scalar as a value varies per element or arrives at run
    // time; neither is a tile operand (positions are masks only in T.if_then_else conditions).
    return fail(loc, fmt::format("integer variable '{}' used as a value (only blocks and "
                                 "constants are operands of integer tile operations)",
                                 v->name));
  }
  if (const BufferLoad* ld = e.as<BufferLoad>()) {
    if (on_chip(ld->buffer) && access(ld->buffer, ld->indices) != Access::kWhole) {
      return fail(loc, fmt::format("integer load '{}' (integer blocks are read whole, "
                                   "`buf[i, j]`; broadcasts of integer vectors have no lowering)",
                                   print(e)));
    }
    return leaf(ld);
  }
  if (const Cast* c = e.as<Cast>()) {
    if (c->value.dtype().is_float()) {
      return typecast(c);
    }
    if (int32_like(c->value.dtype())) {
      return map_int(c->value);  // int32 <-> uint32: the same bits
    }
    return fail(loc, fmt::format("cast '{}' (integer compute runs on 32-bit integers)", print(e)));
  }
  if (const Select* sel = e.as<Select>()) {
    return int_select(sel);
  }
  const Binary* b = e.as<Binary>();
  static const std::map<BinaryOp, SfpuBinaryFn> fns = {
      {BinaryOp::kAdd, SfpuBinaryFn::kAddInt},  {BinaryOp::kSub, SfpuBinaryFn::kSubInt},
      {BinaryOp::kMul, SfpuBinaryFn::kMulInt},  {BinaryOp::kBitAnd, SfpuBinaryFn::kBitAnd},
      {BinaryOp::kBitOr, SfpuBinaryFn::kBitOr}, {BinaryOp::kBitXor, SfpuBinaryFn::kBitXor},
      {BinaryOp::kShl, SfpuBinaryFn::kShl},     {BinaryOp::kShr, SfpuBinaryFn::kShr}};
  auto it = b ? fns.find(b->op) : fns.end();
  if (it == fns.end()) {
    return fail(loc, fmt::format("integer expression '{}' (integer blocks support + - * & | ^ "
                                 "<< >> and T.Cast to and from float)",
                                 print(e)));
  }
  Expr x = map_int(b->a);
  if (!x.defined()) {
    return {};
  }
  Expr y = map_int(b->b);
  if (!y.defined()) {
    return {};
  }
  if (x.as<IntImm>() && y.as<IntImm>()) {
    return fail(loc, "operation between two constants inside a tile expression");
  }
  SfpuBinaryFn op = it->second;
  if (op == SfpuBinaryFn::kShr && e.dtype().is_uint()) {
    op = SfpuBinaryFn::kLogicalShr;  // an unsigned shift brings in zeros
  }
  return tile_binary(op, x, y, loc);
}

}  // namespace tltt::passes::sfpu
