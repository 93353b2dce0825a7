// The split of a kernel over a mesh (mesh_split.h): choose the parts of the T.Kernel grid, find
// from every tensor access which tensor dimension each split block index addresses, check that
// the per-device kernel computes exactly its chunk, and rewrite the grid and the tensor shapes.
#include "passes/mesh_split.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/mesh_access.h"
#include "passes/mesh_offset.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

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

// The split into equal chunks (the header's contract); errors go to `ctx`.
PrimFunc split_into_chunks(const PrimFunc& f, PassContext& ctx, MeshPlan* mesh) {
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
    // Split by block offsets instead (split_over_mesh); this error stays on its scratch engine.
    ctx.error(launch->loc) << "the T.Kernel grid does not split into equal, contiguous parts";
    return f;
  }
  mesh->block_split = *parts;
  if (mesh->devices() == 1) {
    return f;
  }

  mesh::AccessCollector c;
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
    const std::vector<mesh::Access>& acc = c.accesses[t.get()];
    for (const mesh::Access& a : acc) {
      if (a.k >= 0) {
        dims[a.dim] = a.k;
        coef[a.dim] = a.coef;
      }
    }
    bool ok = true;
    for (const mesh::Access& a : acc) {
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
    for (const mesh::Access& a : acc) {
      written |= a.write;
    }
    for (size_t k = 0; k < parts->size() && ok && written; ++k) {
      if ((*parts)[k] > 1 && !seen.count(static_cast<int64_t>(k))) {
        const mesh::Access* w = nullptr;
        for (const mesh::Access& a : acc) {
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

}  // namespace

PrimFunc split_over_mesh(const PrimFunc& f, PassContext& ctx, MeshPlan* mesh) {
  // The chunk split first, on a scratch diagnostic engine: it keeps each device's tensors to
  // its own chunks. What it cannot serve (an uneven grid, blocks reading their neighbours'
  // rows, block indices in arithmetic) is split by block offsets instead, whose own limits are
  // the errors reported.
  DiagnosticEngine scratch;
  scratch.set_handler([](const Diagnostic&) {});
  PassContext trial = ctx;
  trial.diag = &scratch;
  MeshPlan chunks = *mesh;
  split_into_chunks(f, trial, &chunks);
  if (!scratch.has_errors()) {
    return split_into_chunks(f, ctx, mesh);  // again, for its remark
  }
  return split_by_offsets(f, ctx, mesh);
}

}  // namespace tltt::passes
