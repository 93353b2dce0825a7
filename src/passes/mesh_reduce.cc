// The tensor-parallel split of a reduction over a mesh (mesh_reduce.h): find the reduction loop the
// sharded dimensions are walked by, check that the outputs are plain sums over it (so partial sums
// add up to the result), and rewrite the loop, the tensor shapes and the outputs' dtype.
#include "passes/mesh_reduce.h"

#include <fmt/format.h>

#include <fmt/ranges.h>

#include <set>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/mesh_split.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// One access to a tensor parameter, or a write of a local buffer.
struct Access {
  const BufferNode* buffer = nullptr;
  std::vector<Expr> index, extent;
  bool write = false;
  std::vector<const For*> loops;  // the enclosing loops
  const StmtNode* stmt = nullptr;
  Location loc;
};

class Collector : public Visitor {
 public:
  using Visitor::visit;
  std::set<const BufferNode*> params;
  std::set<const Variable*> block_vars;
  std::vector<Access> accesses;  // of parameters, and every write of a local buffer
  std::map<const Variable*, const For*> loop_of;
  VarRanges ranges;

  void enter_stmt(const StmtNode* s) override { stmt_ = s; }
  void visit(const KernelLaunch* op) override {
    for (size_t k = 0; k < op->vars.size(); ++k) {
      block_vars.insert(op->vars[k].get());
      ranges[op->vars[k].get()] = {0, as_const_int(op->extents[k]).value_or(1) - 1};
    }
    visit(op->body);
  }
  void visit(const For* op) override {
    auto lo = bounds(op->min, ranges), n = bounds(op->extent, ranges);
    if (lo && n) {
      ranges[op->var.get()] = {lo->lo, lo->hi + n->hi - 1};
    }
    loop_of[op->var.get()] = op;
    loops_.push_back(op);
    visit(op->body);
    loops_.pop_back();
  }
  void visit(const Copy* op) override {
    region(op->src, false);
    region(op->dst, true);
  }
  void visit(const Gemm* op) override {
    region(op->a, false);
    region(op->b, false);
    region(op->c, true);
  }
  void visit(const Fill* op) override { region(op->dst, true); }
  void visit(const Reduce* op) override {
    region(op->src, false);
    region(op->dst, true);
  }
  void visit(const AtomicAdd* op) override { region(op->dst, true); }
  void visit_region(const Region& r) override { region(r, false); }
  void visit(const BufferLoad* op) override {
    record(op->buffer, op->indices, false, op->loc);
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    record(op->buffer, op->indices, true, stmt_->loc);
    Visitor::visit(op);
  }

 private:
  const StmtNode* stmt_ = nullptr;
  std::vector<const For*> loops_;

  void region(const Region& r, bool write) {
    std::vector<Expr> index, extent;
    for (const Range& g : r.ranges) {
      index.push_back(g.min);
      extent.push_back(g.extent);
    }
    record(r.buffer, index, write, r.loc.known() ? r.loc : stmt_->loc, extent);
  }
  void record(const Buffer& b, const std::vector<Expr>& index, bool write, const Location& loc,
              std::vector<Expr> extent = {}) {
    if (!params.count(b.get()) && !write) {
      return;
    }
    extent.resize(index.size(), cint(1));
    accesses.push_back({b.get(), index, extent, write, loops_, stmt_, loc});
  }
};

bool inside(const Access& a, const For* loop) {
  return std::find(a.loops.begin(), a.loops.end(), loop) != a.loops.end();
}

// The output write `w` (outside the loop) stores the plain sum over `loop`: a T.copy of a local
// accumulator that only T.gemm accumulates into inside the loop, after a T.clear outside it.
bool plain_sum(const Access& w, const For* loop, const std::vector<Access>& all) {
  if (w.stmt->kind != NodeKind::kCopy) {
    return false;
  }
  const auto* copy = static_cast<const Copy*>(w.stmt);
  if (copy->dst.buffer.get() != w.buffer) {
    return false;
  }
  const BufferNode* acc = copy->src.buffer.get();
  bool gemm = false;
  for (const Access& a : all) {
    if (!a.write || a.buffer != acc) {
      continue;
    }
    const auto* g = a.stmt->kind == NodeKind::kGemm ? static_cast<const Gemm*>(a.stmt) : nullptr;
    const auto* fill = a.stmt->kind == NodeKind::kFill ? static_cast<const Fill*>(a.stmt) : nullptr;
    const auto* fzero = fill ? fill->value.as<FloatImm>() : nullptr;
    auto izero = fill ? const_value(fill->value) : std::nullopt;
    const bool zero = (fzero && fzero->value == 0) || (izero && *izero == 0);
    if (g && inside(a, loop) && !g->clear_accum) {
      gemm = true;
    } else if (!(fill && zero && !inside(a, loop))) {
      return false;
    }
  }
  return gemm;
}

class Rewriter : public BufferSubstituter {
 public:
  using BufferSubstituter::visit;
  const For* loop = nullptr;
  Expr extent;
  Stmt visit(const For* op) override {
    if (op != loop) {
      return BufferSubstituter::visit(op);
    }
    return For::make(op->var, op->min, extent, op->for_kind, mutate(op->body), op->num_stages,
                     op->attrs, op->loc);
  }
};

}  // namespace

PrimFunc split_reduction_over_mesh(const PrimFunc& f, PassContext& ctx, MeshPlan* mesh,
                                   const MeshAnnotations& annotations) {
  const auto* launch = f.body.as<KernelLaunch>();
  if (!launch) {
    ctx.error(f.body->loc) << "`with T.Kernel(...)` must be the outermost statement of " << f.name
                           << " to split it over a mesh";
    return f;
  }
  mesh->block_split.assign(launch->vars.size(), 1);  // every device runs the whole grid
  const int64_t n = mesh->devices();
  Collector c;
  for (const Param& p : f.params) {
    if (p.is_buffer()) {
      c.params.insert(p.buffer.get());
    }
  }
  c.visit(f.body);

  // The reduction loop: the one loop every access of every sharded dimension walks.
  const For* loop = nullptr;
  const MeshAnnotation* first = nullptr;
  std::string first_name;
  for (const Param& p : f.params) {
    auto it = p.is_buffer() ? annotations.find(p.buffer->name) : annotations.end();
    if (it == annotations.end() || !it->second.dim) {
      continue;
    }
    const size_t j = static_cast<size_t>(*it->second.dim);
    for (const Access& a : c.accesses) {
      if (a.buffer != p.buffer.get()) {
        continue;
      }
      const For* walk = nullptr;
      for (const auto& [var, l] : c.loop_of) {
        walk = uses_var(a.index[j], var) ? l : walk;
      }
      std::string block;
      for (const Variable* b : c.block_vars) {
        block = uses_var(a.index[j], b) ? b->name : block;
      }
      auto aff = walk ? affine_in(a.index[j], walk->var.get()) : std::nullopt;
      auto rest = aff ? bounds(aff->rest, c.ranges) : std::nullopt;
      auto ext = const_value(a.extent[j]);
      if (!block.empty() || !aff || aff->coef <= 0 || !rest || !ext || rest->lo < 0 ||
          rest->hi + *ext > aff->coef) {
        auto err = ctx.error(a.loc);
        err << fmt::format(
            "dimension {} of '{}' is sharded over the mesh but indexed here by `{}`: a sharded "
            "dimension must be walked by a reduction loop as `k * c + r` (0 <= r, "
            "r + extent <= c)",
            j, p.buffer->name, print(a.index[j]));
        if (!block.empty()) {
          err << fmt::format(
              "; `{}` is a block index, and the split of the block grid is chosen by the "
              "compiler (leave this tensor unannotated)",
              block);
        }
        err.note(it->second.loc, "the mesh annotation");
        return f;
      }
      if (loop && walk != loop) {
        ctx.error(a.loc) << fmt::format(
            "'{}' is sharded along the loop `{}`, but '{}' along `{}`: the sharded dimensions "
            "must all be walked by one reduction loop",
            p.buffer->name, walk->var->name, first_name, loop->var->name);
        return f;
      }
      auto shape = as_const_int(p.buffer->shape[j]);
      auto trips = const_value(walk->extent);
      auto lo = const_value(walk->min);
      if (!shape || !trips || !lo || *lo != 0 || aff->coef * *trips != *shape) {
        ctx.error(a.loc) << fmt::format(
            "the loop `{}` walks dimension {} of '{}' ({} elements) in steps of {}, but its "
            "iterations do not cover the dimension exactly from 0",
            walk->var->name, j, p.buffer->name, print(p.buffer->shape[j]), aff->coef);
        return f;
      }
      loop = walk;
      first = first ? first : &it->second;
      first_name = first_name.empty() ? p.buffer->name : first_name;
    }
  }
  if (!loop) {
    ctx.error(first ? first->loc : f.body->loc) << "no access walks the sharded dimension";
    return f;
  }
  const int64_t trips = *const_value(loop->extent);
  if (trips % n != 0) {
    ctx.error(loop->loc) << fmt::format(
        "the reduction loop `{}` has {} iterations, which cannot be split evenly over the {} "
        "devices of the {}x{} mesh (uneven splits are not supported yet)",
        loop->var->name, trips, n, mesh->rows, mesh->cols);
    return f;
  }

  // Every tensor the loop indexes is cut along the dimension it walks; the outputs, written
  // after the loop, become partial sums.
  Rewriter r;
  r.loop = loop;
  r.extent = cint(trips / n, loop->extent.loc());
  std::vector<std::string> parts;
  for (const Param& p : f.params) {
    if (!p.is_buffer()) {
      continue;
    }
    const Buffer& t = p.buffer;
    std::vector<int64_t> dims(t.rank(), -1);
    bool written = false, read = false;
    const Access* w = nullptr;
    for (const Access& a : c.accesses) {
      if (a.buffer != t.get()) {
        continue;
      }
      written |= a.write;
      read |= !a.write;
      w = a.write && !w ? &a : w;
      for (size_t j = 0; j < a.index.size(); ++j) {
        dims[j] = uses_var(a.index[j], loop->var.get()) ? kMeshDevices : dims[j];
      }
      if (a.write && inside(a, loop)) {
        ctx.error(a.loc) << fmt::format(
            "'{}' is written inside the reduction loop `{}`, which is split over the devices of "
            "the mesh: only the sum over the whole loop is defined",
            t->name, loop->var->name);
        return f;
      }
    }
    auto ann = annotations.find(t->name);
    bool split = std::count(dims.begin(), dims.end(), kMeshDevices) > 0;
    if (split && ann != annotations.end() && !ann->second.dim) {
      ctx.error(ann->second.loc) << fmt::format(
          "'{}' is annotated replicated, but the reduction loop `{}` split over the mesh walks "
          "it: each device reads only its part",
          t->name, loop->var->name);
      return f;
    }
    std::vector<Expr> shape = t->shape;
    for (size_t j = 0; j < dims.size(); ++j) {
      if (dims[j] == kMeshDevices) {
        shape[j] = cint(*as_const_int(t->shape[j]) / n, t->shape[j].loc());
        parts.push_back(fmt::format("'{}' dim {} split", t->name, j));
      }
    }
    if (split) {
      r.map[t.get()] = Buffer::make(t->name, t->dtype, shape, t->scope,
                                    t->attrs.with(kMeshDimsAttr, dims), t->loc);
      continue;
    }
    if (!written) {
      continue;  // replicated input
    }
    if (read || !plain_sum(*w, loop, c.accesses)) {
      ctx.error(w->loc) << fmt::format(
          "'{}' is written here from partial results: with the reduction loop `{}` split over "
          "the devices of the mesh, each device holds a partial sum, and the compiler inserts an "
          "all-reduce only for a plain sum (the T.gemm accumulator, cleared before the loop, "
          "copied out unchanged); an epilogue would apply to each partial sum",
          t->name, loop->var->name);
      return f;
    }
    if (t->dtype != DataType::float32() && t->dtype != DataType::bfloat16()) {
      ctx.error(w->loc) << fmt::format(
          "'{}' is a {} output of a reduction split over the mesh: the all-reduced partial "
          "sums are converted to bfloat16 or float32 outputs only",
          t->name, t->dtype.str());
      return f;
    }
    if (buffer_tiles(t) % n != 0) {
      ctx.error(w->loc) << fmt::format(
          "'{}' has {} tiles, which the all-reduce over the {} devices cannot cut into equal "
          "chunks",
          t->name, buffer_tiles(t), n);
      return f;
    }
    r.map[t.get()] = Buffer::make(t->name, DataType::float32(), t->shape, t->scope,
                                  t->attrs.with(kMeshPartialAttr, t->dtype.str()), t->loc);
    parts.push_back(
        fmt::format("'{}' float32 partial sums on every device, all-reduced after "
                    "the kernel",
                    t->name));
  }
  ctx.remark(loop->loc, "mesh") << fmt::format(
      "the reduction loop `{}` ({} iterations) is split over the {} devices of the {}x{} mesh, "
      "{} each; the block grid is not split: {}",
      loop->var->name, trips, n, mesh->rows, mesh->cols, trips / n, fmt::join(parts, "; "));
  return mutate_with_params(r, f);
}

}  // namespace tltt::passes
