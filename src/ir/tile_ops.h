// The tile ops of tt.sfpu expression trees (tile_ops.def, with the SFPU functions of
// sim/include/ttsim/sfpu_functions.def): typed constructors, recognition by the declared table
// and typed accessors, so passes build and inspect trees without spelling op names.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "ir/tt_ops.h"

namespace tltt::ir {

// The SFPU unary functions and the binary functions between two DST tiles.
enum class SfpuFn {
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) k##Id,
#include "sim/include/ttsim/sfpu_functions.def"
};
enum class SfpuBinaryFn {
#define TLTT_SFPU_BINARY(Id, tile_op, metalium, instructions) k##Id,
#include "sim/include/ttsim/sfpu_functions.def"
};

enum class TileOpKind {
#define TLTT_TILE_OP(Id, spelling, summary) k##Id,
#include "ir/tile_ops.def"
};

// What a tile.* call is: its kind and, for a function op, which function.
struct TileOp {
  TileOpKind kind;
  SfpuFn fn = SfpuFn::kExp;                  // kUnary
  SfpuBinaryFn binary = SfpuBinaryFn::kAdd;  // kBinary
};

// The tile op `e` is, or nullopt (a leaf, a scalar, any other call).
std::optional<TileOp> tile_op_of(const Expr& e);
// `e` as a call of `kind`, or nullptr.
const Call* as_tile_op(const Expr& e, TileOpKind kind);
// A broadcast operand: a per-row (bcast_col) or per-column (bcast_row) vector, or a one-element
// block (bcast_scalar); nullptr for anything else.
const Call* as_tile_bcast(const Expr& e);
// The tile.* spelling of each function op ("" when the compiler never emits it).
const std::string& tile_op_name(SfpuFn fn);
const std::string& tile_op_name(SfpuBinaryFn fn);

// The block a broadcast or mask op reads (its first operand).
const Expr& tile_leaf_block(const Call* c);

// Constructors (float32 expressions at `loc`).
Expr tile_bcast(TileOpKind kind, Expr vector, Location loc);
Expr tile_mask(std::vector<Expr> args, Attrs attrs, Location loc);
Expr tile_unary(SfpuFn fn, Expr x, Location loc, Attrs attrs = {});
Expr tile_binary(SfpuBinaryFn fn, Expr x, Expr y, Location loc);

// What is wrong with a tile.* call against its declaration ("" when it conforms, and for calls
// that are not tile ops).
std::string tile_op_problem(const Call* c);

namespace tile_detail {
const Expr& operand(const Call* c, TileOpKind kind, int position, TtPresence presence);
}  // namespace tile_detail

// Typed accessors, one namespace per op: tile::Mask::start(call), tile::Mask::relation(call),
// tile::Binary::y(call). Calling them on another op is an internal error.
namespace tile {
#define TLTT_TILE_OPERAND(Id, name, position, presence)                                   \
  namespace Id {                                                                          \
  inline const Expr& name(const Call* call) {                                             \
    return tile_detail::operand(call, TileOpKind::k##Id, position, TtPresence::presence); \
  }                                                                                       \
  }
#define TLTT_TILE_ATTR(Id, name, type, dflt)                          \
  namespace Id {                                                      \
  inline auto name(const Call* call) {                                \
    return tt_detail::Attr<TtAttrType::type>::get(call, #name, dflt); \
  }                                                                   \
  }
#include "ir/tile_ops.def"
namespace Mask {
// A bound mask (the padding of a partial block), else a triangle mask.
inline bool bounded(const Call* call) { return call->attrs.has("bound"); }
// A bound mask whose bound is the run-time operand `limit`.
inline bool runtime_bounded(const Call* call) {
  return !call->attrs.has("bound") && call->attrs.has("axis");
}
// A block mask: `i // block OP j // block`, uniform over each tile.
inline bool block_mask(const Call* call) { return call->attrs.has("block"); }
// A flag mask: a condition free of element positions (a block index, a loop variable).
inline bool flag_mask(const Call* call) { return call->attrs.has("flag"); }
}  // namespace Mask
}  // namespace tile

}  // namespace tltt::ir
