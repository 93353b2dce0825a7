// C1's preparation (see shared_to_cb.h): copies between tensors and element-wise loops over
// tensors are staged through on-chip blocks, and blocks loaded from a tensor that compute also
// writes get a compute-owned twin, so that every CB C1 then makes has one producer.
#include "passes/shared_to_cb_prepare.h"

#include <fmt/format.h>

#include <set>

#include "ir/equality.h"
#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/row_writes.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

// The region of tensor access b[idx] whose last dims are base + the loop variables in order
// (extents the loops'), the leading dims fixed; nullopt for any other access.
std::optional<Region> nest_region(const Buffer& b, const std::vector<Expr>& idx,
                                  const std::vector<const Variable*>& vars,
                                  const std::vector<int64_t>& extents, const Location& loc) {
  if (idx.size() < vars.size()) {
    return std::nullopt;
  }
  size_t lead = idx.size() - vars.size();
  Region r{b, {}, loc};
  for (size_t d = 0; d < idx.size(); ++d) {
    if (d < lead) {
      for (const Variable* u : vars) {
        if (uses_var(idx[d], u)) {
          return std::nullopt;
        }
      }
      r.ranges.push_back({idx[d], cint(1, loc)});
    } else {
      auto base = split_index(idx[d], vars[d - lead], vars);
      if (!base) {
        // `base + v + k` (a stencil's neighbour, `A[r - 1, c]`): the window at base + k.
        auto a = affine_in(idx[d], vars[d - lead]);
        for (const Variable* u : vars) {
          if (a && uses_var(a->rest, u)) {
            a.reset();
          }
        }
        if (!a || a->coef != 1) {
          return std::nullopt;
        }
        base = simplify(a->rest);
      }
      r.ranges.push_back({*base, cint(extents[d - lead], loc)});
    }
  }
  return r;
}

// Stages `for i, j in T.Parallel: T[...] = f(U[...], ...)` over tensors through on-chip blocks;
// a nest that only moves a tensor block into a whole on-chip block, or back, is that T.copy.
class DirectEltwiseStager : public Mutator {
 public:
  using Mutator::visit;

  // T.copy from one tensor region to another: the NoC moves tiles between DRAM and L1 only, so
  // the copy goes through a new on-chip block that the reader fills and the writer drains. A
  // copy that changes the dtype gets a second block of the destination's dtype; the on-chip
  // copy between the two converts in compute (the NoC cannot).
  NestFilter only;  // when set: only the T.Parallel nests it accepts, no copies

  Stmt visit(const Copy* op) override {
    const Region& src = op->src;
    const Region& dst = op->dst;
    if (only) {
      return op;
    }
    if (src.buffer->scope == MemScope::kGlobal && dst.buffer->scope != MemScope::kGlobal &&
        src.buffer->dtype != dst.buffer->dtype) {
      return converting_load(op);
    }
    if (src.buffer->scope != MemScope::kGlobal && dst.buffer->scope == MemScope::kGlobal &&
        src.buffer->dtype.is_integer() != dst.buffer->dtype.is_integer()) {
      return converting_store(op);
    }
    if (src.buffer->scope != MemScope::kGlobal || dst.buffer->scope != MemScope::kGlobal) {
      return Mutator::visit(op);
    }
    std::vector<Expr> shape;
    for (const Range& r : src.ranges) {
      shape.push_back(r.extent);
    }
    while (shape.size() > 2 && const_value(shape.front()) == 1) {
      shape.erase(shape.begin());  // leading unit axes: the block is the region's matrix
    }
    auto block = [&](const Buffer& t) {
      return Buffer::make(t->name + "_block", t->dtype, shape, MemScope::kShared, {}, op->loc);
    };
    Buffer in = block(src.buffer);
    Buffer out = src.buffer->dtype == dst.buffer->dtype ? in : block(dst.buffer);
    std::vector<Stmt> stmts{Copy::make(src, Region::full(in, op->loc), {}, op->loc)};
    if (out.get() != in.get()) {
      stmts.push_back(
          Copy::make(Region::full(in, op->loc), Region::full(out, op->loc), {}, op->loc));
    }
    stmts.push_back(Copy::make(Region::full(out, op->loc), dst, {}, op->loc));
    Stmt result = SeqStmt::make(stmts, op->loc);
    if (out.get() != in.get()) {
      result = Allocate::make(out, result, op->loc);
    }
    return Allocate::make(in, result, op->loc);
  }

  // T.copy from a tensor into an on-chip block of another dtype: the reader fills a block of
  // the tensor's dtype and the on-chip copy converts it in compute (unpack and pack convert
  // formats; the NoC only moves bytes).
  Stmt converting_load(const Copy* op) { return staged_copy(op, op->dst, op->src.buffer->dtype); }
  // T.copy from an on-chip block into a tensor of the other kind (integer vs float): the packer
  // converts between float formats but not between floats and integers, so the block is first
  // copied on chip into a block of the tensor's dtype (a typecast in compute, D5).
  Stmt converting_store(const Copy* op) { return staged_copy(op, op->src, op->dst.buffer->dtype); }

  // `op` as two copies through a block of `dtype` shaped and placed as its on-chip side `block`.
  Stmt staged_copy(const Copy* op, const Region& block, DataType dtype) {
    std::vector<Expr> shape;
    for (const Range& r : block.ranges) {
      shape.push_back(r.extent);
    }
    Buffer staged = Buffer::make(op->src.buffer->name + "_" + dtype.str(), dtype, shape,
                                 block.buffer->scope, {}, op->loc);
    Stmt s = SeqStmt::make({Copy::make(op->src, Region::full(staged, op->loc), {}, op->loc),
                            Copy::make(Region::full(staged, op->loc), op->dst, {}, op->loc)},
                           op->loc);
    return Allocate::make(staged, s, op->loc);
  }

  Stmt visit(const For* op) override {
    if (op->for_kind != ForKind::kParallel) {
      return Mutator::visit(op);
    }
    if (only && !only(op)) {
      return op;
    }
    std::vector<const For*> nest = parallel_nest(op);
    // The rows of a block under a row bound (varlen stores): a copy of that many rows.
    std::optional<GuardedRowStore> guarded = guarded_row_store(nest);
    const BufferStore* store = guarded ? guarded->store : nest.back()->body.as<BufferStore>();
    if (!store) {
      return Mutator::visit(op);
    }
    if (Stmt copy = element_copy(nest, store, guarded ? guarded->rows : Expr()); copy.defined()) {
      return copy;
    }
    if (guarded) {
      return Mutator::visit(op);
    }
    if (store->buffer->scope != MemScope::kGlobal) {
      return Mutator::visit(op);
    }
    std::vector<const Variable*> vars;
    std::vector<int64_t> extents;
    for (const For* f : nest) {
      auto ext = const_value(f->extent), mn = const_value(f->min);
      if (!ext || !mn || *mn != 0) {
        return Mutator::visit(op);
      }
      vars.push_back(f->var.get());
      extents.push_back(*ext);
    }
    auto region_of = [&](const Buffer& b, const std::vector<Expr>& idx, const Location& loc) {
      return nest_region(b, idx, vars, extents, loc);
    };
    auto out_region = region_of(store->buffer, store->indices, store->loc);
    if (!out_region) {
      return Mutator::visit(op);
    }
    // Every tensor load gets a staging block (one per distinct region).
    struct Staged {
      Region region;
      Buffer block;
    };
    std::vector<Staged> staged;
    bool ok = true;
    std::vector<Expr> block_idx;
    for (const For* f : nest) {
      block_idx.push_back(f->var);
    }
    std::vector<Expr> shape;
    for (int64_t e : extents) {
      shape.push_back(cint(e, op->loc));
    }
    auto stage_load = [&](const BufferLoad* l) -> Expr {
      if (l->buffer->scope != MemScope::kGlobal) {
        return Expr(l);
      }
      auto r = region_of(l->buffer, l->indices, l->loc);
      if (!r) {
        ok = false;
        return Expr(l);
      }
      for (const auto& s : staged) {
        bool same = s.region.buffer.same_as(r->buffer);
        for (size_t d = 0; same && d < r->ranges.size(); ++d) {
          same = structural_equal(s.region.ranges[d].min, r->ranges[d].min);
        }
        if (same) {
          return BufferLoad::make(s.block, block_idx, l->loc);
        }
      }
      // One block per window: A_block, A_block1, ... (a stencil reads several windows of A).
      size_t same_tensor = 0;
      for (const auto& s : staged) {
        same_tensor += s.region.buffer.same_as(r->buffer) ? 1 : 0;
      }
      Buffer blk = Buffer::make(
          l->buffer->name + "_block" + (same_tensor ? std::to_string(same_tensor) : ""),
          l->buffer->dtype, shape, MemScope::kShared, {}, l->loc);
      staged.push_back({*r, blk});
      return BufferLoad::make(blk, block_idx, l->loc);
    };
    Expr value = map_loads(store->value, stage_load);
    if (!ok) {
      return Mutator::visit(op);
    }
    Buffer out = Buffer::make(store->buffer->name + "_block", store->buffer->dtype, shape,
                              MemScope::kShared, {}, store->loc);
    Stmt body = BufferStore::make(out, block_idx, value, store->loc);
    for (auto it = nest.rbegin(); it != nest.rend(); ++it) {
      const For* f = *it;
      body =
          For::make(f->var, f->min, f->extent, f->for_kind, body, f->num_stages, f->attrs, f->loc);
    }
    std::vector<Stmt> stmts;
    for (const auto& s : staged) {
      stmts.push_back(Copy::make(s.region, Region::full(s.block, op->loc), {}, op->loc));
    }
    stmts.push_back(body);
    stmts.push_back(Copy::make(Region::full(out, op->loc), *out_region, {}, op->loc));
    Stmt result = SeqStmt::make(stmts, op->loc);
    result = Allocate::make(out, result, op->loc);
    for (auto it = staged.rbegin(); it != staged.rend(); ++it) {
      result = Allocate::make(it->block, result, op->loc);
    }
    return result;
  }

 private:
  // `block[i, j] = T[base_i + i, base_j + j]` over the whole on-chip block (the loop variables
  // in order, their extents the block's) is T.copy(T[base_i, base_j], block); the mirror image
  // `T[base_i + i, base_j + j] = block[i, j]` is T.copy(block, T[base_i, base_j]).
  static Stmt element_copy(const std::vector<const For*>& nest, const BufferStore* store,
                           const Expr& rows) {
    const BufferLoad* load = strip_float_casts(store->value).as<BufferLoad>();
    if (!load) {
      return {};
    }
    bool in = store->buffer->scope != MemScope::kGlobal;
    const Buffer& block = in ? store->buffer : load->buffer;
    const Buffer& tensor = in ? load->buffer : store->buffer;
    const std::vector<Expr>& block_idx = in ? store->indices : load->indices;
    const std::vector<Expr>& tensor_idx = in ? load->indices : store->indices;
    if (block->scope == MemScope::kGlobal || tensor->scope != MemScope::kGlobal ||
        (in && tensor->dtype != block->dtype) || block.rank() != nest.size()) {
      return {};
    }
    std::vector<const Variable*> vars;
    std::vector<int64_t> extents;
    for (size_t d = 0; d < nest.size(); ++d) {
      const For* f = nest[d];
      auto ext = const_value(f->extent);
      if (const_value(f->min) != 0 || !ext || ext != as_const_int(block->shape[d]) ||
          block_idx[d].get() != f->var.get()) {
        return {};
      }
      vars.push_back(f->var.get());
      extents.push_back(*ext);
    }
    Location loc = nest.front()->loc;
    auto region = nest_region(tensor, tensor_idx, vars, extents, loc);
    if (!region || (rows.defined() && (in || region->ranges.size() < 2))) {
      return {};
    }
    if (rows.defined()) {
      region->ranges[region->ranges.size() - 2].extent = rows;
    }
    Region whole = Region::full(block, loc);
    return in ? Copy::make(*region, whole, {}, loc) : Copy::make(whole, *region, {}, loc);
  }
};

// Gives loaded blocks that compute also writes their compute-owned twin (see the file comment).
class TwinLoadedBlocks : public BufferSubstituter {
 public:
  using BufferSubstituter::visit;

  // Finds the blocks to twin, in source order so that names are deterministic (C2 rejects
  // copies of part of a block, loads included).
  void plan(const Stmt& body) {
    std::set<const BufferNode*> loaded, written;
    std::set<std::string> names;
    std::vector<Buffer> blocks;
    post_order_visit(body, [&](const Node* n) {
      switch (n->kind) {
        case NodeKind::kAllocate:
          blocks.push_back(static_cast<const Allocate*>(n)->buffer);
          names.insert(blocks.back()->name);
          break;
        case NodeKind::kCopy: {
          const Copy* c = static_cast<const Copy*>(n);
          bool src_global = c->src.buffer->scope == MemScope::kGlobal;
          if (c->dst.buffer->scope == MemScope::kGlobal) {
            break;
          }
          (src_global ? loaded : written).insert(c->dst.buffer.get());
          break;
        }
        case NodeKind::kBufferStore:
          written.insert(static_cast<const BufferStore*>(n)->buffer.get());
          break;
        case NodeKind::kFill:
          written.insert(static_cast<const Fill*>(n)->dst.buffer.get());
          break;
        case NodeKind::kGemm:
          written.insert(static_cast<const Gemm*>(n)->c.buffer.get());
          break;
        case NodeKind::kEvaluate:
          if (const Call* c = static_cast<const Evaluate*>(n)->value.as<Call>();
              c && is_compute_op(c)) {
            written.insert(compute_write(c).get());
          }
          break;
        default:
          break;
      }
    });
    std::reverse(blocks.begin(), blocks.end());
    for (const Buffer& b : blocks) {
      if (b->scope == MemScope::kGlobal || !loaded.count(b.get()) || !written.count(b.get())) {
        continue;
      }
      std::string name = b->name + "_c";
      for (int i = 2; names.count(name); ++i) {
        name = fmt::format("{}_c{}", b->name, i);
      }
      names.insert(name);
      // The twin is updated in place: the CB depth chosen for the loaded block is not its own.
      Attrs attrs = b->attrs;
      attrs.erase(keys::kCbDepth);
      map[b.get()] = Buffer::make(name, b->dtype, b->shape, b->scope, attrs, b->loc);
    }
  }

  Stmt visit(const Allocate* op) override {
    auto it = map.find(op->buffer.get());
    if (it == map.end()) {
      return BufferSubstituter::visit(op);
    }
    return Allocate::make(op->buffer, Allocate::make(it->second, mutate(op->body), op->loc),
                          op->loc);
  }
  Stmt visit(const Copy* op) override {
    auto it = map.find(op->dst.buffer.get());
    if (it == map.end() || op->src.buffer->scope != MemScope::kGlobal) {
      return BufferSubstituter::visit(op);
    }
    return SeqStmt::make({Stmt(op), Copy::make(Region::full(op->dst.buffer, op->loc),
                                               Region::full(it->second, op->loc), {}, op->loc)},
                         op->loc);
  }
};

}  // namespace

PrimFunc stage_direct_eltwise(const PrimFunc& f, const NestFilter& only) {
  DirectEltwiseStager stager;
  stager.only = only;
  return stager.mutate(f);
}

PrimFunc twin_loaded_blocks(const PrimFunc& f) {
  TwinLoadedBlocks twins;
  twins.plan(f.body);
  if (twins.map.empty()) {
    return f;
  }
  return twins.mutate(f);
}

}  // namespace tltt::passes
