// One program for every value of a kernel's T.dynamic size (docs/plan-schema.md, `dynamic`). The
// IR has no symbolic sizes, so the driver lowers the kernel at the requested size and at two probe
// sizes and keeps one program when the kernels, CBs and compute configuration are the same at
// all of them and the sizes that differ follow the forms the host program computes at run time:
// T.Kernel extents ceildiv(size, block), tensor dimensions equal to the size (padded on the
// device to the reach of the partial last block) and the balanced global work partition.
// A sharded tensor whose sharded axis is the size keeps its shard grid and cores; the host program
// computes the shard extent (size / shards) and each core's blocks (its own shard's, in shard
// order: a contiguous range, or a block-sharded shard's rectangle of blocks of a fixed width) at
// run time. Anything else keeps the program specialised to the size, with a remark
// saying why.
#include "driver/runtime_sizes.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "codegen/codegen.h"
#include "passes/work_partition_shard.h"

namespace tltt::driver {

using namespace ir;

namespace {

// 60480 = 2^6 * 3^3 * 5 * 7 is a multiple of every common block height (1..10, 12, 16, 32, 64,
// 96, ...) and its grids are long, which pins each block; 1025 = 1024 + 1 leaves a one-row last
// block, so the padded reach of every block up to 1024 rows differs from the whole-tile one.
constexpr int64_t kProbes[] = {60480, 1025};

int64_t ceildiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// The device extent of a tensor dimension equal to `size` whose blocks are `block` long.
int64_t padded(int64_t size, int64_t block) {
  return ceildiv(ceildiv(size, block) * block, 32) * 32;
}

struct Point {
  int64_t size = 0;
  Module lowered;
  std::map<std::string, std::string> files;
};

// Sharded tensors' sizes are checked after (dynamic_shard): a program with one takes probe
// sizes that are multiples of the requested one, so that each probe shards evenly too (L1 bounds
// how far they may grow: a probe that does not fit keeps the program specialised).
constexpr int64_t kShardedProbes[] = {2, 3};

// The plan without what the size decides (shapes, shard extents, partition): equal at every
// point when one program can serve them.
DevicePlan size_free(DevicePlan p) {
  for (TensorPlan& t : p.tensors) {
    t.shape.clear();
    t.device_shape.clear();
    if (t.shard_spec) {
      t.shard_spec->shard_shape.clear();
      t.shard_spec->tensor_pages.clear();
    }
    if (t.nd_shard) {
      t.nd_shard->shard_shape_elems.clear();
      t.nd_shard->projected_shard_tiles.clear();
    }
  }
  p.partition.reset();
  return p;
}

bool has_shards(const DevicePlan& p) {
  return std::any_of(p.tensors.begin(), p.tensors.end(),
                     [](const TensorPlan& t) { return t.shard_spec.has_value(); });
}

// Dimension `d` of sharded tensor `i`, equal to the size at every point: its shards along it
// (nd_shard) must be size / grid at every point, the rest of its sharding fixed. Fills `out`.
std::string dynamic_shard(const std::vector<Point>& points, size_t i, size_t d, int64_t multiple,
                          DynamicShard& out) {
  const TensorPlan& t = points[0].lowered.plan.tensors[i];
  const NdShard& nd = *t.nd_shard;
  auto axis = std::find(nd.axes.begin(), nd.axes.end(), static_cast<int64_t>(d));
  if (axis == nd.axes.end() || t.shape.size() != 2) {
    return fmt::format("dimension {} of '{}' is not a sharded axis of a 2-D tensor", d, t.name);
  }
  const size_t k = axis - nd.axes.begin();
  const int64_t grid = nd.grid[k];
  multiple *= grid;
  for (const Point& p : points) {
    const TensorPlan& pt = p.lowered.plan.tensors[i];
    const int64_t shard = p.size / grid;
    if (p.size % multiple != 0 || pt.nd_shard->shard_shape_elems[k] != shard ||
        pt.shard_spec->shard_shape[d] != shard || pt.shard_spec->tensor_pages[d] != p.size / 32 ||
        pt.shard_spec->shard_shape[1 - d] != t.shard_spec->shard_shape[1 - d] ||
        pt.shard_spec->cores != t.shard_spec->cores) {
      return fmt::format("the shards of '{}' at size {} are not size / {} along dimension {}",
                         t.name, p.size, grid, d);
    }
  }
  out = {t.name, static_cast<int64_t>(d), grid, multiple};
  return "";
}

// The local_shard partition the host program computes with dynamic shards: the cores stay, each
// runs n = blocks / cores blocks. Contiguous ranges (height sharding): core k (in shard order)
// runs blocks [k * n, (k + 1) * n). Rectangles of blocks (block sharding, a block stride
// `sw` / `row`, both fixed): the cores form rows of c = row / sw, one per shard row; core k
// starts at (k / c) * (blocks / (cores / c)) + (k % c) * sw, its shard's first block.
std::string shard_partition(const std::vector<Point>& points) {
  const WorkPartition& first = *points[0].lowered.plan.partition;
  for (const Point& p : points) {
    const WorkPartition& w = *p.lowered.plan.partition;
    int64_t blocks = 1;
    for (int64_t e : w.block_grid) {
      blocks *= e;
    }
    const int64_t cores = static_cast<int64_t>(w.work.size());
    const int64_t sw = w.stride_width, row = w.stride_row;
    const int64_t c = sw > 0 && row % sw == 0 ? row / sw : 1;
    bool ok = w.ranges == first.ranges && cores == static_cast<int64_t>(first.work.size()) &&
              blocks % cores == 0 && cores % c == 0 && sw == first.stride_width &&
              row == first.stride_row && w.stride_col == 0 && (sw == 0 || row % sw == 0);
    for (int64_t k = 0; ok && k < cores; ++k) {
      const int64_t n = blocks / cores;
      const int64_t start = sw > 0 ? k / c * (blocks / (cores / c)) + k % c * sw : k * n;
      ok = w.work[k] == CoreWork{first.work[k].core, start, n};
    }
    if (!ok) {
      return fmt::format(
          "the blocks of the shard cores at size {} are not the shards' {} in shard order", p.size,
          sw > 0 ? "equal rectangles of rows of the block grid" : "consecutive equal ranges");
    }
  }
  return "";
}

// Why the points cannot share one program, or the size's runtime form in `out`.
std::string infer(const std::string& name, const std::vector<Point>& points, DynamicSize& out) {
  const DevicePlan& first = points[0].lowered.plan;
  const bool sharded = has_shards(first);
  if (first.mesh || !first.multicast.empty()) {
    return "a mesh or operand multicast fixes the core rectangle";
  }
  for (const Point& p : points) {
    for (const auto& [file, text] : p.files) {
      if (file != "main.cpp" && file != "tt.plan.json" && points[0].files.at(file) != text) {
        return fmt::format("{} differs between sizes {} and {}", file, points[0].size, p.size);
      }
    }
    if (!(size_free(p.lowered.plan) == size_free(first))) {
      return fmt::format("the CBs, kernels or tensor layouts differ between sizes {} and {}",
                         points[0].size, p.size);
    }
    const WorkPartition& w = *p.lowered.plan.partition;
    if ((w.mode != PartitionMode::kGlobal && !sharded) ||
        (w.stride_width != 0 && w.mode != PartitionMode::kLocalShard)) {
      return "the work partition follows sharded tensors in rectangles of blocks";
    }
    if (w.stride_width != first.partition->stride_width ||
        w.stride_row != first.partition->stride_row) {
      // The block stride is a constant of the kernels: a size that changes the width of a
      // shard's block rectangle (a block-sharded tensor's dynamic columns) needs other kernels.
      return fmt::format(
          "the shards' rectangles of blocks are {} blocks wide at size {} and {} at size {}",
          first.partition->stride_width, points[0].size, w.stride_width, p.size);
    }
    if (w.order != BlockOrder::kRowMajor) {
      // The decode of another order names the grid's extents, which the size changes.
      return fmt::format("the blocks are traversed in {} order", to_string(w.order));
    }
  }
  out = {name, {}, {}, {}};
  // T.Kernel extents: ceildiv(size, block) for the blocks every point agrees on.
  const size_t rank = first.partition->block_grid.size();
  for (size_t k = 0; k < rank; ++k) {
    int64_t lo = 1, hi = INT64_MAX;
    bool varies = false;
    for (const Point& p : points) {
      const int64_t e = p.lowered.plan.partition->block_grid[k];
      varies |= e != first.partition->block_grid[k];
      lo = std::max(lo, ceildiv(p.size, e));
      hi = e > 1 ? std::min(hi, (p.size - 1) / (e - 1)) : hi;
    }
    if (!varies) {
      continue;
    }
    if (lo > hi) {
      return fmt::format("T.Kernel dimension {} is not ceildiv({}, block)", k, name);
    }
    out.grid.push_back({static_cast<int64_t>(k), lo});
  }
  if (out.grid.empty()) {
    return "the T.Kernel grid does not depend on the size";
  }
  // Tensor dimensions: fixed, or the size itself padded to the reach of a block of the grid.
  for (size_t i = 0; i < first.tensors.size(); ++i) {
    const TensorPlan& t = first.tensors[i];
    for (size_t d = 0; d < t.shape.size(); ++d) {
      auto all = [&](auto pred) { return std::all_of(points.begin(), points.end(), pred); };
      if (all([&](const Point& p) {
            const TensorPlan& pt = p.lowered.plan.tensors[i];
            return pt.shape[d] == t.shape[d] && pt.device_shape.size() == t.device_shape.size() &&
                   (d >= t.device_shape.size() || pt.device_shape[d] == t.device_shape[d]);
          })) {
        continue;
      }
      if (!all([&](const Point& p) { return p.lowered.plan.tensors[i].shape[d] == p.size; })) {
        return fmt::format("dimension {} of '{}' is neither fixed nor the size itself", d, t.name);
      }
      if (t.vector != VectorKind::kNone || !t.dim_order.empty() ||
          t.device_shape.size() != t.shape.size()) {
        return fmt::format("'{}' is a vector or permuted tensor", t.name);
      }
      // The grid's blocks first: the reach of the partial last block is the conservative extent.
      std::vector<int64_t> blocks;
      for (const DynamicExtent& e : out.grid) {
        blocks.push_back(e.block);
      }
      blocks.push_back(1);
      auto b = std::find_if(blocks.begin(), blocks.end(), [&](int64_t b) {
        return all([&](const Point& p) {
          return p.lowered.plan.tensors[i].device_shape[d] == padded(p.size, b);
        });
      });
      if (b == blocks.end()) {
        return fmt::format("the device extent of dimension {} of '{}' is not the padded size", d,
                           t.name);
      }
      out.tensors.push_back({t.name, static_cast<int64_t>(d), *b});
      if (t.shard_spec) {
        // Whole tiles and whole blocks in every shard.
        int64_t multiple = 32;
        for (const DynamicExtent& e : out.grid) {
          multiple = std::lcm(multiple, e.block);
        }
        DynamicShard shard;
        if (std::string why = dynamic_shard(points, i, d, multiple, shard); !why.empty()) {
          return why;
        }
        out.shards.push_back(shard);
      }
    }
    // A sharded tensor without a dimension of the size keeps its shards at every point.
    if (t.shard_spec && std::none_of(out.shards.begin(), out.shards.end(),
                                     [&](const DynamicShard& sh) { return sh.tensor == t.name; })) {
      for (const Point& p : points) {
        if (p.lowered.plan.tensors[i].shard_spec != t.shard_spec) {
          return fmt::format("the shards of '{}' differ between sizes", t.name);
        }
      }
    }
  }
  if (sharded && first.partition->mode == PartitionMode::kLocalShard) {
    if (out.shards.empty()) {
      return "the shard cores' blocks change with the size but no shard does";
    }
    return shard_partition(points);
  }
  // The partition the host program computes must be the one B1 chose.
  for (const Point& p : points) {
    const DevicePlan& plan = p.lowered.plan;
    if (!(passes::partition::global_partition(plan.partition->block_grid, plan.device_grid) ==
          *plan.partition)) {
      return fmt::format("the work partition at size {} is not the balanced global one", p.size);
    }
  }
  return "";
}

}  // namespace

bool serve_sizes_at_run_time(const Module& lowered, const CompileOptions& options,
                             DiagnosticEngine& diag, std::map<std::string, std::string>& files) {
  if (front_end() || options.file.empty() || !lowered.plan.partition) {
    return false;
  }
  // The T.dynamic symbols (the front end at the requested size, quietly).
  std::vector<std::string> symbols;
  SourceManager sources;
  DiagnosticEngine quiet(&sources);
  quiet.set_handler([](const Diagnostic&) {});
  fe::EntryOptions entry = entry_options(options);
  entry.dynamic_symbols = &symbols;
  std::optional<Module> at_size = fe::load(options.file, entry, sources, quiet);
  if (!at_size || symbols.empty()) {
    return false;
  }
  const Location loc = at_size->functions.front().body->loc;
  auto keep = [&](const std::string& why) {
    diag.remark(loc, "runtime-sizes", "specialised")
        << "the program is specialised to the T.dynamic size(s) given: " << why;
    return false;
  };
  if (symbols.size() != 1) {
    return keep("one program serves one T.dynamic size, this kernel has " +
                std::to_string(symbols.size()));
  }
  const std::string& name = symbols[0];
  std::optional<int64_t> size;
  for (const std::string& s : options.sets) {
    if (s.starts_with(name + "=")) {
      size = std::stoll(s.substr(name.size() + 1));
    }
  }
  if (!size) {
    return false;
  }
  std::vector<Point> points = {{*size, lowered, files}};
  std::vector<int64_t> probes(std::begin(kProbes), std::end(kProbes));
  const bool sharded = has_shards(lowered.plan);
  if (sharded) {
    probes = {*size * kShardedProbes[0], *size * kShardedProbes[1]};
  }
  for (int64_t probe : probes) {
    if (probe == *size) {
      continue;
    }
    CompileOptions o = options;
    std::erase_if(o.sets, [&](const std::string& s) { return s.starts_with(name + "="); });
    o.sets.push_back(fmt::format("{}={}", name, probe));
    o.dump_ir_dir.clear();
    o.print_after.clear();
    o.time_passes = false;
    o.runtime_sizes = false;
    o.diagnostics = {};
    std::optional<Module> m = fe::load(options.file, entry_options(o), sources, quiet);
    std::optional<Module> low = m ? lower(*m, o, quiet) : std::nullopt;
    if (!low) {
      return keep(fmt::format("the kernel does not compile at size {}={}", name, probe));
    }
    points.push_back({probe, *low, codegen::generate(*low)});
  }
  DynamicSize dyn;
  if (std::string why = infer(name, points, dyn); !why.empty()) {
    return keep(why);
  }
  // The host program comes from the first probe, so it is the same text whatever size was
  // asked for (one program, cached once); the plan describes the requested size. The probes of
  // a sharded kernel follow the requested size, so its host program must come out the same at
  // both.
  Module host = std::find_if(points.begin(), points.end(), [&](const Point& p) {
                  return p.size == probes[0];
                })->lowered;
  host.plan.dynamic = {dyn};
  if (sharded) {
    Module other = points.back().lowered;
    other.plan.dynamic = {dyn};
    if (codegen::emit_host(other) != codegen::emit_host(host)) {
      return keep("the host program depends on the size beyond the forms it computes");
    }
  }
  Module plan = lowered;
  plan.plan.dynamic = {dyn};
  files["main.cpp"] = codegen::emit_host(host);
  files["tt.plan.json"] = codegen::emit_plan(plan);
  diag.remark(loc, "runtime-sizes", "runtime") << fmt::format(
      "one program serves every value of {}: the host program computes the block "
      "grid, the tensor shapes and each core's block range from it at run time "
      "(kernels unchanged at sizes {}, {} and {})",
      name, points[0].size, points[1].size, points[2].size);
  return true;
}

}  // namespace tltt::driver
