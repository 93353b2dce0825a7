// The shape test and rewrite behind coarsen_blocks (coarsen_blocks.h). Rows: the unit axis is
// axis 0 of the on-chip buffers and the next-to-last axis of the tensors; columns: the last axis
// of both.
#include "passes/coarsen_blocks.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

constexpr int64_t kGroup = kTile;

bool is_one(const Expr& e) { return const_value(e).value_or(0) == 1; }

// The tensor axis the unit axis of the blocks maps to.
size_t tensor_axis(const Buffer& t, bool rows) { return rows ? t.rank() - 2 : t.rank() - 1; }

class Coarsener : public Mutator {
 public:
  using Mutator::visit;
  const Variable* grid_var = nullptr;
  bool rows = true;
  std::set<const Variable*> unit_loops;  // T.Parallel loops of extent 1
  std::set<const BufferNode*> on_chip;
  std::map<const BufferNode*, Buffer> grown;
  std::vector<Location> bad_uses;  // where the grid variable is used outside a row index

  Buffer mutate_buffer(const Buffer& b) override {
    if (!on_chip.count(b.get())) {
      return b;
    }
    auto it = grown.find(b.get());
    if (it != grown.end()) {
      return it->second;
    }
    std::vector<Expr> shape = b->shape;
    size_t axis = b.rank() == 1 || rows ? 0 : 1;
    shape[axis] = cint(kGroup, b->loc);
    return grown[b.get()] = Buffer::make(b->name, b->dtype, shape, b->scope, b->attrs, b->loc);
  }
  Region mutate_region(const Region& r) override {
    if (on_chip.count(r.buffer.get())) {
      // A region of a block covers its unit axis, which becomes the 32 rows (columns).
      Region out = Mutator::mutate_region(r);
      out.buffer = mutate_buffer(r.buffer);
      out.ranges[r.buffer.rank() == 1 || rows ? 0 : 1] = {cint(0, r.loc), cint(kGroup, r.loc)};
      return out;
    }
    if (r.buffer->scope != MemScope::kGlobal || r.buffer.rank() < 2) {
      return Mutator::mutate_region(r);
    }
    size_t axis = tensor_axis(r.buffer, rows);
    Region out{r.buffer, {}, r.loc};
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      const Range& rg = r.ranges[d];
      bool unit = d == axis && is_one(rg.extent) && uses_var(rg.min, grid_var);
      allowed_ = unit;
      out.ranges.push_back({mutate(rg.min), unit ? cint(kGroup, r.loc) : mutate(rg.extent)});
      allowed_ = false;
    }
    return out;
  }
  Stmt visit(const For* op) override {
    if (!unit_loops.count(op->var.get())) {
      return Mutator::visit(op);
    }
    return For::make(op->var, op->min, cint(kGroup, op->loc), op->for_kind, mutate(op->body),
                     op->num_stages, op->attrs, op->loc);
  }
  // `b + i` (in any order, `b` possibly scaled by 1) with `i` a unit loop: row b of the old
  // block is row b * 32 + i of the new one.
  Expr visit(const Binary* op) override {
    auto with_unit = [&](const Expr& e) {
      for (const Variable* v : unit_loops) {
        if (uses_var(e, v)) {
          return true;
        }
      }
      return false;
    };
    bool was = allowed_;
    Location outer = use_loc_;
    if (op->loc.known()) {
      use_loc_ = op->loc;
    }
    if (op->op == BinaryOp::kAdd && ((uses_var(op->a, grid_var) && with_unit(op->b)) ||
                                     (uses_var(op->b, grid_var) && with_unit(op->a)))) {
      allowed_ = true;
    }
    Expr out = Mutator::visit(op);
    allowed_ = was;
    use_loc_ = outer;
    return out;
  }
  Expr visit(const Variable* op) override {
    if (op != grid_var) {
      return op;
    }
    if (!allowed_) {
      Location at = use_loc_.known() ? use_loc_ : op->loc;
      if (std::find(bad_uses.begin(), bad_uses.end(), at) == bad_uses.end()) {
        bad_uses.push_back(at);
      }
    }
    return mul(Expr(op), cint(kGroup, op->loc));
  }
  Stmt visit(const BufferStore* op) override {
    use_loc_ = op->loc;
    return Mutator::visit(op);
  }

 private:
  bool allowed_ = false;
  Location use_loc_;  // the innermost binary expression or store being rewritten
};

// The on-chip buffers allocated inside `s`.
std::vector<Buffer> allocations(const Stmt& s) {
  std::vector<Buffer> out;
  post_order_visit(s, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      const Buffer& b = static_cast<const Allocate*>(n)->buffer;
      if (b->scope != MemScope::kGlobal) {
        out.push_back(b);
      }
    }
  });
  return out;
}

// Whether every buffer is one row (rows) or one column (!rows) of a block, with at least one
// 2-D buffer. 1-D buffers longer than one (a LayerNorm's gamma, read along the row) are shared
// by the rows and checked by `shared_vectors`.
bool unit_blocks(const std::vector<Buffer>& bufs, bool rows) {
  bool any_2d = false;
  for (const Buffer& b : bufs) {
    if (b.rank() == 1) {
      continue;
    } else if (b.rank() == 2) {
      any_2d = true;
      if (!is_one(b->shape[rows ? 0 : 1]) || is_one(b->shape[rows ? 1 : 0])) {
        return false;
      }
    } else {
      return false;
    }
  }
  return any_2d;
}

// The 1-D buffers longer than one: the same for every row (column) of the block, so they keep
// their shape. False when one is stored to element by element (it could accumulate over the
// rows) or copied from or to a region that depends on the grid variable `v`.
bool shared_vectors(const Stmt& body, const std::vector<Buffer>& bufs, const Variable* v,
                    std::set<const BufferNode*>& shared) {
  for (const Buffer& b : bufs) {
    if (b.rank() == 1 && !is_one(b->shape[0])) {
      shared.insert(b.get());
    }
  }
  bool ok = true;
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kBufferStore) {
      ok &= !shared.count(static_cast<const BufferStore*>(n)->buffer.get());
    } else if (n->kind == NodeKind::kCopy) {
      const Copy* c = static_cast<const Copy*>(n);
      if (shared.count(c->src.buffer.get()) || shared.count(c->dst.buffer.get())) {
        for (const Region* r : {&c->src, &c->dst}) {
          for (const Range& rg : r->ranges) {
            ok &= !uses_var(rg.min, v) && !uses_var(rg.extent, v);
          }
        }
      }
    }
  });
  return ok;
}

// Whether every tensor axis the grid variable `v` indexes has exactly `extent` elements: then a
// partial last group reaches only the device padding past the tensor's end.
bool covers_tensors(const Stmt& body, const Variable* v, int64_t extent) {
  bool ok = true;
  auto check = [&](const Buffer& t, size_t axis, const Expr& index) {
    if (t->scope == MemScope::kGlobal && uses_var(index, v)) {
      ok &= const_value(t->shape[axis]).value_or(-1) == extent;
    }
  };
  post_order_visit(body, [&](const Node* n) {
    if (n->kind == NodeKind::kCopy) {
      const Copy* c = static_cast<const Copy*>(n);
      for (const Region* r : {&c->src, &c->dst}) {
        for (size_t d = 0; d < r->ranges.size() && d < r->buffer.rank(); ++d) {
          check(r->buffer, d, r->ranges[d].min);
        }
      }
    } else if (n->kind == NodeKind::kBufferStore || n->kind == NodeKind::kBufferLoad) {
      bool store = n->kind == NodeKind::kBufferStore;
      const Buffer& t = store ? static_cast<const BufferStore*>(n)->buffer
                              : static_cast<const BufferLoad*>(n)->buffer;
      const std::vector<Expr>& idx = store ? static_cast<const BufferStore*>(n)->indices
                                           : static_cast<const BufferLoad*>(n)->indices;
      for (size_t d = 0; d < idx.size() && d < t.rank(); ++d) {
        check(t, d, idx[d]);
      }
    }
  });
  return ok;
}

}  // namespace

PrimFunc coarsen_blocks(const PrimFunc& f, PassContext& ctx) {
  std::vector<const KernelLaunch*> launches = kernel_launches(f.body);
  if (launches.empty()) {
    return f;
  }
  const KernelLaunch* launch = launches.back();
  std::vector<Buffer> bufs = allocations(launch->body);
  bool rows = unit_blocks(bufs, true);
  if (!rows && !unit_blocks(bufs, false)) {
    return f;
  }
  // The grid variable that selects the row (column): the one in the tensor regions' unit axis.
  std::set<const Variable*> selectors;
  post_order_visit(launch->body, [&](const Node* n) {
    if (n->kind != NodeKind::kCopy) {
      return;
    }
    const Copy* c = static_cast<const Copy*>(n);
    for (const Region* r : {&c->src, &c->dst}) {
      if (r->buffer->scope != MemScope::kGlobal || r->buffer.rank() < 2) {
        continue;
      }
      const Range& rg = r->ranges[tensor_axis(r->buffer, rows)];
      for (const Var& v : launch->vars) {
        if (is_one(rg.extent) && uses_var(rg.min, v.get())) {
          selectors.insert(v.get());
        }
      }
    }
  });
  if (selectors.size() != 1) {
    return f;
  }
  size_t dim = 0;
  while (launch->vars[dim].get() != *selectors.begin()) {
    ++dim;
  }
  const Var& grid_var = launch->vars[dim];
  std::set<const BufferNode*> shared;
  if (!shared_vectors(launch->body, bufs, grid_var.get(), shared)) {
    return f;
  }
  // A partial last group (extent not a multiple of 32) is the partial last block of a grid
  // written with 32-row blocks: B1 pads the tensors to its reach.
  auto extent = const_value(launch->extents[dim]);
  if (!extent ||
      (*extent % kGroup != 0 && !covers_tensors(launch->body, grid_var.get(), *extent))) {
    ctx.error(launch->loc) << fmt::format(
        "blocks of one {} cannot be grouped into 32-{} tiles: grid dimension '{}' has extent "
        "{}, neither a multiple of 32 nor the {} count of every tensor it indexes",
        rows ? "row" : "column", rows ? "row" : "column", grid_var->name,
        print(launch->extents[dim]), rows ? "row" : "column");
    return f;
  }
  Coarsener c;
  c.grid_var = grid_var.get();
  c.rows = rows;
  for (const Buffer& b : bufs) {
    if (!shared.count(b.get())) {
      c.on_chip.insert(b.get());
    }
  }
  post_order_visit(launch->body, [&](const Node* n) {
    if (n->kind == NodeKind::kFor) {
      const For* l = static_cast<const For*>(n);
      if (l->for_kind == ForKind::kParallel && is_one(l->extent)) {
        c.unit_loops.insert(l->var.get());
      }
    }
  });
  Stmt body = c.mutate(launch->body);
  for (const Location& loc : c.bad_uses) {
    ctx.error(loc.known() ? loc : launch->loc) << fmt::format(
        "cannot group the one-{} blocks of this kernel into tiles: '{}' is used here other than "
        "as the {} of a tensor region or as `{} + i` with `i` a T.Parallel loop over the block",
        rows ? "row" : "column", grid_var->name, rows ? "row" : "column", grid_var->name);
  }
  if (ctx.failed()) {
    return f;
  }
  std::vector<Expr> extents = launch->extents;
  int64_t groups = (*extent + kGroup - 1) / kGroup;
  extents[dim] = cint(groups, launch->loc);
  ctx.remark(launch->loc, "coarsen") << fmt::format(
      "blocks of one {0}: 32 consecutive values of grid dimension '{1}' form one 32-{0} block "
      "(grid {2} -> {3}{4}); on-chip buffers grow to 32 {0}s",
      rows ? "row" : "column", grid_var->name, *extent, groups,
      *extent % kGroup ? ", the last one partial" : "");
  Stmt new_launch = KernelLaunch::make(extents, launch->vars, launch->attrs, body, launch->loc);
  return f.with_body(replace_launch(f.body, launch, new_launch));
}

}  // namespace tltt::passes
