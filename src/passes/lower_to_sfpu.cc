// B3: fused element-wise tile operations from T.Parallel nests (see lower_to_sfpu.h).
// The nest's store and every load must cover a whole on-chip block with the nest's own loop
// variables; the value is mapped node by node: + - * max min between tiles, / as a product with
// a reciprocal, constants as scalar operands, the math calls as SFPU ops and float casts as the
// unpacker/packer format conversions. Anything else is a located error naming the construct.
#include "passes/lower_to_sfpu.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"

namespace tltt::passes {

using namespace ir;

namespace {

bool on_chip(const Buffer& b) {
  return b->scope == MemScope::kShared || b->scope == MemScope::kFragment ||
         b->scope == MemScope::kLocal;
}

Expr strip_float_casts(Expr e) {
  while (const Cast* c = e.as<Cast>()) {
    if (!c->dtype.is_float() || !c->value.dtype().is_float()) {
      break;
    }
    e = c->value;
  }
  return e;
}

std::optional<double> scalar_value(const Expr& e) {
  if (const FloatImm* f = e.as<FloatImm>()) {
    return f->value;
  }
  if (auto v = as_const_int(e)) {
    return static_cast<double>(*v);
  }
  return std::nullopt;
}

Expr tile_op(const std::string& op, std::vector<Expr> args, Location loc, Attrs attrs = {}) {
  return Call::make(DataType::float32(), "tile." + op, std::move(args), std::move(attrs), loc);
}

class Lowerer : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  int64_t lowered = 0;

  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    nest_.clear();
    nest_.push_back(op);
    while (const For* inner = nest_.back()->body.as<For>()) {
      if (inner->for_kind != ForKind::kParallel) {
        break;
      }
      nest_.push_back(inner);
    }
    const BufferStore* store = nest_.back()->body.as<BufferStore>();
    if (!store || !on_chip(store->buffer) || touches_global(store->value)) {
      // Nests over tensors are staged by C1; other shapes are reported by C2.
      return op;
    }
    if (!tile_shaped(store->buffer)) {
      report_sub_tile(store->buffer, store->loc);
      return op;
    }
    if (!whole_block(store->buffer, store->indices)) {
      ctx->error(store->loc) << fmt::format(
          "store to '{}' in this T.Parallel nest does not cover the whole block with the loop "
          "variables in order (element-wise lowering works on whole 32x32 tiles)",
          store->buffer->name);
      return op;
    }
    if (plain_binary(store->value)) {
      return op;  // C2 lowers it to tt.binary (FPU add/sub/mul_tiles).
    }
    inputs_.clear();
    Expr tree = map(store->value);
    if (!tree.defined()) {
      return op;
    }
    if (inputs_.empty()) {
      ctx->error(store->loc) << fmt::format(
          "T.Parallel nest fills '{}' with a value that reads no tile; use T.fill for constants",
          store->buffer->name);
      return op;
    }
    std::vector<Expr> args;
    for (const Buffer& b : inputs_) {
      args.push_back(buffer_ref(b, op->loc));
    }
    args.push_back(buffer_ref(store->buffer, op->loc));
    args.push_back(tree);
    ++lowered;
    return call_stmt(kSfpuOp, std::move(args), {}, op->loc);
  }

 private:
  std::vector<const For*> nest_;
  std::vector<Buffer> inputs_;

  static bool tile_shaped(const Buffer& b) {
    if (b.rank() < 2) {
      return false;
    }
    for (size_t d = 0; d < b.rank(); ++d) {
      auto v = as_const_int(b->shape[d]);
      if (!v || (d + 2 < b.rank() ? *v != 1 : *v % kTile != 0)) {
        return false;
      }
    }
    return true;
  }

  // Blocks smaller than a tile (one row per T.Kernel block, [block_M] vectors) cannot be
  // computed by tile operations; say how to restructure.
  void report_sub_tile(const Buffer& b, const Location& loc) {
    std::string shape;
    for (size_t d = 0; d < b->shape.size(); ++d) {
      shape += (d ? ", " : "") + print(b->shape[d]);
    }
    if (b.rank() == 1) {
      ctx->error(loc) << fmt::format(
          "element-wise loop over the per-row/per-column vector '{}' of shape [{}] is not "
          "supported by the Tenstorrent lowering yet (tile operations work on 32x32 tiles); "
          "fold the vector math into the 2-D loop that consumes it",
          b->name, shape);
      return;
    }
    ctx->error(loc) << fmt::format(
        "element-wise loop over '{}' of shape [{}]: blocks smaller than a 32x32 tile cannot be "
        "computed by tile operations; give every T.Kernel block at least 32 rows and 32 columns "
        "(e.g. T.Kernel(T.ceildiv(M, 32)) with [32, N] blocks instead of one row per block)",
        b->name, shape);
  }

  static bool touches_global(const Expr& e) {
    bool g = false;
    post_order_visit(Evaluate::make(e), [&](const Node* n) {
      if (n->kind == NodeKind::kBufferLoad) {
        g |= static_cast<const BufferLoad*>(n)->buffer->scope == MemScope::kGlobal;
      }
    });
    return g;
  }

  bool whole_block(const Buffer& b, const std::vector<Expr>& idx) const {
    if (idx.size() != nest_.size() || b.rank() != nest_.size()) {
      return false;
    }
    for (size_t d = 0; d < idx.size(); ++d) {
      auto mn = const_value(nest_[d]->min), ext = const_value(nest_[d]->extent);
      if (idx[d].get() != nest_[d]->var.get() || !mn || *mn != 0 || !ext ||
          *ext != as_const_int(b->shape[d]).value_or(-1)) {
        return false;
      }
    }
    return true;
  }

  bool plain_binary(const Expr& v) const {
    const Binary* bin = strip_float_casts(v).as<Binary>();
    if (!bin ||
        (bin->op != BinaryOp::kAdd && bin->op != BinaryOp::kSub && bin->op != BinaryOp::kMul)) {
      return false;
    }
    Expr a = strip_float_casts(bin->a), b = strip_float_casts(bin->b);
    const BufferLoad* x = a.as<BufferLoad>();
    const BufferLoad* y = b.as<BufferLoad>();
    return x && y && on_chip(x->buffer) && on_chip(y->buffer) &&
           whole_block(x->buffer, x->indices) && whole_block(y->buffer, y->indices);
  }

  Expr fail(const Location& loc, const std::string& what) {
    // Expressions built without a source position are reported at their T.Parallel nest.
    ctx->error(loc.known() ? loc : nest_.front()->loc)
        << what
        << " cannot be mapped to tile operations by the Tenstorrent "
           "element-wise lowering (lower-to-sfpu)";
    return {};
  }

  Expr leaf(const BufferLoad* ld) {
    if (!on_chip(ld->buffer)) {
      return fail(ld->loc, fmt::format("load of '{}'", ld->buffer->name));
    }
    if (!whole_block(ld->buffer, ld->indices)) {
      return fail(ld->loc,
                  fmt::format("load '{}' (only whole-block accesses `buf[i, j]` with the nest's "
                              "loop variables; per-row/per-column vectors are not supported yet)",
                              print(Expr(ld))));
    }
    bool seen = false;
    for (const Buffer& b : inputs_) {
      seen |= b.same_as(ld->buffer);
    }
    if (!seen) {
      inputs_.push_back(ld->buffer);
    }
    return buffer_ref(ld->buffer, ld->loc);
  }

  Expr map(const Expr& e0) {
    Expr e = strip_float_casts(e0);
    Location loc = e.loc();
    if (auto v = scalar_value(e)) {
      return FloatImm::make(*v, DataType::float32(), loc);
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
      if (auto s = scalar_value(a)) {
        return FloatImm::make(-*s, DataType::float32(), loc);
      }
      return tile_op("neg", {a}, loc);
    }
    if (const Binary* b = e.as<Binary>()) {
      return map_binary(b);
    }
    if (const Call* c = e.as<Call>()) {
      return map_call(c);
    }
    if (e.as<Select>()) {
      return fail(loc, "T.if_then_else (select/mask tiles are not supported yet)");
    }
    if (e.as<Cast>()) {
      return fail(loc,
                  fmt::format("cast '{}' (only float-to-float casts are supported)", print(e)));
    }
    if (e.as<Variable>()) {
      return fail(loc, fmt::format("scalar variable '{}' (only constant scalar operands are "
                                   "supported yet)",
                                   print(e)));
    }
    return fail(loc, fmt::format("expression '{}'", print(e)));
  }

  Expr map_binary(const Binary* b) {
    Location loc = b->loc;
    static const std::map<BinaryOp, std::string> names = {
        {BinaryOp::kAdd, "add"}, {BinaryOp::kSub, "sub"}, {BinaryOp::kMul, "mul"},
        {BinaryOp::kDiv, "div"}, {BinaryOp::kMax, "max"}, {BinaryOp::kMin, "min"}};
    auto it = names.find(b->op);
    if (it == names.end()) {
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
    auto sx = scalar_value(x), sy = scalar_value(y);
    const std::string& op = it->second;
    if (sx && sy) {
      return fail(loc, "operation between two constants inside a tile expression");
    }
    if (op == "max" || op == "min") {
      if (sx || sy) {
        double s = sx ? *sx : *sy;
        Expr t = sx ? y : x;
        if (op == "max" && s == 0.0) {
          return tile_op("relu", {t}, loc);
        }
        return fail(loc, fmt::format("T.{}(x, {}) with a non-zero constant", op, s));
      }
      return tile_op(op, {x, y}, loc);
    }
    if (op == "div") {
      if (sy) {
        if (*sy == 0.0) {
          return fail(loc, "division by the constant 0");
        }
        return tile_op("mul", {x, FloatImm::make(1.0 / *sy, DataType::float32(), loc)}, loc);
      }
      Expr r = tile_op("recip", {y}, loc);
      if (sx && *sx == 1.0) {
        return r;
      }
      return tile_op("mul", {r, x}, loc);
    }
    if (op == "mul" && !sx && !sy) {
      // x * x over the same block (two loads of one tile).
      const RegionRef* rx = x.as<RegionRef>();
      const RegionRef* ry = y.as<RegionRef>();
      if (rx && ry && rx->region.buffer.same_as(ry->region.buffer)) {
        return tile_op("square", {x}, loc);
      }
    }
    return tile_op(op, {x, y}, loc);
  }

  Expr map_call(const Call* c) {
    Location loc = c->loc;
    static const std::set<std::string> unary = {"exp",   "exp2", "log",     "log2", "sqrt",
                                                "rsqrt", "tanh", "sigmoid", "abs"};
    if (unary.count(c->name) && c->args.size() == 1) {
      Expr a = map(c->args[0]);
      if (!a.defined()) {
        return {};
      }
      if (scalar_value(a)) {
        return fail(loc, fmt::format("T.{} of a constant", c->name));
      }
      return tile_op(c->name, {a}, loc);
    }
    if (c->name == "pow" && c->args.size() == 2) {
      auto ex = scalar_value(strip_float_casts(c->args[1]));
      if (!ex || *ex != std::floor(*ex) || *ex < 0 || *ex > 64) {
        return fail(loc, "T.pow with an exponent that is not a constant integer in [0, 64]");
      }
      Expr a = map(c->args[0]);
      if (!a.defined()) {
        return {};
      }
      Attrs attrs;
      attrs.set("exponent", static_cast<int64_t>(*ex));
      return tile_op("power", {a}, loc, attrs);
    }
    return fail(loc, fmt::format("call '{}'", c->name));
  }
};

}  // namespace

Module lower_to_sfpu(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    Lowerer l;
    l.ctx = &ctx;
    f = l.mutate(f);
  }
  return out;
}

}  // namespace tltt::passes
