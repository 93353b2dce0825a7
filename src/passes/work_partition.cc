// B1: the unit of work is one T.Kernel block. Blocks are numbered row-major (bx fastest); the
// core count is min(device cores, blocks) and every core gets a contiguous, balanced range.
// Tensors are padded on the device to whole tiles and to the reach of the last (partial)
// blocks; padding.cc decides the device shapes and rejects padding that would reach a result.
// L1-sharded tensors (2-D) get a host shard spec (the plan's shard_spec): shards of the
// nd_shard shape, HEIGHT/WIDTH_SHARDED over cores numbered row-major on the device grid, or
// BLOCK_SHARDED on a grid-columns x grid-rows core rectangle. The partition is `local_shard`
// when every block's accesses to every sharded tensor stay inside one shard and all of them
// agree on its core: the program then runs on the shard cores and each core processes the
// blocks of its own shards. Those form either a contiguous id range or a rectangle of the
// block grid of one common width (the partition's block stride, recovered in B2). Otherwise the
// partition stays global and reads the shards through the sharded TensorAccessor (a warning says
// so). The shard specs and shard ownership are in work_partition_shard.cc.
#include "passes/work_partition.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "ir/mutator.h"
#include "ir/printer.h"
#include "ir/substitute.h"
#include "ir/visitor.h"
#include "passes/block_order.h"
#include "passes/mesh_offset.h"
#include "passes/padding.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"
#include "passes/work_partition_shard.h"

namespace tltt::passes {

using namespace ir;
using partition::shard_geometry;
using partition::shard_owners;
using partition::ShardedTensor;

namespace {

class LaunchFinder : public Visitor {
 public:
  using Visitor::visit;
  std::vector<const KernelLaunch*> launches;
  void visit(const KernelLaunch* op) override {
    launches.push_back(op);
    Visitor::visit(op);
  }
};

// The values --set gave integer kernel scalars (the front end's tl.scalar_names and
// tl.scalar_values), by parameter variable.
std::map<const Variable*, int64_t> set_scalars(const PrimFunc& f) {
  std::map<const Variable*, int64_t> out;
  const AttrValue* n = f.attrs.find("tl.scalar_names");
  const AttrValue* v = f.attrs.find("tl.scalar_values");
  if (!n || !v) {
    return out;
  }
  const auto& names = n->as_string_list();
  const auto& values = v->as_int_list();
  for (const Param& p : f.params) {
    for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
      if (!p.is_buffer() && names[i] == p.name()) {
        out[p.var.get()] = values[i];
      }
    }
  }
  return out;
}

// A grid extent that depends on integer kernel scalars given a value at compile time: that
// value fixes the block grid; the plan records it, so the host program refuses any other.
std::optional<int64_t> specialise_extent(const Expr& e, const PrimFunc& f, DevicePlan& plan,
                                         PassContext& ctx, const Location& loc) {
  std::map<const Variable*, int64_t> values = set_scalars(f);
  VarMap sub;
  for (const auto& [var, value] : values) {
    sub[var] = cint(value, var->loc);
  }
  std::optional<int64_t> v = const_value(simplify(substitute(e, sub)));
  if (!v) {
    return v;
  }
  for (const auto& [var, value] : values) {
    if (!uses_var(e, var)) {
      continue;
    }
    for (ScalarPlan& sc : plan.scalars) {
      if (sc.name == var->name) {
        sc.value = value;
      }
    }
    ctx.remark(loc, "scalar-grid") << fmt::format(
        "grid extent '{}' is {} for the value {} = {} given at compile time: the block grid is "
        "fixed for it, and the host program refuses another value",
        print(e), *v, var->name, value);
  }
  return v;
}

}  // namespace

Module work_partition(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    LaunchFinder finder;
    finder.visit(f.body);
    if (finder.launches.size() != 1) {
      ctx.error(finder.launches.empty() ? f.loc : finder.launches[1]->loc)
          << "a Tenstorrent kernel needs exactly one `with T.Kernel(...)` block; " << f.name
          << " has " << finder.launches.size();
      continue;
    }
    const KernelLaunch* launch = finder.launches[0];
    std::vector<int64_t> extents;
    for (const Expr& e : launch->extents) {
      auto v = const_value(e);
      if (!v) {
        v = specialise_extent(e, f, out.plan, ctx, launch->loc);
      }
      if (!v) {
        // A scalar parameter in the extent is a host value (varlen attention's max_seqlen): say
        // which, since the block grid is fixed when the host program is built.
        std::string why;
        for (const Param& p : f.params) {
          if (!p.is_buffer() && uses_var(e, p.var.get())) {
            why = fmt::format(
                ": it depends on the kernel scalar parameter '{}', a host value; the block "
                "grid is fixed when the program is built (give the value the program is built "
                "for with --set {}=VALUE, or make the size a T.dynamic size or a constant)",
                p.name(), p.name());
            break;
          }
        }
        ctx.error(launch->loc) << "grid extent '" << print(e) << "' is not a compile-time constant"
                               << why;
        break;
      }
      extents.push_back(*v);
    }
    if (extents.size() != launch->extents.size()) {
      continue;
    }
    if (!std::equal(extents.begin(), extents.end(), launch->extents.begin(),
                    [](int64_t v, const Expr& e) { return const_value(e) == v; })) {
      std::vector<Expr> fixed;
      for (int64_t v : extents) {
        fixed.push_back(cint(v, launch->loc));
      }
      Stmt now = KernelLaunch::make(fixed, launch->vars, launch->attrs, launch->body, launch->loc);
      f.body = replace_launch(f.body, launch, now);
      launch = now.as<KernelLaunch>();
    }
    PrimFunc masked = padding::pad_blocks(f, launch, extents, ctx);
    LaunchFinder masked_launch;
    masked_launch.visit(masked.body);
    std::optional<PrimFunc> padded =
        padding::pad_tensors(masked, masked_launch.launches.at(0), extents, out.plan, ctx);
    if (!padded) {
      continue;
    }

    int64_t blocks = 1;
    for (int64_t e : extents) {
      blocks *= e;
    }
    std::string mode = "global";
    // The block order the annotations ask for; they must agree (one traversal per kernel).
    std::optional<BlockOrder> requested;
    std::string requested_by;
    for (const Param& p : f.params) {
      const TensorPlan* tensor = p.is_buffer() ? out.plan.find_tensor(p.buffer->name) : nullptr;
      if (!tensor || !tensor->order) {
        continue;
      }
      if (requested && *requested != *tensor->order) {
        ctx.error(launch->loc) << fmt::format(
            "the layouts of '{}' and '{}' ask for different block orders ({} and {}); a kernel "
            "has one",
            requested_by, tensor->name, to_string(*requested), to_string(*tensor->order));
      }
      requested = tensor->order;
      requested_by = tensor->name;
    }
    if (requested == BlockOrder::kBlockLinear && partition::block_linear_side(extents) == 0) {
      ctx.error(launch->loc) << fmt::format(
          "the layout of '{}' asks for the block_linear order, which needs a block grid of two "
          "or more dimensions whose first two extents are both even (Z-ordered tiles of a "
          "power-of-two side); this grid is {}",
          requested_by, fmt::join(extents, " x "));
    }
    const bool col_major = requested == BlockOrder::kColMajor;
    std::vector<ShardedTensor> sharded;
    std::vector<partition::LocatedTensor> located;
    for (const Param& p : f.params) {
      TensorPlan* tensor = p.is_buffer() ? out.plan.find_tensor(p.buffer->name) : nullptr;
      if (!tensor || tensor->layout != TensorLayoutKind::kSharded) {
        continue;
      }
      auto t = shard_geometry(p.buffer, *tensor, launch->loc, ctx, col_major);
      if (!t) {
        continue;
      }
      tensor->shard_spec = t->spec;
      partition::LocatedTensor l{p.buffer, t->shard_h, t->shard_w, t->grid_cols, {}};
      for (const auto& [x, y] : t->cores) {
        l.place.push_back(tensor->memory == MemoryKind::kL1
                              ? partition::worker_noc(ctx.device, x, y)
                              : partition::bank_noc(ctx.device, x));
      }
      located.push_back(l);
      // A DRAM shard is read over the NoC by whichever core needs it, so only L1 shards tie
      // blocks to the cores that hold them.
      if (tensor->memory == MemoryKind::kL1) {
        sharded.push_back(*t);
      }
    }
    if (ctx.failed()) {
      continue;
    }
    std::optional<std::vector<std::vector<int64_t>>> owned;
    int64_t row_width = extents[0];  // block ids per block-grid row
    int64_t stride_width = row_width;
    if (!sharded.empty()) {
      std::string why;
      owned = shard_owners(sharded, launch, extents, why);
      // Each core's blocks: a contiguous range, or rows of one common width `w` of the block
      // grid (the width of the first run of a non-contiguous set).
      int64_t w = row_width;
      for (size_t c = 0; owned && c < owned->size(); ++c) {
        const auto& ids = (*owned)[c];
        if (!ids.empty() && ids.back() - ids.front() + 1 != static_cast<int64_t>(ids.size())) {
          int64_t run = 1;
          while (run < static_cast<int64_t>(ids.size()) && ids[run] == ids[0] + run) {
            ++run;
          }
          w = std::min(w, run);
        }
      }
      auto follows = [&](const std::vector<int64_t>& ids) {
        for (size_t l = 0; l < ids.size(); ++l) {
          int64_t li = static_cast<int64_t>(l);
          if (ids[l] != ids[0] + li / w * row_width + li % w) {
            return false;
          }
        }
        return true;
      };
      for (size_t c = 0; owned && c < owned->size(); ++c) {
        if (!follows((*owned)[c])) {
          why = "the blocks of a shard do not form rectangles of one width in the block grid";
          owned.reset();
        }
      }
      if (owned) {
        mode = "local_shard";
        stride_width = w;
      } else {
        ctx.warning(launch->loc, "sharding-fallback")
            << "the blocks of this kernel are not local to the shards of '"
            << sharded[0].buffer->name << "' (" << why
            << "): the work is partitioned over all cores and the shards are read remotely "
               "through the sharded TensorAccessor";
      }
    }

    int64_t gx = ctx.device.grid_x;
    int64_t cores, cx, cy;
    // B0 asked for the multicast tiling of a GEMM's 2-D block grid larger than the core grid.
    // An order asked for other than row-major replaces the tiling (itself an order of blocks).
    const bool by_offsets = out.plan.mesh && out.plan.mesh->by_offsets();
    // A 2-D grid, or one whose further coordinates have extent 1 (B0e: attention's batch of 1).
    const bool two_d = extents.size() >= 2 && std::all_of(extents.begin() + 2, extents.end(),
                                                          [](int64_t e) { return e == 1; });
    const bool tiling = !by_offsets && mode == "global" && two_d &&
                        launch->attrs.get_int(keys::kMulticastTiling, 0) != 0 &&
                        requested.value_or(BlockOrder::kRowMajor) == BlockOrder::kRowMajor;
    std::string order_why;
    WorkPartition partition;
    partition.block_grid = extents;
    if (by_offsets) {
      // On a mesh split by block offsets every device runs its own range of the whole grid's
      // block ids: the cores take the largest device count in contiguous row-major ranges, which
      // the host program shifts by each device's offset and clips to its count.
      if (!assign_blocks_by_offsets(f, launch, extents, ctx, out.plan)) {
        continue;
      }
      const std::vector<int64_t>& counts = out.plan.mesh->block_counts;
      blocks = *std::max_element(counts.begin(), counts.end());
      partition = partition::global_partition(extents, {gx, ctx.device.grid_y}, blocks);
      cores = static_cast<int64_t>(partition.work.size());
      cx = partition.grid.x;
      cy = partition.grid.y;
      order_why = "order row_major: each device of the mesh runs a contiguous range of block ids";
    } else if (mode == "local_shard") {
      const ShardedTensor& t = sharded[0];
      partition.mode = PartitionMode::kLocalShard;
      cores = static_cast<int64_t>(t.cores.size());
      partition.ranges = t.spec.cores;
      cx = 0;
      cy = 0;
      for (const auto& [x, y] : t.cores) {
        cx = std::max(cx, x + 1);
        cy = std::max(cy, y + 1);
      }
      for (int64_t c = 0; c < cores; ++c) {
        const auto& ids = (*owned)[c];
        partition.work.push_back({{t.cores[c].first, t.cores[c].second},
                                  ids.empty() ? int64_t{0} : ids.front(),
                                  static_cast<int64_t>(ids.size())});
      }
      if (stride_width != row_width) {
        partition.stride_width = stride_width;
        partition.stride_row = row_width;
      }
    } else if (tiling) {
      partition = partition::multicast_tiling(extents, {gx, ctx.device.grid_y});
      cores = static_cast<int64_t>(partition.work.size());
      cx = partition.grid.x;
      cy = partition.grid.y;
    } else {
      partition =
          partition::ordered_partition(extents, ctx.device, requested, located, launch, order_why);
      cores = static_cast<int64_t>(partition.work.size());
      cx = partition.grid.x;
      cy = partition.grid.y;
    }

    if (mode == "local_shard") {
      ctx.remark(launch->loc, "partition") << fmt::format(
          "partition local_shard: {} blocks on the {} cores of the shard grid of '{}', each "
          "core runs the blocks of its own shard",
          blocks, cores, sharded[0].buffer->name);
    } else if (tiling) {
      ctx.remark(launch->loc, "partition") << fmt::format(
          "partition global, multicast tiling: {} blocks on a {}x{} core rectangle laid out as "
          "the {}x{} block grid, {} blocks each (the block at the core's position in every tile), "
          "so that the cores of a row (column) share A (B) at every step",
          blocks, cx, cy, extents[0], extents[1], blocks / cores);
    } else {
      int64_t per = (blocks + cores - 1) / cores;
      ctx.remark(launch->loc, "partition") << fmt::format(
          "partition global: {} blocks on {} of the {} cores (grid {}x{}), {} to {} "
          "contiguous blocks each{}",
          blocks, cores, ctx.device.num_cores(), cx, cy, blocks / cores, per,
          sharded.empty() ? " (no L1-sharded tensor to follow)"
                          : " (the shards are not local to the blocks)");
    }
    if (mode == "local_shard") {
      order_why = fmt::format(
          "order {}: each core runs the blocks of its own shard, placed on the cores {}",
          to_string(requested.value_or(BlockOrder::kRowMajor)),
          col_major ? "column by column (ShardOrientation::COL_MAJOR)"
                    : "row by row (ShardOrientation::ROW_MAJOR)");
    } else if (tiling) {
      order_why = "order row_major: the multicast tiling lays the cores out as the block grid";
    }
    ctx.remark(launch->loc, "block-order") << order_why;
    partition.grid = {cx, cy};
    out.plan.partition = partition;
    f = *padded;
  }
  return out;
}

}  // namespace tltt::passes
