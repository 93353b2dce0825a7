// D2: binds every tensor a data-movement kernel moves to a TensorAccessor. Accessors take
// consecutive compile-time arg slots in parameter order (the kernel's accessors in the plan) and
// their base address from the `<tensor>_addr` runtime arg:
//   let A_addr = tt.runtime_arg("A_addr")
//   let A_accessor: handle = tt.tensor_accessor(0, A_addr, 2048)   // cta slot, addr, page size
// The accessor variable becomes the last operand of tt.read_tiles / tt.write_tiles.
#include "passes/configure_tensor_accessors.h"

#include <fmt/format.h>

#include <set>

#include "ir/mutator.h"
#include "ir/tt_ops.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The tensor region a tt.read_tiles / tt.read_im2col / tt.gather_rows / tt.write_tiles moves,
// else nullptr.
const Region* tensor_region(const Call* c) {
  if (is_tt_op(c, TtOp::kReadTiles)) {
    return tt::ReadTiles::src(c);
  }
  if (is_tt_op(c, TtOp::kReadIm2col)) {
    return tt::ReadIm2col::src(c);
  }
  if (is_tt_op(c, TtOp::kGatherRows)) {
    return tt::GatherRows::src(c);
  }
  return is_tt_op(c, TtOp::kWriteTiles) ? tt::WriteTiles::dst(c) : nullptr;
}

class BindAccessors : public Mutator {
 public:
  using Mutator::visit;
  std::map<const BufferNode*, Var> accessors;
  Expr visit(const Call* op) override {
    const Region* r = tensor_region(op);
    if (!r) {
      return Mutator::visit(op);
    }
    std::vector<Expr> args = op->args;
    args.push_back(accessors.at(r->buffer.get()));  // the `accessor` operand
    return Call::make(op->dtype, op->name, args, op->attrs, op->loc);
  }
};

// A block-float tensor (A1's `format`) is moved as whole tiles: its data is shared exponents and
// packed mantissas, with no element the NoC could address on its own. Reports each access that
// is not: an element read, an im2col gather, a region not provably made of whole tiles.
void check_block_float_moves(const Stmt& body, const DevicePlan& plan, PassContext& ctx) {
  auto block_float = [&](const Buffer& b) {
    const TensorPlan* t = plan.find_tensor(b->name);
    return t && t->tile_format != TileFormat::kPlain ? t : nullptr;
  };
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kBufferLoad) {
      const auto* ld = static_cast<const BufferLoad*>(n);
      if (const TensorPlan* t =
              ld->buffer->scope == MemScope::kGlobal ? block_float(ld->buffer) : nullptr) {
        ctx.error(ld->loc) << "the kernel reads elements of '" << t->name << "', whose tiles are "
                           << to_string(t->tile_format) << " block floats: those move as whole "
                           << "tiles only; store it plain (no `format`)";
      }
      return;
    }
    const Call* c = n->kind == NodeKind::kEvaluate
                        ? static_cast<const Evaluate*>(n)->value.as<Call>()
                        : nullptr;
    const Region* r = c ? tensor_region(c) : nullptr;
    const TensorPlan* t = r ? block_float(r->buffer) : nullptr;
    if (!t) {
      return;
    }
    bool whole = !is_tt_op(c, TtOp::kReadIm2col) && !is_tt_op(c, TtOp::kGatherRows);
    for (size_t d = r->ranges.size() - 2; whole && d < r->ranges.size(); ++d) {
      auto extent = const_value(r->ranges[d].extent);
      whole = exact_div(r->ranges[d].min, kTile) && extent && *extent % kTile == 0;
    }
    if (!whole) {
      ctx.error(c->loc) << "'" << t->name << "' has " << to_string(t->tile_format)
                        << " block-float tiles, which move as whole tiles only; this "
                        << (is_tt_op(c, TtOp::kReadIm2col) ? "im2col gather"
                            : is_tt_op(c, TtOp::kGatherRows)
                                ? "row gather"
                                : "region (not provably whole 32x32 tiles)")
                        << " would address parts of them";
    }
  });
}

}  // namespace

Module configure_tensor_accessors(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    std::string role = kernel_role(m, f);
    if (role.empty()) {
      continue;
    }
    check_block_float_moves(f.body, out.plan, ctx);
    std::set<const BufferNode*> moved;
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind != NodeKind::kEvaluate) {
        return;
      }
      const Call* c = static_cast<const Evaluate*>(n)->value.as<Call>();
      if (const Region* r = tensor_region(c)) {
        moved.insert(r->buffer.get());
      }
      if (is_tt_op(c, TtOp::kGatherRows)) {
        moved.insert(tt::GatherRows::index(c)->buffer.get());  // its indices, read as scalars
      }
    });
    // Elements of index tensors the kernel reads as scalars (`let start = cu_seqlens[b]`): D3
    // reads them through the accessor too.
    post_order_visit(f.body, [&](const Node* n) {
      const auto* ld =
          n->kind == NodeKind::kBufferLoad ? static_cast<const BufferLoad*>(n) : nullptr;
      if (ld && ld->buffer->scope == MemScope::kGlobal) {
        moved.insert(ld->buffer.get());
      }
    });
    BindAccessors binder;
    std::vector<std::pair<Var, Expr>> lets;
    std::vector<std::string> order;
    int64_t slot = 0;
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        continue;
      }
      const Buffer& b = p.buffer;
      if (!moved.count(b.get())) {
        continue;
      }
      Location loc = b->loc;
      Var addr = Variable::make(b->name + "_addr", DataType::int32(), loc);
      Var accessor = Variable::make(b->name + "_accessor", DataType::handle(), loc);
      // The plan's page: a block-float tile's bytes for a tensor stored so (A1).
      const TensorPlan* planned = out.plan.find_tensor(b->name);
      int64_t page = planned && planned->tile_format != TileFormat::kPlain ? planned->page_size
                                                                           : tile_bytes(b->dtype);
      lets.push_back({addr, runtime_arg(b->name + "_addr", loc)});
      lets.push_back({accessor, tt_call(TtOp::kTensorAccessor, DataType::handle(),
                                        {cint(slot, loc), addr, cint(page, loc)}, {}, loc)});
      ctx.remark(loc, "accessor") << fmt::format(
          "{} {} '{}' through a TensorAccessor: compile-time args from slot {}, base address "
          "from runtime arg '{}', pages of {} bytes",
          f.name, role == "writer" ? "writes" : "reads", b->name, slot, addr->name, page);
      binder.accessors[b.get()] = accessor;
      order.push_back(b->name);
      ++slot;
    }
    Stmt body = binder.mutate(f.body);
    for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
      body = LetStmt::make(it->first, it->second, body, it->first->loc);
    }
    f.body = body;
    for (KernelPlan& k : out.plan.kernels) {
      if (k.function == f.name) {
        k.accessors = order;
      }
    }
  }
  return out;
}

}  // namespace tltt::passes
