// The split of a kernel over a mesh (mesh_split.h): choose the parts of the T.Kernel grid, find
// from every tensor access which tensor dimension each split block index addresses, check that
// the per-device kernel computes exactly its chunk, and rewrite the grid and the tensor shapes.
#include "passes/mesh_split.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "ir/printer.h"
#include "ir/visitor.h"
#include "passes/layout_spec.h"
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

std::optional<Attrs> chunk_shard_layout(const Buffer& chunk, const Attrs& raw, const Location& loc,
                                        PassContext& ctx, const MeshPlan& mesh) {
  const AttrValue* nd = raw.find("nd_shard");
  if (raw.get_string("layout", "interleaved") != "sharded" || !nd || !nd->is_dict()) {
    return raw;
  }
  const std::string mesh_text = fmt::format("{}x{} mesh", mesh.rows, mesh.cols);
  const AttrValue* dims_attr = chunk->attrs.find(kMeshDimsAttr);
  if (mesh.by_offsets()) {
    // Every device holds the whole tensor and runs blocks anywhere in it: its blocks are not
    // local to shards of its own.
    ctx.error(loc) << "tensor '" << chunk->name << "' is sharded over the cores, but the "
                   << mesh_text
                   << " splits this kernel by block offsets (every device holds the whole tensor "
                      "and runs its own range of block ids): sharded storages are served only by "
                      "the chunk split; use an interleaved layout";
    return std::nullopt;
  }
  if (!dims_attr) {
    return raw;  // replicated: every device shards the whole tensor as one device does
  }
  const std::vector<int64_t> dims = dims_attr->as_int_list();
  const Attrs& s = nd->as_dict();
  auto axes = s.find("axes") ? as_ints(*s.find("axes")) : std::nullopt;
  auto grid = s.find("grid") ? as_ints(*s.find("grid")) : std::nullopt;
  if (!axes || !grid || axes->size() != grid->size()) {
    return raw;  // normalize_layout reports the malformed annotation
  }
  std::optional<std::vector<int64_t>> given;
  if (const AttrValue* se = s.find("shard_shape_elems")) {
    given = as_ints(*se);
    if (!given || given->size() != axes->size()) {
      return raw;
    }
  }
  std::vector<int64_t> shard(axes->size()), chunk_grid = *grid;
  bool cut = false;
  for (size_t i = 0; i < axes->size(); ++i) {
    const int64_t ax = (*axes)[i];
    if (ax < 0 || ax >= static_cast<int64_t>(dims.size()) || (*grid)[i] <= 0) {
      return raw;
    }
    const int64_t extent = as_const_int(chunk->shape[ax]).value_or(0);
    if (dims[ax] == kMeshDevices) {
      ctx.error(loc) << "tensor '" << chunk->name << "' is sharded over the cores, but its axis "
                     << ax << " is a reduction dimension sharded over the devices of the "
                     << mesh_text << " (tensor parallelism): not served yet; use an interleaved "
                     << "layout";
      return std::nullopt;
    }
    const int64_t parts = dims[ax] >= 0 ? mesh.block_split[dims[ax]] : 1;
    const int64_t whole = extent * parts;
    shard[i] = given ? (*given)[i] : whole / (*grid)[i];
    if (parts == 1) {
      continue;
    }
    cut = true;
    if (s.has("halo") || raw.has("halo")) {
      ctx.error(loc) << "tensor '" << chunk->name << "' declares a halo between its shards, but "
                     << "the " << mesh_text << " cuts its axis " << ax
                     << " between devices: a halo across devices is not served; declare none, or "
                     << "leave the tensor interleaved in DRAM (the mesh exchanges row halos of "
                     << "such inputs itself)";
      return std::nullopt;
    }
    if (whole % (*grid)[i] != 0 && !given) {
      return raw;  // shards that do not tile the tensor: normalize_layout's error
    }
    if (shard[i] <= 0 || extent % shard[i] != 0) {
      ctx.error(loc) << fmt::format(
          "tensor '{}' is split over the devices of the {}: each device holds {} of the {} "
          "elements of axis {}, which is not a whole number of its shards of {} (grid {}); "
          "use a grid along axis {} that is a multiple of {}, the devices along it",
          chunk->name, mesh_text, extent, whole, ax, shard[i], (*grid)[i], ax, parts);
      return std::nullopt;
    }
    chunk_grid[i] = extent / shard[i];
  }
  if (!cut) {
    return raw;
  }
  std::vector<int64_t> extents;
  int64_t cores = 1;
  for (const Expr& e : chunk->shape) {
    extents.push_back(as_const_int(e).value_or(0));
  }
  for (int64_t g : chunk_grid) {
    cores *= g;
  }
  Attrs fixed = s;
  fixed.set("grid", chunk_grid);
  fixed.set("shard_shape_elems", shard);
  Attrs out = raw;
  out.set("nd_shard", AttrValue(fixed));
  ctx.remark(loc, "mesh") << fmt::format(
      "tensor '{}': each device of the {} shards its chunk [{}] over {} of its cores, shards of "
      "[{}] elements along axes [{}] (the whole tensor's grid [{}])",
      chunk->name, mesh_text, fmt::join(extents, ", "), cores, fmt::join(shard, ", "),
      fmt::join(*axes, ", "), fmt::join(*grid, ", "));
  return out;
}

}  // namespace tltt::passes
