// A1: per-tensor layout descriptors from annotations (kernel and command line) and defaults.
#include "passes/infer_layout.h"
#include "passes/block_twins.h"
#include "passes/buffer_views.h"
#include "passes/im2col.h"
#include "passes/index_hoist.h"
#include "passes/scalar_vars.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "ir/call_names.h"
#include "ir/mutator.h"
#include "ir/visitor.h"
#include "passes/atomic_add.h"
#include "passes/coarsen_blocks.h"
#include "passes/layout_spec.h"
#include "passes/mesh_reduce.h"
#include "passes/mesh_split.h"
#include "passes/onchip_views.h"
#include "passes/parallel_forms.h"
#include "passes/pass_util.h"
#include "passes/reducer_updates.h"
#include "passes/storage_formats.h"
#include "passes/tensor_windows.h"
#include "passes/tiled_dims.h"
#include "passes/vector_layout.h"

namespace tltt::passes {

using namespace ir;

namespace {

// Collects T.annotate_layout entries for tensor parameters and removes the statements.
class AnnotationCollector : public Mutator {
 public:
  using Mutator::visit;
  struct Entry {
    Buffer buffer;
    Attrs raw;
    Location loc;
  };
  std::vector<Entry> entries;
  PassContext* ctx = nullptr;

  Stmt visit(const AnnotateLayout* op) override {
    for (size_t i = 0; i < op->buffers.size(); ++i) {
      const Buffer& b = op->buffers[i];
      const Call* call = op->layouts[i].as<Call>();
      Location loc = op->layouts[i].loc().known() ? op->layouts[i].loc() : op->loc;
      if (call && is_tt_layout_call(*call)) {
        if (b->scope != MemScope::kGlobal) {
          ctx->error(loc) << "T.TTLayout annotates tensors (kernel parameters); '" << b->name
                          << "' is a " << mem_scope_name(b->scope) << " buffer";
          continue;
        }
        entries.push_back({b, layout_from_call(*call), loc});
      }
      // Other (GPU fragment/swizzle) layouts mean nothing here (CBs hold whole tiles): dropped.
    }
    return SeqStmt::make({}, op->loc);
  }
};

// The plan entry of a tensor parameter from its normalised layout (layout_spec.h); `stored`:
// the tensors the device stores in a wider format, with their own dtype.
TensorPlan tensor_plan(const Buffer& b, const Attrs& layout,
                       const std::map<std::string, DataType>& stored) {
  TensorPlan t;
  t.name = b->name;
  t.dtype = b->dtype;
  if (auto it = stored.find(b->name); it != stored.end()) {
    t.dtype = it->second;
    t.device_dtype = b->dtype;
  }
  for (const Expr& d : b->shape) {
    t.device_shape.push_back(as_const_int(d).value_or(0));
  }
  t.shape = logical_shape(b);
  if (const AttrValue* order = b->attrs.find(kDimOrderAttr)) {
    t.dim_order = order->as_int_list();
  }
  // Tiled dimensions not of whole tiles are padded on the device (B1 pads partial blocks).
  for (size_t d = t.device_shape.size() - 2; d < t.device_shape.size(); ++d) {
    t.device_shape[d] = (t.device_shape[d] + kTile - 1) / kTile * kTile;
  }
  if (const AttrValue* logical = b->attrs.find(kVectorLogicalShape)) {
    t.shape = logical->as_int_list();
    t.vector = vector_kind(b) == "col" ? VectorKind::kCol : VectorKind::kRow;
  }
  t.memory = layout.get_string("memory", "DRAM") == "L1" ? MemoryKind::kL1 : MemoryKind::kDram;
  t.layout = layout.get_string("layout", "interleaved") == "sharded"
                 ? TensorLayoutKind::kSharded
                 : TensorLayoutKind::kInterleaved;
  t.tile_shape = layout.find("tile_shape")->as_int_list();
  if (const AttrValue* nd = layout.find("nd_shard")) {
    const Attrs& d = nd->as_dict();
    t.nd_shard = NdShard{d.find("axes")->as_int_list(),
                         d.find("grid")->as_int_list(),
                         d.find("shard_shape_elems")->as_int_list(),
                         d.find("projected_grid")->as_int_list(),
                         d.find("projected_shard_tiles")->as_int_list(),
                         d.get_bool("align_tiles", true)};
    if (const AttrValue* h = d.find("halo")) {
      t.nd_shard->halo = h->as_int_list();
    }
  }
  if (layout.has("order")) {
    t.order = block_order_from(layout.get_string("order", ""));
  }
  t.page_size = tile_bytes(b->dtype);
  if ((t.tile_format = layout_tile_format(layout)) != TileFormat::kPlain) {
    t.page_size = tile_format_info(t.tile_format).tile_bytes;
  }
  if (const AttrValue* dims = b->attrs.find(kMeshDimsAttr)) {
    t.mesh_dims = dims->as_int_list();
  }
  if (const AttrValue* own = b->attrs.find(kMeshPartialAttr)) {
    t.mesh_partial = b->dtype;  // the device holds partial sums; the tensor keeps its dtype
    t.dtype = *DataType::parse(own->as_string());
  }
  return t;
}

// Constructs that reach the IR without a Tenstorrent lowering yet, reported where the lowering
// would need one; true when there were none:
// - narrow formats the device cannot store in a wider one (float8_e8m0fnu, float6, float4,
//   sub-byte integers; store_in_tensix_formats retyped the 8-bit floats and tfloat32) of
//   tensors, on-chip buffers and conversions: no tile format or conversion for them;
// - device memory allocated inside a T.Kernel block (T.alloc_global, T.alloc_buffer without an
//   on-chip scope): DRAM buffers are kernel parameters, or scratch tensors allocated around the
//   launches, which the driver turns into parameters (driver/launches.h);
// - buffer views (T.view, T.reshape, T.Tensor over another buffer's memory): the passes map
//   every buffer to its own storage (a CB, a DRAM tensor), so two shapes over one storage have
//   no form yet;
// - `while` loops on kernel expressions: the tile and data-movement passes need loop bounds;
// - tensors of device addresses (T.ptr): a tensor's address is fixed when the program is built;
// - T.atomic_add(..., return_prev=True) (an `atomic_add` call): the atomic add's lowering
//   (docs/atomics.md) has no form that hands the previous value back to the kernel.
// - `if` on an element of an on-chip buffer (but over element stores in T.Parallel: selects);
// - `break`/`continue` in a kernel loop (`loop_break`/`loop_continue` calls): loops are counted;
// - on-chip buffers with a zero extent (`T.alloc_local(0, ...)` placeholders): no storage.
bool check_unlowered(const PrimFunc& f, PassContext& ctx) {
  bool ok = true;
  std::set<const IfThenElse*> element_ifs = element_branches(f.body);  // B3's selects
  auto reject = [&](const Location& loc, const std::string& what, DataType t) {
    ctx.error(loc) << what << ": dtype " << t.str()
                   << " is a narrow format (float8_e8m0fnu, float6, float4 or a sub-byte integer) "
                      "with no Tenstorrent lowering yet (8-bit floats e4m3/e5m2 and tfloat32 are "
                      "stored in bfloat16 and float32)";
    ok = false;
  };
  for (const Param& p : f.params) {
    if (p.is_buffer() && p.buffer->dtype.is_narrow()) {
      reject(p.buffer->loc, "tensor '" + p.buffer->name + "'", p.buffer->dtype);
    } else if (p.is_buffer() && p.buffer->dtype.is_handle()) {
      ctx.error(p.buffer->loc) << "tensor '" << p.buffer->name
                               << "' holds device addresses (T.ptr): no Tenstorrent lowering yet";
      ok = false;
    }
  }
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kAllocate) {
      const Buffer& b = static_cast<const Allocate*>(n)->buffer;
      if (b->scope == MemScope::kGlobal) {
        ctx.error(b->loc) << "buffer '" << b->name
                          << "' is device memory (T.alloc_global or T.alloc_buffer) allocated "
                             "inside a T.Kernel block: no Tenstorrent lowering "
                             "yet; allocate it before the `with T.Kernel` (a scratch tensor the "
                             "host program allocates, docs/atomics.md) or pass it as a kernel "
                             "parameter";
        ok = false;
      } else if (b->dtype.is_narrow()) {
        reject(b->loc, "buffer '" + b->name + "'", b->dtype);
      } else if (std::any_of(b->shape.begin(), b->shape.end(),
                             [](const Expr& e) { return as_const_int(e) == 0; })) {
        ctx.error(b->loc) << "buffer '" << b->name << "' has no elements (a zero extent): "
                          << "a placeholder has no Tenstorrent storage; remove it";
        ok = false;
      }
    } else if (n->kind == NodeKind::kBufferView) {
      const auto* v = static_cast<const BufferView*>(n);
      if (v->source->dtype.is_handle()) {
        ctx.error(v->loc) << "'" << v->construct << "' (buffer '" << v->buffer->name
                          << "' at a device address read from '" << v->source->name
                          << "' when the kernel runs) has no Tenstorrent lowering yet: tensor "
                             "addresses are fixed when the program is built";
        ok = false;
        return;
      }
      ctx.error(v->loc) << "'" << v->construct << "' (buffer '" << v->buffer->name
                        << "', a view of the memory of '" << v->source->name
                        << "' with another shape or dtype) has no Tenstorrent lowering yet";
      ok = false;
    } else if (n->kind == NodeKind::kWhile) {
      ctx.error(n->loc) << uncounted_while_error();
      ok = false;
    } else if (n->kind == NodeKind::kIfThenElse) {
      // A branch on an element of a shared or fragment buffer (a block-sparse mask, a bound loaded
      // from an index tensor): the kernels' control flow would depend on data the compute engine
      // holds in tiles.
      struct OnChipRead : Visitor {
        using Visitor::visit;
        const BufferNode* read = nullptr;
        void visit(const BufferLoad* op) override {
          MemScope m = op->buffer->scope;
          read = m == MemScope::kShared || m == MemScope::kFragment ? op->buffer.get() : read;
          Visitor::visit(op);
        }
      } v;
      v.visit(static_cast<const IfThenElse*>(n)->cond);
      const BufferNode* read = v.read;
      if (read && !element_ifs.count(static_cast<const IfThenElse*>(n))) {
        ctx.error(n->loc) << "'if' on an element of on-chip buffer '" << read->name
                          << "' (control flow that depends on data, e.g. a block-sparse mask "
                             "or an index) has no Tenstorrent lowering yet";
        ok = false;
      }
    } else if (n->kind == NodeKind::kCall && static_cast<const Call*>(n)->name == kAtomicAddCall) {
      ctx.error(n->loc) << "'T.atomic_add(..., return_prev=True)' (the value before an atomic add, "
                           "read by the kernel) has no Tenstorrent lowering yet";
      ok = false;
    } else if (n->kind == NodeKind::kCall &&
               (static_cast<const Call*>(n)->name == kLoopBreakCall ||
                static_cast<const Call*>(n)->name == kLoopContinueCall)) {
      bool brk = static_cast<const Call*>(n)->name == kLoopBreakCall;
      ctx.error(n->loc) << (brk ? "'break'" : "'continue'") << " in a kernel loop has no "
                        << "Tenstorrent lowering yet (the passes need every loop's trip count)";
      ok = false;
    } else if (n->kind == NodeKind::kCast) {
      const auto* c = static_cast<const Cast*>(n);
      if (c->dtype.is_narrow()) {
        reject(c->loc, "conversion", c->dtype);
      }
    }
  });
  return ok;
}

// GPU-only constructs (ir::kGpuOnlyCall calls, T.ClusterKernel launches): the front end reads them
// so that the whole kernel parses; none has a Tenstorrent lowering, so each is a located error
// naming it, before any other rewrite sees them.
bool check_gpu_only(const PrimFunc& f, PassContext& ctx) {
  bool ok = true;
  auto report = [&](const Location& loc, const Attrs& attrs) {
    ctx.error(loc) << gpu_only_message(attrs.get_string(kGpuOnlyConstruct, "?"));
    ok = false;
  };
  // A call with kGpuOnlyUse is an ordinary construct given a GPU-only value: the call that made
  // the value is reported.
  post_order_visit(f.body, [&](const Node* n) {
    if (n->kind == NodeKind::kCall && static_cast<const Call*>(n)->name == kGpuOnlyCall &&
        !static_cast<const Call*>(n)->attrs.has(kGpuOnlyUse)) {
      report(n->loc, static_cast<const Call*>(n)->attrs);
    } else if (n->kind == NodeKind::kKernelLaunch &&
               static_cast<const KernelLaunch*>(n)->attrs.has(kGpuOnlyConstruct)) {
      report(n->loc, static_cast<const KernelLaunch*>(n)->attrs);
    }
  });
  return ok;
}

}  // namespace

Module infer_layout(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (!check_gpu_only(f, ctx)) {
      continue;
    }
    std::map<std::string, DataType> stored;
    std::set<std::string> ordered;
    f = counted_whiles(f);  // before atomics: a counting `while` is a serial loop
    f = store_in_tensix_formats(
        lower_parallel_gemms(lower_reducer_updates(serialize_atomic_adds(f, ctx, &ordered), ctx),
                             ctx),
        ctx, &stored);
    f = fold_reshape_views(f);      // TileLang's flat views of a filter or an output
    f = fold_onchip_views(f, ctx);  // [a*b, n] blocks seen as [a, b, n]
    f = squeeze_unit_blocks(f);     // [n, 1] and [1, n] blocks as n-vectors
    f = scalar_var_lets(forward_condition_copies(f), ctx);  // mask rows read by `if`; int scalars
    if (ctx.failed() || !check_unlowered(f, ctx) || !check_im2col(f, ctx)) {
      continue;
    }
    if (ctx.mesh) {
      // A mesh annotation sharding a reduction dimension asks for the tensor-parallel split;
      // otherwise the block grid is split (data-parallel).
      out.plan.mesh = ctx.mesh;
      MeshAnnotations annotations = mesh_annotations(f, ctx, *ctx.mesh);
      if (ctx.failed()) {
        continue;
      }
      if (shards_a_dimension(annotations)) {
        f = split_reduction_over_mesh(f, ctx, &*out.plan.mesh, annotations);
      } else {
        f = split_over_mesh(f, ctx, &*out.plan.mesh);
        check_replicated(f, ctx, annotations);
      }
    }
    f = stage_tensor_windows(swap_transposed_stores(stage_scalar_stores(
        scalar_elements(scalarize_uniform_vectors(hoist_index_elements(inline_index_lets(f)))))));
    f = split_block_columns(f);  // column slices of one block as blocks of their own
    f = coarsen_blocks(vector_run_stores(vector_run_loads(f)), ctx);
    f = reshape_vectors(choose_tiled_dims(transposed_block_loads(f, ctx), ctx), ctx);
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        continue;
      }
      const Buffer& b = p.buffer;
      if (b.rank() < 2) {
        ctx.error(b->loc) << "tensor '" << b->name
                          << "' must have at least 2 dimensions (tiles are 32x32)";
        continue;
      }
      for (size_t d = b.rank() - 2; d < b.rank(); ++d) {
        auto dim = as_const_int(b->shape[d]);
        if (!dim) {
          ctx.error(b->loc) << "tensor '" << b->name << "' has a non-constant dimension " << d
                            << "; shapes must be known at compile time";
        }
      }
      if (!data_format(b->dtype)) {
        ctx.error(b->loc) << "tensor '" << b->name << "' has dtype " << b->dtype.str()
                          << ", which has no Tenstorrent tile format";
      }
    }
    AnnotationCollector collector;
    collector.ctx = &ctx;
    PrimFunc g = collector.mutate(f);
    std::map<std::string, std::pair<Attrs, Location>> raw;
    for (const auto& e : collector.entries) {
      raw[e.buffer->name] = {e.raw, e.loc};
    }
    for (const std::string& spec : ctx.cli_layouts) {
      auto eq = spec.find('=');
      std::string name = spec.substr(0, eq);
      bool known = false;
      for (const Param& p : f.params) {
        known |= p.is_buffer() && p.buffer->name == name;
      }
      if (eq == std::string::npos || !known) {
        ctx.error(ctx.cli_loc) << "--layout '" << spec << "' does not name a tensor parameter of "
                               << f.name;
        continue;
      }
      if (auto a = layout_from_cli(spec.substr(eq + 1), ctx.cli_loc, ctx)) {
        raw[name] = {*a, ctx.cli_loc};  // the command line overrides the kernel's annotation
      }
    }
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        continue;
      }
      auto it = raw.find(p.buffer->name);
      Attrs r = it == raw.end() ? Attrs() : it->second.first;
      Location loc = it == raw.end() ? p.buffer->loc : it->second.second;
      // On a mesh an nd_shard describes the whole tensor: made the device's chunk's here.
      auto chunk = out.plan.mesh ? chunk_shard_layout(p.buffer, r, loc, ctx, *out.plan.mesh) : r;
      if (auto layout =
              chunk ? normalize_layout(p.buffer, *chunk, loc, ctx, f.body) : std::nullopt) {
        TensorPlan& t = out.plan.tensors.emplace_back(tensor_plan(p.buffer, *layout, stored));
        t.ordered_update = ordered.count(t.name) > 0;
        check_tile_format_plan(t, out.plan, loc, ctx);
        // Tiles of the last two device dimensions; the others are outer (whole matrices).
        std::string outer, pages;
        for (size_t d = 0; d < t.device_shape.size(); ++d) {
          bool tiled = d + 2 >= t.device_shape.size();
          std::string& s = tiled ? pages : outer;
          s += (s.empty() ? "" : "x") + std::to_string(t.device_shape[d] / (tiled ? kTile : 1));
        }
        if (!outer.empty()) {
          pages = outer + " matrices of " + pages;
        }
        ctx.remark(loc, "layout") << fmt::format(
            "tensor '{}': {} {}, {} tiles of {} bytes ({})", t.name, to_string(t.memory),
            to_string(t.layout), pages, t.page_size,
            it == raw.end() ? "the default: no T.annotate_layout or --layout names it"
            : it->second.second == ctx.cli_loc ? "from --layout"
                                               : "from its layout annotation");
      }
    }
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        out.plan.scalars.push_back({p.name(), p.var->dtype});
      }
    }
    out.plan.kernel = f.name;
    out.plan.device = ctx.device.name;
    out.plan.device_grid = {ctx.device.grid_x, ctx.device.grid_y};
    f = g;
  }
  return out;
}

}  // namespace tltt::passes
