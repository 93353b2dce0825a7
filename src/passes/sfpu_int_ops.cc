// D5's integer and conversion calls inside tt.sfpu expansion (sfpu_ops.cc's Emitter calls them),
// spelled as TT-Metalium spells them: add_int_tile<DataFormat::Int32>(a, b, a) after
// add_int_tile_init(), bitwise_and_binary_tile<...> after binary_bitwise_tile_init(), the
// binary shifts after binary_shift_tile_init(), typecast_tile<IN, OUT>(dst) with tt::DataFormat
// values, fill_tile_int<DataFormat::Int32>(dst, bits) for constants; and the FPU call pair of
// tt.binary and fill_tile, shared with sfpu_ops.cc.
#include <fmt/format.h>

#include <cmath>

#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {
// The tt::DataFormat a typecast_tile template argument names for a dtype (the SDK takes the
// enum's value as uint32_t). DST holds float16 as fp32 too; the packer rounds it.
std::string typecast_format(const DataType& t) {
  const char* f = t == DataType::bfloat16() ? "Float16_b"
                  : t == DataType::int32()  ? "Int32"
                  : t == DataType::uint32() ? "UInt32"
                                            : "Float32";
  return fmt::format("(uint32_t)DataFormat::{}", f);
}
}  // namespace

bool integer_binary(SfpuBinaryFn fn) { return fn >= SfpuBinaryFn::kAddInt; }

std::vector<Stmt> int_binary_calls(SfpuBinaryFn fn, Expr a, Expr b, Location loc) {
  TILE_ASSERT(integer_binary(fn)) << tile_op_name(fn) << " is not an integer SFPU op";
  const std::string& name = sfpu_binary_metalium(fn);
  Attrs t;
  t.set("template", "DataFormat::Int32");  // the low 32 bits: Int32 and UInt32 agree
  std::string init =
      fn == SfpuBinaryFn::kAddInt || fn == SfpuBinaryFn::kSubInt ? name + "_tile_init"
      : fn == SfpuBinaryFn::kMulInt                              ? "mul_int_tile_init"
      : fn == SfpuBinaryFn::kBitAnd || fn == SfpuBinaryFn::kBitOr || fn == SfpuBinaryFn::kBitXor
          ? "binary_bitwise_tile_init"
          : "binary_shift_tile_init";
  std::vector<Stmt> out;
  out.push_back(call_stmt(init, {}, fn == SfpuBinaryFn::kMulInt ? t : Attrs{}, loc));
  out.push_back(call_stmt(name + "_tile", {a, b, a}, t, loc));
  return out;
}

std::vector<Stmt> typecast_calls(const Call* c, Expr dst, Location loc) {
  return typecast_calls(*DataType::parse(tile::Unary::from_dtype(c)),
                        *DataType::parse(tile::Unary::to_dtype(c)), dst, loc);
}

std::vector<Stmt> typecast_calls(DataType from, DataType to, Expr dst, Location loc) {
  Attrs t;
  t.set("template", fmt::format("{}, {}", typecast_format(from), typecast_format(to)));
  return {call_stmt("typecast_tile_init", {}, t, loc), call_stmt("typecast_tile", {dst}, t, loc)};
}

std::vector<Stmt> fill_int_calls(const IntImm* k, Expr dst, Location loc) {
  Attrs t;
  t.set("template", "DataFormat::Int32");
  auto bits = static_cast<uint32_t>(static_cast<int64_t>(k->value));  // two's complement
  return {tt_call_stmt(TtOp::kFillTileInit, {}, {}, loc),
          call_stmt("fill_tile_int", {dst, IntImm::make(bits, DataType::uint32(), loc)}, t, loc)};
}

std::pair<TtOp, TtOp> fpu_binary_calls(const std::string& op) {
  return fpu_binary_calls(op == "sub"   ? SfpuBinaryFn::kSub
                          : op == "mul" ? SfpuBinaryFn::kMul
                                        : SfpuBinaryFn::kAdd);
}

bool is_kernel_value(const Expr& e) {
  return !e.as<Call>() && !e.as<RegionRef>() && !e.as<FloatImm>() && !e.as<IntImm>();
}

Stmt fill_tile_stmt(Expr dst, double v, Location loc) {
  if (std::isfinite(v)) {
    return tt_call_stmt(TtOp::kFillTile, {dst, FloatImm::make(v, DataType::float32(), loc)}, {},
                        loc);
  }
  return tt_call_stmt(TtOp::kFillTileBitcast,
                      {dst, IntImm::make(float_bits(v), DataType::uint32(), loc)}, {}, loc);
}

}  // namespace tltt::passes
