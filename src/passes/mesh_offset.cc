// The split by block offsets (mesh_offset.h): the devices' block ranges, and the check, from
// every write to a tensor parameter, that each element of an output belongs to one block.
#include "passes/mesh_offset.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "passes/mesh_access.h"
#include "passes/mesh_halo.h"
#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

namespace {

struct Ownership {
  std::vector<int64_t> dims, sizes;  // TensorPlan::mesh_block_dims, mesh_block_sizes
};

// Per tensor `f` writes: which block index addresses each dimension, in blocks of which size;
// located errors for writes whose elements do not belong to one block.
std::map<const BufferNode*, Ownership> ownership(const PrimFunc& f, const KernelLaunch* launch,
                                                 const std::vector<int64_t>& extents,
                                                 PassContext& ctx) {
  // Every block index of a dimension with several blocks tells devices apart.
  mesh::AccessCollector c;
  c.ctx = &ctx;
  c.writes_only = true;
  for (size_t k = 0; k < extents.size(); ++k) {
    if (extents[k] > 1) {
      c.split[launch->vars[k].get()] = static_cast<int>(k);
    }
  }
  for (const Param& p : f.params) {
    if (p.is_buffer()) {
      c.params.insert(p.buffer.get());
    }
  }
  std::map<const BufferNode*, Ownership> owned;
  c.visit(f.body);
  if (ctx.failed()) {
    return owned;
  }
  for (const Param& p : f.params) {
    if (!p.is_buffer() || c.accesses[p.buffer.get()].empty()) {
      continue;
    }
    const std::vector<mesh::Access>& acc = c.accesses[p.buffer.get()];
    const Buffer& t = p.buffer;
    std::vector<int64_t> dims(t.rank(), -1), sizes(t.rank(), 0);
    for (const mesh::Access& a : acc) {
      if (a.k >= 0 && dims[a.dim] < 0) {
        dims[a.dim] = a.k;
        sizes[a.dim] = a.coef;
      }
    }
    bool ok = true;
    for (const mesh::Access& a : acc) {
      if (a.k != dims[a.dim] || (a.k >= 0 && a.coef != sizes[a.dim])) {
        const Var& v = launch->vars[dims[a.dim] >= 0 ? dims[a.dim] : a.k];
        ctx.error(a.loc) << fmt::format(
            "dimension {} of '{}' is written by the blocks of `{}` (as `{} * {}`), but this write "
            "indexes it differently: on a mesh, each element of an output must belong to one "
            "block, so that it is taken from the device that ran that block",
            a.dim, t->name, v->name, v->name, sizes[a.dim] ? sizes[a.dim] : a.coef);
        ok = false;
        break;
      }
    }
    for (size_t k = 0; k < extents.size() && ok; ++k) {
      const int64_t uses = std::count(dims.begin(), dims.end(), static_cast<int64_t>(k));
      if (extents[k] > 1 && uses != 1) {
        ctx.error(acc.front().loc) << fmt::format(
            "'{}' is written but {} by the block index `{}`: on a mesh each device runs a range "
            "of the blocks, so an output must be addressed by every block index (in one "
            "dimension) for each element to belong to one block",
            t->name, uses ? "indexes more than one dimension" : "not indexed",
            launch->vars[k]->name);
        ok = false;
      }
    }
    if (!ok) {
      continue;
    }
    owned[t.get()] = {dims, sizes};
  }
  return owned;
}

// Device d's range of the grid's `blocks` block ids: equal counts, the first ones one more.
void assign_ranges(int64_t blocks, MeshPlan* mesh) {
  mesh->block_offsets.clear();
  mesh->block_counts.clear();
  for (int64_t d = 0, at = 0; d < mesh->devices(); ++d) {
    const int64_t n = blocks / mesh->devices() + (d < blocks % mesh->devices() ? 1 : 0);
    mesh->block_offsets.push_back(at);
    mesh->block_counts.push_back(n);
    at += n;
  }
}

}  // namespace

PrimFunc split_by_offsets(const PrimFunc& f, PassContext& ctx, MeshPlan* mesh) {
  const KernelLaunch* launch = f.body.as<KernelLaunch>();
  if (!launch) {
    ctx.error(f.body->loc) << "`with T.Kernel(...)` must be the outermost statement of " << f.name
                           << " to split it over a mesh";
    return f;
  }
  std::vector<int64_t> extents;
  int64_t blocks = 1;
  for (const Expr& e : launch->extents) {
    auto c = as_const_int(e);
    if (!c) {
      ctx.error(launch->loc) << "the T.Kernel grid must have constant extents to be split over a "
                                "mesh";
      return f;
    }
    extents.push_back(*c);
    blocks *= *c;
  }
  const int64_t devices = mesh->devices();
  if (blocks < devices) {
    auto err = ctx.error(launch->loc);
    err << fmt::format(
        "the T.Kernel grid has {} blocks, fewer than the {} devices of the {}x{} mesh: every "
        "device needs at least one block",
        blocks, devices, mesh->rows, mesh->cols);
    // Fix-it: the largest part of the mesh (fewest rows among equals) with a block per device.
    int64_t best_r = 1, best_c = 1;
    for (int64_t r = 1; r <= mesh->rows; ++r) {
      for (int64_t c = 1; c <= mesh->cols; ++c) {
        if (r * c <= blocks && r * c > best_r * best_c) {
          best_r = r, best_c = c;
        }
      }
    }
    err.note(launch->loc, fmt::format("try `--mesh {}x{}`: the grid's {} blocks give each of its "
                                      "{} devices at least one",
                                      best_r, best_c, blocks, best_r * best_c));
    return f;
  }

  std::map<const BufferNode*, Ownership> owned = ownership(f, launch, extents, ctx);
  if (ctx.failed()) {
    return f;
  }
  std::vector<std::string> outputs;
  for (const Param& p : f.params) {
    if (p.is_buffer() && owned.count(p.buffer.get())) {
      outputs.push_back(fmt::format("'{}'", p.buffer->name));
    }
  }
  mesh->block_split.assign(extents.size(), 1);
  assign_ranges(blocks, mesh);
  ctx.remark(launch->loc, "mesh") << fmt::format(
      "the block grid is split over the {} devices of the {}x{} mesh by block offsets: its {} "
      "blocks do not split into equal chunks each device's blocks read only from, so every "
      "device runs its own range of block ids (offsets {}, counts {}, per-device runtime "
      "arguments; devices in snake order over the mesh) on the whole tensors (inputs "
      "replicated, or sharded by rows with a halo exchange: remark `work-partition.halo`); {} "
      "taken from the device that wrote each block",
      devices, mesh->rows, mesh->cols, blocks, fmt::join(mesh->block_offsets, ", "),
      fmt::join(mesh->block_counts, ", "), fmt::join(outputs, ", "));
  return f;
}

bool assign_blocks_by_offsets(const PrimFunc& f, const KernelLaunch* launch,
                              const std::vector<int64_t>& extents, PassContext& ctx,
                              DevicePlan& plan) {
  std::map<const BufferNode*, Ownership> owned = ownership(f, launch, extents, ctx);
  if (ctx.failed()) {
    return false;
  }
  for (const Param& p : f.params) {
    auto it = p.is_buffer() ? owned.find(p.buffer.get()) : owned.end();
    TensorPlan* t = it == owned.end() ? nullptr : plan.find_tensor(p.buffer->name);
    if (t) {
      t->mesh_block_dims = it->second.dims;
      t->mesh_block_sizes = it->second.sizes;
    }
  }
  int64_t blocks = 1;
  for (int64_t e : extents) {
    blocks *= e;
  }
  if (blocks < plan.mesh->devices()) {
    ctx.error(launch->loc) << fmt::format(
        "the T.Kernel grid has {} blocks after the work decomposition, fewer than the {} "
        "devices of the mesh: every device needs at least one block (smaller blocks, or "
        "`--disable-pass work-decomposition`)",
        blocks, plan.mesh->devices());
    return false;
  }
  assign_ranges(blocks, &*plan.mesh);
  return plan_halos(f, launch, extents, ctx, plan);
}

}  // namespace tltt::passes
