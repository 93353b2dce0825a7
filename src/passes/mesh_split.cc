// The split of a kernel over a mesh (mesh_split.h): choose the parts of the T.Kernel grid, find
// from every tensor access which tensor dimension each split block index addresses, check that
// the per-device kernel computes exactly its chunk, and rewrite the grid and the tensor shapes.
#include "passes/mesh_split.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

// One dimension of one access to a tensor parameter.
struct Access {
  size_t dim = 0;
  int k = -1;        // the split T.Kernel dimension its index follows, -1 for none
  int64_t coef = 0;  // the index is `coef * b_k + r`
  bool write = false;
  Location loc;
};

// Collects every access to the tensor parameters and reports the uses of split block indices
// the per-device kernel could not serve.
class AccessCollector : public Visitor {
 public:
  using Visitor::visit;
  PassContext* ctx = nullptr;
  std::map<const Variable*, int> split;  // split block index -> T.Kernel dimension
  std::set<const BufferNode*> params;
  std::map<const BufferNode*, std::vector<Access>> accesses;
  VarRanges ranges;

  void enter_stmt(const StmtNode* s) override { loc_ = s->loc; }

  void visit(const KernelLaunch* op) override {
    for (size_t k = 0; k < op->vars.size(); ++k) {
      ranges[op->vars[k].get()] = {0, as_const_int(op->extents[k]).value_or(1) - 1};
    }
    visit(op->body);
  }
  void visit(const For* op) override {
    visit(op->min);
    visit(op->extent);
    auto lo = bounds(op->min, ranges), n = bounds(op->extent, ranges);
    if (lo && n) {
      ranges[op->var.get()] = {lo->lo, lo->hi + n->hi - 1};
    }
    visit(op->body);
  }
  void visit(const LetStmt* op) override {
    visit(op->value);
    if (auto b = bounds(op->value, ranges)) {
      ranges[op->var.get()] = *b;
    }
    visit(op->body);
  }
  void visit(const Variable* op) override {
    if (auto it = split.find(op); it != split.end() && reported_.insert(op).second) {
      ctx->error(loc_) << fmt::format(
          "the block index `{}` is split over the devices of the mesh but used here outside a "
          "tensor index of the form `{} * c + r`: each device's kernel sees only its own part "
          "of the block grid",
          op->name, op->name);
    }
  }

  void visit(const Copy* op) override {
    visit_region(op->src);
    write(op->dst);
  }
  void visit(const Gemm* op) override {
    visit_region(op->a);
    visit_region(op->b);
    write(op->c);
  }
  void visit(const Fill* op) override {
    write(op->dst);
    visit(op->value);
  }
  void visit(const Reduce* op) override {
    visit_region(op->src);
    write(op->dst);
  }
  void visit(const AtomicAdd* op) override {
    write(op->dst);
    visit(op->value);
  }
  void visit_region(const Region& r) override {
    if (!params.count(r.buffer.get())) {
      Visitor::visit_region(r);
      return;
    }
    for (size_t d = 0; d < r.ranges.size(); ++d) {
      index(r.buffer, d, r.ranges[d].min, r.ranges[d].extent, r.loc.known() ? r.loc : loc_);
    }
  }
  void visit(const BufferLoad* op) override {
    if (!params.count(op->buffer.get())) {
      Visitor::visit(op);
      return;
    }
    for (size_t d = 0; d < op->indices.size(); ++d) {
      index(op->buffer, d, op->indices[d], cint(1), op->loc.known() ? op->loc : loc_);
    }
  }
  void visit(const BufferStore* op) override {
    if (!params.count(op->buffer.get())) {
      Visitor::visit(op);
      return;
    }
    writing_ = true;
    for (size_t d = 0; d < op->indices.size(); ++d) {
      index(op->buffer, d, op->indices[d], cint(1), loc_);
    }
    writing_ = false;
    visit(op->value);
  }

 private:
  Location loc_;
  bool writing_ = false;
  std::set<const Variable*> reported_;

  void write(const Region& r) {
    writing_ = true;
    visit_region(r);
    writing_ = false;
  }

  // Dimension d of an access to `t` at `index` with `extent` elements.
  void index(const Buffer& t, size_t d, const Expr& index, const Expr& extent, Location loc) {
    Access a{d, -1, 0, writing_, loc};
    const Variable* v = nullptr;
    for (const auto& [var, k] : split) {
      if (!uses_var(index, var)) {
        continue;
      }
      if (v) {
        ctx->error(loc) << fmt::format(
            "dimension {} of '{}' is indexed by `{}`, which mixes the block indices `{}` and "
            "`{}`; both are split over the devices of the mesh",
            d, t->name, print(index), v->name, var->name);
        return;
      }
      v = var;
      a.k = k;
    }
    if (!v) {
      visit(index);
      visit(extent);
      accesses[t.get()].push_back(a);
      return;
    }
    auto aff = affine_in(index, v);
    auto rest = aff ? bounds(aff->rest, ranges) : std::nullopt;
    auto ext = const_value(extent);
    if (!aff || aff->coef <= 0 || !rest || !ext || rest->lo < 0 || rest->hi + *ext > aff->coef) {
      ctx->error(loc) << fmt::format(
          "dimension {} of '{}' is indexed by `{}`: a block index split over the devices of the "
          "mesh must index a tensor as `{} * c + r` with the access inside one block "
          "(0 <= r, r + extent <= c), so that each device reads and writes only its own chunk",
          d, t->name, print(index), v->name);
      return;
    }
    a.coef = aff->coef;
    accesses[t.get()].push_back(a);
  }
};

// The parts of each T.Kernel dimension, outermost first: a dimension is split whole (one block
// index per device) before the next one inward is split, so that each device's blocks are one
// contiguous range of block ids. nullopt when the grid does not divide evenly.
std::optional<std::vector<int64_t>> choose_split(const std::vector<int64_t>& extents,
                                                 int64_t devices) {
  std::vector<int64_t> parts(extents.size(), 1);
  int64_t left = devices;
  for (size_t k = extents.size(); k-- > 0 && left > 1;) {
    if (extents[k] % left == 0) {
      parts[k] = left;
      left = 1;
    } else if (left % extents[k] == 0) {
      parts[k] = extents[k];
      left /= extents[k];
    } else {
      return std::nullopt;
    }
  }
  return left == 1 ? std::optional(parts) : std::nullopt;
}

class Rewriter : public BufferSubstituter {
 public:
  using BufferSubstituter::visit;
  std::vector<Expr> extents;
  Stmt visit(const KernelLaunch* op) override {
    return KernelLaunch::make(extents, op->vars, op->attrs, mutate(op->body), op->loc);
  }
};

}  // namespace

PrimFunc split_over_mesh(const PrimFunc& f, PassContext& ctx, MeshPlan* mesh) {
  const KernelLaunch* launch = f.body.as<KernelLaunch>();
  if (!launch) {
    ctx.error(f.body->loc) << "`with T.Kernel(...)` must be the outermost statement of " << f.name
                           << " to split it over a mesh";
    return f;
  }
  std::vector<int64_t> extents;
  for (const Expr& e : launch->extents) {
    auto c = as_const_int(e);
    if (!c) {
      ctx.error(launch->loc) << "the T.Kernel grid must have constant extents to be split over a "
                                "mesh";
      return f;
    }
    extents.push_back(*c);
  }
  auto parts = choose_split(extents, mesh->devices());
  if (!parts) {
    std::vector<std::string> dims;
    for (size_t k = extents.size(); k-- > 0;) {
      dims.push_back(fmt::format("`{}` {}", launch->vars[k]->name, extents[k]));
    }
    int64_t blocks = 1;
    for (int64_t e : extents) {
      blocks *= e;
    }
    auto err = ctx.error(launch->loc);
    err << fmt::format(
        "the T.Kernel grid ({}, outermost first) cannot be split evenly over the {} devices of "
        "the {}x{} mesh: each device needs an equal, contiguous part of the blocks (the "
        "outermost dimension divided by the device count, or fully split with the rest of the "
        "devices dividing the next dimension)",
        fmt::join(dims, ", "), mesh->devices(), mesh->rows, mesh->cols);
    // Fix-it: the largest part of the mesh (fewest rows among equals) the grid splits over.
    int64_t best_r = 0, best_c = 0;
    for (int64_t r = 1; r <= mesh->rows; ++r) {
      for (int64_t c = 1; c <= mesh->cols; ++c) {
        if (r * c > std::max<int64_t>(best_r * best_c, 1) && choose_split(extents, r * c)) {
          best_r = r, best_c = c;
        }
      }
    }
    if (best_r > 0) {
      err.note(launch->loc, fmt::format("try `--mesh {}x{}`: the grid's {} blocks split evenly "
                                        "over its {} devices",
                                        best_r, best_c, blocks, best_r * best_c));
    }
    return f;
  }
  mesh->block_split = *parts;
  if (mesh->devices() == 1) {
    return f;
  }

  AccessCollector c;
  c.ctx = &ctx;
  for (size_t k = 0; k < parts->size(); ++k) {
    if ((*parts)[k] > 1) {
      c.split[launch->vars[k].get()] = static_cast<int>(k);
    }
  }
  for (const Param& p : f.params) {
    if (p.is_buffer()) {
      c.params.insert(p.buffer.get());
    }
  }
  c.visit(f.body);
  if (ctx.failed()) {
    return f;
  }

  // Per tensor: the split dimension each dimension follows; every access must agree.
  Rewriter r;
  for (size_t k = 0; k < extents.size(); ++k) {
    r.extents.push_back(cint(extents[k] / (*parts)[k], launch->extents[k].loc()));
  }
  std::vector<std::string> chunks;
  for (const Param& p : f.params) {
    if (!p.is_buffer()) {
      continue;
    }
    const Buffer& t = p.buffer;
    std::vector<int64_t> dims(t.rank(), -1);
    std::vector<int64_t> coef(t.rank(), 0);
    const std::vector<Access>& acc = c.accesses[t.get()];
    for (const Access& a : acc) {
      if (a.k >= 0) {
        dims[a.dim] = a.k;
        coef[a.dim] = a.coef;
      }
    }
    bool ok = true;
    for (const Access& a : acc) {
      if (a.k != dims[a.dim] || a.coef != coef[a.dim]) {
        const Var& v = launch->vars[dims[a.dim] >= 0 ? dims[a.dim] : a.k];
        ctx.error(a.loc) << fmt::format(
            "dimension {} of '{}' is split over the devices of the mesh by the block index "
            "`{}` (as `{} * {}`), but this access indexes it differently: every access must "
            "follow the same split",
            a.dim, t->name, v->name, v->name, coef[a.dim] ? coef[a.dim] : a.coef);
        ok = false;
        break;
      }
    }
    std::set<int64_t> seen;
    std::vector<Expr> shape = t->shape;
    for (size_t j = 0; j < dims.size() && ok; ++j) {
      if (dims[j] < 0) {
        continue;
      }
      int64_t k = dims[j];
      const std::string& name = launch->vars[k]->name;
      auto n = as_const_int(t->shape[j]);
      if (!seen.insert(k).second || !n || *n != coef[j] * extents[k]) {
        ctx.error(t->loc) << fmt::format(
            "dimension {} of '{}' ({} elements) cannot be split over the devices by `{}`: its "
            "{} blocks of {} must cover the dimension exactly, and `{}` may index only one "
            "dimension of a tensor",
            j, t->name, n ? std::to_string(*n) : print(t->shape[j]), name, extents[k], coef[j],
            name);
        ok = false;
        break;
      }
      shape[j] = cint(*n / (*parts)[k], t->shape[j].loc());
    }
    bool written = false;
    for (const Access& a : acc) {
      written |= a.write;
    }
    for (size_t k = 0; k < parts->size() && ok && written; ++k) {
      if ((*parts)[k] > 1 && !seen.count(static_cast<int64_t>(k))) {
        const Access* w = nullptr;
        for (const Access& a : acc) {
          w = a.write && !w ? &a : w;
        }
        ctx.error(w->loc) << fmt::format(
            "'{}' is written but not indexed by the block index `{}`, which is split over the "
            "devices of the mesh: devices with different parts of `{}` would each write part of "
            "the same chunk",
            t->name, launch->vars[k]->name, launch->vars[k]->name);
        ok = false;
      }
    }
    if (!ok || seen.empty()) {
      chunks.push_back(fmt::format("'{}' replicated", t->name));
      continue;
    }
    std::vector<std::string> by;
    for (size_t j = 0; j < dims.size(); ++j) {
      if (dims[j] >= 0) {
        by.push_back(fmt::format("dim {} by `{}`", j, launch->vars[dims[j]]->name));
      }
    }
    chunks.push_back(fmt::format("'{}' split ({})", t->name, fmt::join(by, ", ")));
    r.map[t.get()] = Buffer::make(t->name, t->dtype, shape, t->scope,
                                  t->attrs.with(kMeshDimsAttr, dims), t->loc);
  }
  if (ctx.failed()) {
    return f;
  }
  std::vector<std::string> split;
  for (size_t k = extents.size(); k-- > 0;) {
    if ((*parts)[k] > 1) {
      split.push_back(fmt::format("`{}` {} -> {} x {}", launch->vars[k]->name, extents[k],
                                  (*parts)[k], extents[k] / (*parts)[k]));
    }
  }
  ctx.remark(launch->loc, "mesh") << fmt::format(
      "the block grid is split over the {} devices of the {}x{} mesh ({}; each device a "
      "contiguous range of block ids): {}",
      mesh->devices(), mesh->rows, mesh->cols, fmt::join(split, ", "), fmt::join(chunks, "; "));
  return mutate_with_params(r, f);
}

}  // namespace tltt::passes
