// Recognition, construction and the conformance check of the tile ops (tile_ops.def).
#include "ir/tile_ops.h"

#include <fmt/format.h>

#include <map>

#include "support/assert.h"

namespace tltt::ir {

namespace {

// Per structural op: spelling and the operand count it takes.
struct Info {
  TileOpKind kind;
  std::string spelling;
  size_t required = 0, max = 0;
};

std::vector<Info> build_infos() {
  std::vector<Info> infos;
#define TLTT_TILE_OP(Id, spelling, summary) infos.push_back({TileOpKind::k##Id, spelling});
#define TLTT_TILE_OPERAND(Id, name, position, presence)          \
  {                                                              \
    Info& i = infos[static_cast<size_t>(TileOpKind::k##Id)];     \
    i.max = std::max<size_t>(i.max, (position) + 1);             \
    if (TtPresence::presence == TtPresence::kRequired) {         \
      i.required = std::max<size_t>(i.required, (position) + 1); \
    }                                                            \
  }
#include "ir/tile_ops.def"
  return infos;
}

const std::vector<Info>& infos() {
  static const std::vector<Info> table = build_infos();
  return table;
}

const std::vector<std::string>& unary_names() {
  static const std::vector<std::string> names = {
#define TLTT_SFPU_UNARY(Id, tilelang, tile_op, metalium, instructions) \
  std::string(*tile_op ? "tile." : "") + tile_op,
#include "sim/include/ttsim/sfpu_functions.def"
  };
  return names;
}

const std::vector<std::string>& binary_names() {
  static const std::vector<std::string> names = {
#define TLTT_SFPU_BINARY(Id, tile_op, metalium, instructions) \
  std::string(*tile_op ? "tile." : "") + tile_op,
#include "sim/include/ttsim/sfpu_functions.def"
  };
  return names;
}

// Every tile.* spelling, to its op.
const std::map<std::string, TileOp, std::less<>>& by_name() {
  static const std::map<std::string, TileOp, std::less<>> table = [] {
    std::map<std::string, TileOp, std::less<>> m;
    for (const Info& i : infos()) {
      if (!i.spelling.empty()) {
        m[i.spelling] = TileOp{i.kind};
      }
    }
    for (size_t f = 0; f < unary_names().size(); ++f) {
      if (!unary_names()[f].empty()) {
        m[unary_names()[f]] = TileOp{TileOpKind::kUnary, static_cast<SfpuFn>(f)};
      }
    }
    for (size_t f = 0; f < binary_names().size(); ++f) {
      if (!binary_names()[f].empty()) {
        m[binary_names()[f]] =
            TileOp{TileOpKind::kBinary, SfpuFn::kExp, static_cast<SfpuBinaryFn>(f)};
      }
    }
    return m;
  }();
  return table;
}

Expr make(const std::string& name, std::vector<Expr> args, Attrs attrs, Location loc) {
  TILE_ASSERT(!name.empty()) << "a tile op the SFPU table gives no tile.* spelling";
  return Call::make(DataType::float32(), name, std::move(args), std::move(attrs), loc);
}

}  // namespace

std::optional<TileOp> tile_op_of(const Expr& e) {
  const Call* c = e.as<Call>();
  if (!c) {
    return std::nullopt;
  }
  auto it = by_name().find(c->name);
  return it == by_name().end() ? std::nullopt : std::optional<TileOp>(it->second);
}

const Call* as_tile_op(const Expr& e, TileOpKind kind) {
  std::optional<TileOp> op = tile_op_of(e);
  return op && op->kind == kind ? e.as<Call>() : nullptr;
}

const Call* as_tile_bcast(const Expr& e) {
  std::optional<TileOp> op = tile_op_of(e);
  bool b = op && (op->kind == TileOpKind::kBcastCol || op->kind == TileOpKind::kBcastRow ||
                  op->kind == TileOpKind::kBcastScalar);
  return b ? e.as<Call>() : nullptr;
}

const std::string& tile_op_name(SfpuFn fn) { return unary_names()[static_cast<size_t>(fn)]; }
const std::string& tile_op_name(SfpuBinaryFn fn) { return binary_names()[static_cast<size_t>(fn)]; }

const Expr& tile_leaf_block(const Call* c) {
  std::optional<TileOp> op = tile_op_of(Expr(c));
  TILE_ASSERT(op && op->kind != TileOpKind::kUnary && op->kind != TileOpKind::kBinary)
      << "tile_leaf_block of " << c->name;
  return op->kind == TileOpKind::kMask          ? tile::Mask::tile(c)
         : op->kind == TileOpKind::kBcastCol    ? tile::BcastCol::vector(c)
         : op->kind == TileOpKind::kBcastScalar ? tile::BcastScalar::vector(c)
                                                : tile::BcastRow::vector(c);
}

Expr tile_bcast(TileOpKind kind, Expr vector, Location loc) {
  TILE_ASSERT(kind == TileOpKind::kBcastCol || kind == TileOpKind::kBcastRow ||
              kind == TileOpKind::kBcastScalar);
  return make(infos()[static_cast<size_t>(kind)].spelling, {std::move(vector)}, {}, loc);
}

Expr tile_mask(std::vector<Expr> args, Attrs attrs, Location loc) {
  return make(infos()[static_cast<size_t>(TileOpKind::kMask)].spelling, std::move(args),
              std::move(attrs), loc);
}

Expr tile_unary(SfpuFn fn, Expr x, Location loc, Attrs attrs) {
  return make(tile_op_name(fn), {std::move(x)}, std::move(attrs), loc);
}

Expr tile_binary(SfpuBinaryFn fn, Expr x, Expr y, Location loc) {
  return make(tile_op_name(fn), {std::move(x), std::move(y)}, {}, loc);
}

std::string tile_op_problem(const Call* c) {
  std::optional<TileOp> op = tile_op_of(Expr(c));
  if (!op) {
    return "";
  }
  const Info& i = infos()[static_cast<size_t>(op->kind)];
  size_t n = c->args.size();
  if (n < i.required || n > i.max) {
    return fmt::format(
        "{} takes {} operand{}, got {}", c->name,
        i.required == i.max ? fmt::format("{}", i.max) : fmt::format("{} to {}", i.required, i.max),
        i.max == 1 ? "" : "s", n);
  }
  return "";
}

namespace tile_detail {

const Expr& operand(const Call* c, TileOpKind kind, int position, TtPresence presence) {
  static const Expr absent;
  std::optional<TileOp> op = c ? tile_op_of(Expr(c)) : std::nullopt;
  TILE_ASSERT(op && op->kind == kind) << "tile op accessor used on " << (c ? c->name : "null");
  size_t i = static_cast<size_t>(position);
  if (i >= c->args.size()) {
    TILE_ASSERT(presence == TtPresence::kOptional)
        << c->name << " lacks operand " << position << " (the verifier checks arity)";
    return absent;
  }
  return c->args[i];
}

}  // namespace tile_detail

}  // namespace tltt::ir
