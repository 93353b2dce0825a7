// B3: one T.Parallel nest over whole blocks becomes tt.sfpu; subtrees that would overflow DST
// are evaluated first into temporary blocks (spills), deepest first.
#include <fmt/format.h>

#include "passes/sfpu/lowerer.h"

#include <algorithm>

#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/sfpu_ops.h"
#include "passes/vector_layout.h"

namespace tltt::passes::sfpu {

using namespace ir;

Stmt Lowerer::lower_nest(const For* op) {
  nest_ = parallel_nest(op);
  const BufferStore* store = nest_.back()->body.as<BufferStore>();
  nest_vector_ = store && nest_.size() == 1 ? vector_kind(store->buffer) : "";
  if (store && store->buffer->scope == MemScope::kGlobal) {
    if (Stmt c = vector_store(store); c.defined()) {
      return c;
    }
    if (Stmt c = computed_vector_store(store); c.defined()) {
      return c;
    }
  }
  if (!store || !on_chip(store->buffer) || touches_global(store->value)) {
    // Nests over tensors are staged by C1; other shapes are reported by C2.
    return op;
  }
  if (!tile_shaped(store->buffer)) {
    report_sub_tile(store->buffer, store->loc);
    return op;
  }
  if (access(store->buffer, store->indices) != Access::kWhole) {
    ctx->error(store->loc) << fmt::format(
        "store to '{}' in this T.Parallel nest does not cover the whole block with the loop "
        "variables in order (element-wise lowering works on whole 32x32 tiles)",
        store->buffer->name);
    return op;
  }
  if (plain_binary(store)) {
    return op;  // C2 lowers it to tt.binary (FPU add/sub/mul_tiles).
  }
  inputs_.clear();
  converted_.clear();
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
  // Subtrees that would overflow DST are evaluated first into temporary blocks (spills).
  std::vector<Stmt> stmts;
  std::vector<Buffer> spills;
  for (const Converted& cv : converted_) {
    stmts.push_back(cv.step);  // integer vectors as float32 vectors first (map_int.cc)
    spills.push_back(cv.block);
  }
  while (sfpu_dst_need(tree) > dst_capacity) {
    Expr sub = spill_candidate(tree);
    Buffer tmp = Buffer::make(fmt::format("{}_spill{}", store->buffer->name, spills.size()),
                              store->buffer->dtype, store->buffer->shape, MemScope::kFragment,
                              store->buffer->attrs, op->loc);
    ctx->remark(op->loc, "spill") << fmt::format(
        "the expression stored to '{}' needs {} DST tiles per output tile, more than the {} "
        "DST holds: its deepest subtree is evaluated first into '{}'",
        store->buffer->name, sfpu_dst_need(tree), dst_capacity, tmp->name);
    stmts.push_back(fused_op(sub, tmp, op->loc));
    tree = replace_node(tree, sub.get(), buffer_ref(tmp, op->loc));
    spills.push_back(tmp);
  }
  stmts.push_back(fused_op(tree, store->buffer, op->loc));
  ++lowered;
  Stmt result = seq(stmts, op->loc);
  for (auto it = spills.rbegin(); it != spills.rend(); ++it) {
    result = Allocate::make(*it, result, op->loc);
  }
  return result;
}

// tt.sfpu(inputs `tree` reads, in source order (then spill blocks), out, tree).
Stmt Lowerer::fused_op(const Expr& tree, const Buffer& out, const Location& loc) const {
  std::vector<Buffer> used;
  post_order_visit(Evaluate::make(tree), [&](const Node* n) {
    if (n->kind == NodeKind::kRegionRef) {
      const Buffer& b = static_cast<const RegionRef*>(n)->region.buffer;
      if (std::none_of(used.begin(), used.end(), [&](const Buffer& u) { return u.same_as(b); })) {
        used.push_back(b);
      }
    }
  });
  auto rank = [&](const Buffer& b) {
    auto it =
        std::find_if(inputs_.begin(), inputs_.end(), [&](const Buffer& u) { return u.same_as(b); });
    return it - inputs_.begin();
  };
  std::stable_sort(used.begin(), used.end(),
                   [&](const Buffer& a, const Buffer& b) { return rank(a) < rank(b); });
  std::vector<Expr> args;
  for (const Buffer& b : used) {
    args.push_back(buffer_ref(b, loc));
  }
  args.push_back(buffer_ref(out, loc));
  args.push_back(tree);
  return tt_call_stmt(TtOp::kSfpu, std::move(args), {}, loc);
}

// The subtree to evaluate first: where the right operand of a binary node no longer fits next
// to the left one's result (Sethi-Ullman order), the largest such operand that fits alone.
Expr Lowerer::spill_candidate(const Expr& e) const {
  const Call* c = e.as<Call>();
  if (tile_op_of(e)->kind == TileOpKind::kUnary) {
    return spill_candidate(tile::Unary::x(c));
  }
  const Expr &x = tile::Binary::x(c), &y = tile::Binary::y(c);
  if (sfpu_dst_need(x) > dst_capacity) {
    return spill_candidate(x);
  }
  if (sfpu_dst_need(y) > dst_capacity) {
    return spill_candidate(y);
  }
  return y;
}

Expr Lowerer::replace_node(const Expr& tree, const Node* target, const Expr& with) {
  class Replace : public Mutator {
   public:
    using Mutator::visit;
    const Node* target = nullptr;
    Expr with;
    Expr visit(const Call* op) override { return op == target ? with : Mutator::visit(op); }
  } r;
  r.target = target;
  r.with = with;
  return r.mutate(tree);
}

}  // namespace tltt::passes::sfpu
