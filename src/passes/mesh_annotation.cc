// The mesh field of the layout language (mesh_reduce.h): `"replicated"` or
// `{"dim": d, "axes": [...]}` on a tensor, read from T.annotate_layout and --layout before the
// kernel is split over the mesh, and the check of replicated tensors after the block split.
#include "passes/mesh_reduce.h"

#include <fmt/format.h>

#include <fmt/ranges.h>

#include <set>

#include "ir/visitor.h"
#include "passes/layout_spec.h"
#include "passes/mesh_split.h"

namespace tltt::passes {

using namespace ir;

namespace {
// A `mesh` field: "replicated" or {"dim": d, "axes": [...]} (axes default to every mesh axis).
std::optional<MeshAnnotation> parse_mesh(const AttrValue& v, const Buffer& t, const Location& loc,
                                         const MeshPlan& mesh, PassContext& ctx) {
  MeshAnnotation a{std::nullopt, {}, loc};
  if (v.is_string() && v.as_string() == "replicated") {
    return a;
  }
  const AttrValue* dim = v.is_dict() ? v.as_dict().find("dim") : nullptr;
  const AttrValue* axes = v.is_dict() ? v.as_dict().find("axes") : nullptr;
  auto d = dim ? as_ints(*dim) : std::nullopt;
  auto ax = axes ? as_ints(*axes) : std::optional(std::vector<int64_t>{0, 1});
  if (!d || d->size() != 1 || !ax) {
    ctx.error(loc) << "the mesh layout of '" << t->name << "' is " << v.str()
                   << "; write \"replicated\" or {\"dim\": d, \"axes\": [0, 1]} (tensor "
                      "dimension d cut into equal chunks over the devices of those mesh axes)";
    return std::nullopt;
  }
  a.dim = d->front();
  a.axes = *ax;
  std::set<int64_t> seen(ax->begin(), ax->end());
  if (*a.dim < 0 || *a.dim >= static_cast<int64_t>(t.rank()) || ax->empty() ||
      seen.size() != ax->size() || *seen.begin() < 0 || *seen.rbegin() > 1) {
    ctx.error(loc) << fmt::format(
        "the mesh layout of '{}' shards dimension {} over mesh axes [{}]: the tensor has {} "
        "dimensions and the mesh two axes, 0 (its {} rows) and 1 (its {} columns)",
        t->name, *a.dim, fmt::join(*ax, ", "), t.rank(), mesh.rows, mesh.cols);
    return std::nullopt;
  }
  int64_t covered = (seen.count(0) ? mesh.rows : 1) * (seen.count(1) ? mesh.cols : 1);
  if (covered != mesh.devices()) {
    ctx.error(loc) << fmt::format(
        "'{}' is sharded over mesh axes [{}], {} of the {} devices of the {}x{} mesh: a sharding "
        "over part of the mesh (replicated over the other axis) is not supported yet; shard over "
        "\"axes\": [0, 1]",
        t->name, fmt::join(*ax, ", "), covered, mesh.devices(), mesh.rows, mesh.cols);
    return std::nullopt;
  }
  return a;
}

}  // namespace

MeshAnnotations mesh_annotations(const PrimFunc& f, PassContext& ctx, const MeshPlan& mesh) {
  std::map<std::string, Buffer> tensors;
  for (const Param& p : f.params) {
    if (p.is_buffer()) {
      tensors[p.buffer->name] = p.buffer;
    }
  }
  std::map<std::string, std::pair<AttrValue, Location>> raw;
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind != NodeKind::kAnnotateLayout) {
      return;
    }
    const auto* op = static_cast<const AnnotateLayout*>(n);
    for (size_t i = 0; i < op->buffers.size(); ++i) {
      const Call* call = op->layouts[i].as<Call>();
      if (call && is_tt_layout_call(*call)) {
        Attrs layout = layout_from_call(*call);
        if (const AttrValue* m = layout.find("mesh")) {
          raw.insert_or_assign(
              op->buffers[i]->name,
              std::pair(*m, op->layouts[i].loc().known() ? op->layouts[i].loc() : op->loc));
        }
      }
    }
  });
  for (const std::string& spec : ctx.cli_layouts) {
    auto eq = spec.find('=');
    if (eq == std::string::npos || !tensors.count(spec.substr(0, eq))) {
      continue;  // reported with the rest of the layout
    }
    DiagnosticEngine quiet;  // syntax errors are reported when the layout itself is read
    quiet.set_handler([](const Diagnostic&) {});
    PassContext probe = ctx;
    probe.diag = &quiet;
    if (auto a = layout_from_cli(spec.substr(eq + 1), ctx.cli_loc, probe)) {
      if (const AttrValue* m = a->find("mesh")) {
        raw.insert_or_assign(spec.substr(0, eq), std::pair(*m, ctx.cli_loc));
      }
    }
  }
  MeshAnnotations out;
  for (const auto& [name, v] : raw) {
    if (auto a = parse_mesh(v.first, tensors.at(name), v.second, mesh, ctx)) {
      out[name] = *a;
    }
  }
  return out;
}

bool shards_a_dimension(const MeshAnnotations& annotations) {
  for (const auto& [name, a] : annotations) {
    if (a.dim) {
      return true;
    }
  }
  return false;
}

void check_replicated(const PrimFunc& f, PassContext& ctx, const MeshAnnotations& annotations) {
  for (const Param& p : f.params) {
    auto it = p.is_buffer() ? annotations.find(p.buffer->name) : annotations.end();
    if (it != annotations.end() && !it->second.dim && p.buffer->attrs.has(kMeshDimsAttr)) {
      ctx.error(it->second.loc) << fmt::format(
          "'{}' is annotated replicated, but the blocks of the grid split over the mesh address "
          "it by chunks: replicating it needs per-device block offsets, which are not supported "
          "yet; drop the annotation",
          p.buffer->name);
    }
  }
}

}  // namespace tltt::passes
