// D5 expansion of tt.sfpu: per group of D4b's tile_group output tiles (one without D4b), the
// tree is evaluated in DST from slot j * need upwards for tile j (a Sethi-Ullman order: the left
// operand at `base`, the right at `base + 1`), every hardware op preceded by its init (once per
// group) because consecutive ops of a fused tree reconfigure the unpacker and the SFPU.
#include "passes/sfpu_ops.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "ir/equality.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/dst/lower.h"
#include "passes/pass_util.h"
#include "support/assert.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool is_block(const Expr& e) { return e.as<RegionRef>() != nullptr; }
// A constant, or a kernel scalar (tt.runtime_arg: its fp32 bits as a compute runtime argument).
bool is_scalar(const Expr& e) {
  const Call* c = e.as<Call>();
  return e.as<FloatImm>() != nullptr || is_tt_op(c, TtOp::kRuntimeArg);
}

const Call* as_bcast(const Expr& e) { return as_tile_bcast(e); }
// A mask tile (T.if_then_else on the tile's position, see lower_to_sfpu).
const Call* as_mask(const Expr& e) { return as_tile_op(e, TileOpKind::kMask); }
bool is_leaf(const Expr& e) { return is_block(e) || as_bcast(e) || as_mask(e); }

// A binary function the FPU computes between two CBs (add_tiles, sub_tiles, mul_tiles).
bool fpu_call(SfpuBinaryFn fn) {
  return fn == SfpuBinaryFn::kAdd || fn == SfpuBinaryFn::kSub || fn == SfpuBinaryFn::kMul;
}

// The init and the call of `x fn v` with v a column (`col`) or row broadcast (fpu_bcast below).
std::pair<TtOp, TtOp> fpu_bcast_calls(SfpuBinaryFn fn, bool col) {
  if (col) {
    return fn == SfpuBinaryFn::kSub
               ? std::pair{TtOp::kSubBcastColsInitShort, TtOp::kSubTilesBcastCols}
           : fn == SfpuBinaryFn::kMul
               ? std::pair{TtOp::kMulBcastColsInitShort, TtOp::kMulTilesBcastCols}
               : std::pair{TtOp::kAddBcastColsInitShort, TtOp::kAddTilesBcastCols};
  }
  TILE_ASSERT(fn != SfpuBinaryFn::kSub) << "the FPU has no row-broadcast subtraction";
  return fn == SfpuBinaryFn::kMul
             ? std::pair{TtOp::kMulBcastRowsInitShort, TtOp::kMulTilesBcastRows}
             : std::pair{TtOp::kAddBcastRowsInitShort, TtOp::kAddTilesBcastRows};
}

// The SFPU function of `x fn s` (of `s fn x` when `scalar_left`) with a scalar s.
SfpuFn scalar_form(SfpuBinaryFn fn, bool scalar_left) {
  switch (fn) {
    case SfpuBinaryFn::kAdd:
      return SfpuFn::kAddScalar;
    case SfpuBinaryFn::kSub:
      return scalar_left ? SfpuFn::kRsubScalar : SfpuFn::kSubScalar;
    case SfpuBinaryFn::kMul:
      return SfpuFn::kMulScalar;
    case SfpuBinaryFn::kDiv:
      TILE_ASSERT(!scalar_left) << "B3 maps s / x to a product with a reciprocal";
      return SfpuFn::kDivScalar;
    case SfpuBinaryFn::kMax:  // max and min commute: the side of the scalar does not matter
      return SfpuFn::kUnaryMax;
    case SfpuBinaryFn::kMin:
      return SfpuFn::kUnaryMin;
    default:
      TILE_ASSERT(false) << "B3 emitted " << tile_op_name(fn) << " with a scalar operand";
      return SfpuFn::kAddScalar;
  }
}

// Two blocks of one dtype combine in the FPU straight from their CBs (srcA/srcB); blocks of
// different dtypes are each copied into DST and combined by the SFPU. As for broadcasts below, a
// product of wider operands (float32, float16) stays on the SFPU: the FPU multiplier keeps a
// bfloat16 mantissa of each, so a float32 running sum rescaled by a float32 factor (attention's
// l = l * alpha + rowsum) would lose up to 2^-7 of its value at every step, a bias that a
// log-sum-exp output (log2(l)) shows across its whole small range.
bool fpu_pair(SfpuBinaryFn fn, const Expr& x, const Expr& y) {
  if (!fpu_call(fn) || !is_block(x) || !is_block(y)) {
    return false;
  }
  DataType t = x.as<RegionRef>()->region.buffer->dtype;
  return t == y.as<RegionRef>()->region.buffer->dtype &&
         (fn != SfpuBinaryFn::kMul || t == DataType::bfloat16());
}

// The vector of a broadcast the FPU combines with block x straight from their CBs (x op
// bcast(v), with x and v of one dtype), or nullptr: column broadcasts for add, sub and mul, row
// broadcasts for add and mul (the SDK's <op>_tiles_bcast_<cols|rows> forms). The FPU multiplier
// keeps a bfloat16 mantissa, so a product of wider operands (an fp32 accumulator rescaled by a
// vector, attention's o *= alpha) stays on the SFPU: on the FPU it would lose precision at every
// rescale.
// `mixed` (D4d's tile attribute fpu_formats): a bfloat16 block x with a float32 vector, added or
// subtracted. x is exact in the 19-bit source register, and the vector passes through one as it
// does for unary_bcast on the SFPU path, so the FPU loses nothing the SFPU form keeps.
const Call* fpu_bcast(SfpuBinaryFn fn, const Expr& x, const Expr& y, bool mixed = false) {
  const Call* b = as_bcast(y);
  if (!fpu_call(fn) || !is_block(x) || !b || as_tile_op(y, TileOpKind::kBcastScalar)) {
    return nullptr;
  }
  if (fn == SfpuBinaryFn::kMul && x.as<RegionRef>()->region.buffer->dtype != DataType::bfloat16()) {
    return nullptr;
  }
  if (tile_op_of(y)->kind == TileOpKind::kBcastRow && fn == SfpuBinaryFn::kSub) {
    return nullptr;
  }
  DataType xt = x.as<RegionRef>()->region.buffer->dtype, vt = ref_buffer(tile_leaf_block(b))->dtype;
  if (vt == xt) {
    return b;
  }
  return mixed && fn != SfpuBinaryFn::kMul && xt == DataType::bfloat16() &&
                 vt == DataType::float32()
             ? b
             : nullptr;
}
// bcast(v) op x of a commutative op as x op bcast(v), so the FPU form above applies.
bool bcast_first(SfpuBinaryFn fn, const Expr& x, const Expr& y, bool mixed = false) {
  return fn != SfpuBinaryFn::kSub && fpu_bcast(fn, y, x, mixed);
}

int64_t need(const Expr& e) {
  if (const Call* m = as_mask(e); m && mask_needs_scratch(m)) {
    return 2;  // a run-time bound mask computes its partial tile with the bound in a second slot
  }
  if (is_leaf(e) || e.as<IntImm>() || is_kernel_value(e)) {  // constants and values fill a tile
    return 1;
  }
  if (is_scalar(e)) {
    return 0;
  }
  const Call* c = e.as<Call>();
  TileOp op = *tile_op_of(e);
  if (op.kind == TileOpKind::kUnary) {
    return need(tile::Unary::x(c));
  }
  const Expr &x = tile::Binary::x(c), &y = tile::Binary::y(c);
  if (is_scalar(x) || is_scalar(y)) {
    return need(is_scalar(x) ? y : x);
  }
  bool mixed = tile::Binary::fpu_formats(c);
  if (fpu_pair(op.binary, x, y) || fpu_bcast(op.binary, x, y, mixed) ||
      bcast_first(op.binary, x, y, mixed)) {
    return 1;
  }
  return std::max(need(x), need(y) + 1);
}

class Emitter {
 public:
  Expr idx, row_idx, col_idx;  // tile of the block, of a per-row and of a per-column vector
  Expr out_cb;
  Location loc;
  std::vector<Stmt> out;

  void call(const std::string& name, std::vector<Expr> args, Attrs attrs = {}) {
    out.push_back(call_stmt(name, std::move(args), std::move(attrs), loc));
  }
  void call(TtOp op, std::vector<Expr> args, Attrs attrs = {}) {
    out.push_back(tt_call_stmt(op, std::move(args), std::move(attrs), loc));
  }
  void append(std::vector<Stmt> s) { out.insert(out.end(), s.begin(), s.end()); }
  Expr slot(int64_t s) { return cint(s, loc); }
  Expr bits(double v) { return IntImm::make(float_bits(v), DataType::uint32(), loc); }

  void emit(const Expr& e, int64_t base) {
    if (const RegionRef* r = e.as<RegionRef>()) {
      Expr cb = buffer_ref(r->region.buffer, loc);
      call(TtOp::kCopyTileToDstInitShort, {cb});
      call(TtOp::kCopyTile, {cb, idx, slot(base)});
      return;
    }
    if (e.as<FloatImm>() || is_kernel_value(e)) {  // a fill (of a value compute computed)
      call(TtOp::kFillTileInit, {});
      const FloatImm* f = e.as<FloatImm>();
      out.push_back(f ? fill_tile_stmt(slot(base), f->value, loc)
                      : tt_call_stmt(TtOp::kFillTile, {slot(base), e}, {}, loc));
      return;
    }
    if (is_tt_op(e.as<Call>(), TtOp::kRuntimeArg)) {  // a fill with a kernel scalar's fp32 bits
      call(TtOp::kFillTileInit, {});
      call(TtOp::kFillTileBitcast, {slot(base), e});
      return;
    }
    if (const IntImm* k = e.as<IntImm>()) {
      append(fill_int_calls(k, slot(base), loc));
      return;
    }
    if (const Call* b = as_bcast(e)) {
      // The vector's column 0 (row 0), a scalar block's element (0, 0), over the tile in DST.
      TileOpKind kind = tile_op_of(e)->kind;
      bool col = kind == TileOpKind::kBcastCol, scalar = kind == TileOpKind::kBcastScalar;
      Expr cb = buffer_ref(ref_buffer(tile_leaf_block(b)), loc);
      Attrs t;
      t.set("template", fmt::format("BroadcastType::{}", scalar ? "SCALAR" : col ? "COL" : "ROW"));
      call(TtOp::kUnaryBcastInit, {cb, out_cb}, t);
      call(TtOp::kUnaryBcast, {cb, scalar ? cint(0, loc) : col ? row_idx : col_idx, slot(base)}, t);
      return;
    }
    if (const Call* m = as_mask(e)) {
      emit_mask(m, base);
      return;
    }
    const Call* c = e.as<Call>();
    std::optional<TileOp> op = tile_op_of(e);
    TILE_ASSERT(op) << "B3 left " << c->name << ", which ir/tile_ops.def does not declare";
    if (op->kind == TileOpKind::kUnary) {
      emit(tile::Unary::x(c), base);
      unary(op->fn, c, base);
      return;
    }
    const Expr &x = tile::Binary::x(c), &y = tile::Binary::y(c);
    if (integer_binary(op->binary)) {
      emit(x, base);
      emit(y, base + 1);
      append(int_binary_calls(op->binary, slot(base), slot(base + 1), loc));
      return;
    }
    if (is_scalar(x) || is_scalar(y)) {
      bool left = is_scalar(x);
      const Expr& s = left ? x : y;
      const FloatImm* k = s.as<FloatImm>();
      Expr value = k ? bits(k->value) : s;
      emit(left ? y : x, base);
      const std::string& fn = sfpu_function(scalar_form(op->binary, left)).metalium;
      if (op->binary == SfpuBinaryFn::kMax || op->binary == SfpuBinaryFn::kMin) {
        call(fn + "_tile_init", {});  // unary_max / unary_min have their own init
      } else {
        call(TtOp::kBinopWithScalarTileInit, {});
      }
      call(fn + "_tile", {slot(base), value});
      return;
    }
    if (fpu_pair(op->binary, x, y)) {
      auto [init, fpu] = fpu_binary_calls(op->binary);
      Expr a = buffer_ref(x.as<RegionRef>()->region.buffer, loc);
      Expr b = buffer_ref(y.as<RegionRef>()->region.buffer, loc);
      call(init, {a, b});
      call(fpu, {a, b, idx, idx, slot(base)});
      return;
    }
    bool mixed = tile::Binary::fpu_formats(c);
    bool swap = bcast_first(op->binary, x, y, mixed);
    if (const Call* b = fpu_bcast(op->binary, swap ? y : x, swap ? x : y, mixed)) {
      // The vector's tile for this block tile: its tile row (column broadcast) or column.
      bool col = as_tile_op(swap ? x : y, TileOpKind::kBcastCol) != nullptr;
      auto [init, fpu] = fpu_bcast_calls(op->binary, col);
      Expr a = buffer_ref((swap ? y : x).as<RegionRef>()->region.buffer, loc);
      Expr v = buffer_ref(ref_buffer(tile_leaf_block(b)), loc);
      call(init, {a, v});
      call(fpu, {a, v, idx, col ? row_idx : col_idx, slot(base)});
      return;
    }
    emit(x, base);
    emit(y, base + 1);
    const std::string& name = sfpu_binary_metalium(op->binary);
    call(name + "_tile_init", {});
    call(name + "_tile", {slot(base), slot(base + 1), slot(base)});
  }

 private:
  void emit_mask(const Call* m, int64_t base) {
    Expr cb = buffer_ref(ref_buffer(tile::Mask::tile(m)), loc);
    append(mask_calls(m, cb, slot(base), slot(base + 1), row_idx, col_idx, loc));
  }

  void unary(SfpuFn f, const Call* c, int64_t base) {
    if (f == SfpuFn::kTypecast) {
      append(typecast_calls(c, slot(base), loc));
      return;
    }
    // exp2(x) is exp(x * ln(2)): the SDK's exp2_tile is always its piecewise approximation (up
    // to 6% off, sfpu_functions.def), so a precise exp2 takes the precise exp; B4a folds the
    // product into a constant factor and picks the fast exp where it applies.
    if (f == SfpuFn::kExp2) {
      scalar_product(base, std::numbers::ln2);
      f = SfpuFn::kExp;
    }
    // log2 has no SDK call: log2(x) = ln(x) / ln(2).
    bool log2 = f == SfpuFn::kLog2;
    std::string fn = sfpu_function(log2 ? SfpuFn::kLog : f).metalium;
    TILE_ASSERT(!fn.empty()) << "B3 emitted " << c->name << ", which has no TT-Metalium call";
    // exp_fast is the SDK's exp with approx and fast_and_approx (the template's default).
    Attrs t, init_t;
    if (f == SfpuFn::kExpFast) {
      t.set("template", "true");
      // B4c's scale: the init folds it into the MAD constants (approx, fast_and_approx, scale).
      double scale = tile::Unary::scale(c);
      init_t.set("template", scale == 1.0
                                 ? std::string("true")
                                 : fmt::format("true, true, 0x{:08X}u", float_bits(scale)));
    }
    call(fn + "_tile_init", {}, init_t);
    if (f == SfpuFn::kPower) {
      call(fn + "_tile", {slot(base), cint(tile::Unary::exponent(c), loc)});
    } else {
      call(fn + "_tile", {slot(base)}, t);
    }
    if (log2) {
      scalar_product(base, 1.0 / std::log(2.0));
    }
  }

  void scalar_product(int64_t base, double k) {
    call(TtOp::kBinopWithScalarTileInit, {});
    call(sfpu_function(SfpuFn::kMulScalar).metalium + "_tile", {slot(base), bits(k)});
  }
};

Emitter emitter_for(const Call* c, Expr idx, int64_t cols) {
  Location loc = c->loc;
  Emitter em;
  em.idx = idx;
  em.row_idx = cols == 1 ? idx : simplify(floordiv(idx, cint(cols, loc)));
  em.col_idx = cols == 1 ? cint(0, loc) : simplify(floormod(idx, cint(cols, loc)));
  em.loc = loc;
  em.out_cb = buffer_ref(tt::Sfpu::out(c), loc);
  return em;
}

}  // namespace

int64_t sfpu_dst_need(const Expr& tree) { return need(tree); }

bool sfpu_inits_hoistable(const Call* c) {
  Emitter em = emitter_for(c, cint(0, c->loc), tile_grid(tt::Sfpu::out(c))[1]);
  em.emit(tt::Sfpu::tree(c), 0);
  return dst::hoistable_inits(em.out);
}

Stmt lower_sfpu_call(const Call* c, int64_t cap, PassContext& ctx) {
  Location loc = c->loc;
  Buffer out = tt::Sfpu::out(c);
  Expr tree = tt::Sfpu::tree(c);
  int64_t k = need(tree);
  if (k > cap) {
    ctx.error(loc) << fmt::format(
        "this fused element-wise expression needs {} DST tiles at once, more than the {} the "
        "DST register holds in this configuration; split it into several T.Parallel loops "
        "through an intermediate buffer",
        k, cap);
    return SeqStmt::make({}, loc);
  }
  std::vector<int64_t> grid = tile_grid(out);
  int64_t n = grid[0] * grid[1];
  std::vector<Buffer> ins = tt::Sfpu::inputs(c);
  std::vector<Stmt> stmts;
  for (const Buffer& b : ins) {
    auto g = tile_grid(b);
    stmts.push_back(
        tt_call_stmt(TtOp::kCbWaitFront, {buffer_ref(b, loc), cint(g[0] * g[1], loc)}, {}, loc));
  }
  // The packer was configured for the first compute op's output; this one may differ.
  stmts.push_back(tt_call_stmt(TtOp::kPackReconfigDataFormat, {buffer_ref(out, loc)}, {}, loc));
  int64_t g = tt::Sfpu::tile_group(c), groups = n / g, w = std::max<int64_t>(k, 1);
  TILE_ASSERT(g >= 1 && n % g == 0 && g * w <= cap) << "D4b's tile group does not fit";
  Var v = Variable::make("t", DataType::int32(), loc);
  std::vector<std::vector<Stmt>> tiles;
  for (int64_t j = 0; j < g; ++j) {
    Expr idx = simplify(groups == 1 ? cint(j, loc) : add(mul(v, cint(g, loc)), cint(j, loc)));
    Emitter em = emitter_for(c, idx, grid[1]);
    em.emit(tree, j * w);
    tiles.push_back(std::move(em.out));
  }
  // D4b's hoist_inits: the inits once ahead of the step (into stmts), each tile's ops in turn.
  std::vector<Stmt> body = tt::Sfpu::hoist_inits(c) && dst::hoistable_inits(tiles[0])
                               ? dst::hoist_tile_group(tiles, &stmts)
                               : dst::zip_tile_group(tiles);
  body.insert(body.begin(), tt_call_stmt(TtOp::kTileRegsAcquire, {}, {}, loc));
  Expr ro = buffer_ref(out, loc);
  auto pack = [&](Expr d) {  // tile j of the group ends in slot j * w
    return tt_call_stmt(TtOp::kPackTile, {simplify(mul(d, cint(w, loc))), ro}, {}, loc);
  };
  body.insert(body.end(), {tt_call_stmt(TtOp::kTileRegsCommit, {}, {}, loc),
                           tt_call_stmt(TtOp::kTileRegsWait, {}, {}, loc),
                           tt_call_stmt(TtOp::kCbReserveBack, {ro, cint(g, loc)}, {}, loc),
                           dst::loop("d", g, pack, loc),
                           tt_call_stmt(TtOp::kCbPushBack, {ro, cint(g, loc)}, {}, loc),
                           tt_call_stmt(TtOp::kTileRegsRelease, {}, {}, loc)});
  stmts.push_back(groups == 1 ? seq(body, loc)
                              : For::make(v, cint(0, loc), cint(groups, loc), ForKind::kSerial,
                                          seq(body, loc), 0, {}, loc));
  return seq(stmts, loc);
}

std::pair<TtOp, TtOp> fpu_binary_calls(SfpuBinaryFn fn) {
  TILE_ASSERT(fpu_call(fn)) << "the FPU has no element-wise " << tile_op_name(fn);
  return fn == SfpuBinaryFn::kSub   ? std::pair{TtOp::kSubTilesInit, TtOp::kSubTiles}
         : fn == SfpuBinaryFn::kMul ? std::pair{TtOp::kMulTilesInit, TtOp::kMulTiles}
                                    : std::pair{TtOp::kAddTilesInit, TtOp::kAddTiles};
}

}  // namespace tltt::passes
