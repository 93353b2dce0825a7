// The device plan's lookups, its printed form (the top of IR dumps) and tt.plan.json.
#include "ir/device_plan.h"
#include "ir/mesh_chunks.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace tltt::ir {

using nlohmann::ordered_json;

namespace {

// Enum <-> spelling tables, one per enum, used by to_string, the printer and the JSON reader.
template <typename E, size_t N>
struct Names {
  std::pair<E, const char*> items[N];
  const char* name(E e) const {
    for (const auto& [v, n] : items) {
      if (v == e) {
        return n;
      }
    }
    return "?";
  }
  E value(const std::string& s) const {
    for (const auto& [v, n] : items) {
      if (s == n) {
        return v;
      }
    }
    throw std::invalid_argument("unknown value '" + s + "'");
  }
};

constexpr Names<KernelRole, 3> kRoles{{{KernelRole::kReader, "reader"},
                                       {KernelRole::kCompute, "compute"},
                                       {KernelRole::kWriter, "writer"}}};
constexpr Names<MemoryKind, 2> kMemories{{{MemoryKind::kDram, "DRAM"}, {MemoryKind::kL1, "L1"}}};
constexpr Names<TensorLayoutKind, 2> kLayouts{
    {{TensorLayoutKind::kInterleaved, "interleaved"}, {TensorLayoutKind::kSharded, "sharded"}}};
constexpr Names<TensorAccess, 4> kAccesses{{{TensorAccess::kUnused, "unused"},
                                            {TensorAccess::kInput, "input"},
                                            {TensorAccess::kOutput, "output"},
                                            {TensorAccess::kReadWrite, "read_write"}}};
constexpr Names<VectorKind, 3> kVectors{
    {{VectorKind::kNone, "none"}, {VectorKind::kCol, "col"}, {VectorKind::kRow, "row"}}};
constexpr Names<PartitionMode, 2> kModes{
    {{PartitionMode::kGlobal, "global"}, {PartitionMode::kLocalShard, "local_shard"}}};
constexpr Names<CbRole, 3> kCbRoles{{{CbRole::kInput, "input"},
                                     {CbRole::kOutput, "output"},
                                     {CbRole::kIntermediate, "intermediate"}}};
constexpr Names<RuntimeArgKind, 15> kArgKinds{
    {{RuntimeArgKind::kTensorAddress, "tensor_address"},
     {RuntimeArgKind::kBlockStart, "block_start"},
     {RuntimeArgKind::kBlockCount, "block_count"},
     {RuntimeArgKind::kScalarBits, "scalar_bits"},
     {RuntimeArgKind::kMcastSender, "mcast_sender"},
     {RuntimeArgKind::kMcastStartX, "mcast_start_x"},
     {RuntimeArgKind::kMcastStartY, "mcast_start_y"},
     {RuntimeArgKind::kMcastEndX, "mcast_end_x"},
     {RuntimeArgKind::kMcastEndY, "mcast_end_y"},
     {RuntimeArgKind::kMcastReceivers, "mcast_receivers"},
     {RuntimeArgKind::kMcastSenderX, "mcast_sender_x"},
     {RuntimeArgKind::kMcastSenderY, "mcast_sender_y"},
     {RuntimeArgKind::kMcastSenderSemaphore, "mcast_sender_semaphore"},
     {RuntimeArgKind::kMcastReceiverSemaphore, "mcast_receiver_semaphore"},
     {RuntimeArgKind::kUpdateSemaphore, "update_semaphore"}}};
constexpr Names<McastAxis, 2> kMcastAxes{
    {{McastAxis::kRow, "row"}, {McastAxis::kColumn, "column"}}};
constexpr Names<MeshCollective, 3> kCollectives{{{MeshCollective::kCopy, "copy"},
                                                 {MeshCollective::kAllGather, "all_gather"},
                                                 {MeshCollective::kAllReduce, "all_reduce"}}};
constexpr Names<BlockOrder, 3> kOrders{{{BlockOrder::kRowMajor, "row_major"},
                                        {BlockOrder::kColMajor, "col_major"},
                                        {BlockOrder::kBlockLinear, "block_linear"}}};

std::string ints(const std::vector<int64_t>& v) { return fmt::format("[{}]", fmt::join(v, ", ")); }

std::string range_str(const CoreRange& r) {
  return fmt::format("({},{})+({},{})", r.start.x, r.start.y, r.extent.x, r.extent.y);
}

std::string ranges_str(const std::vector<CoreRange>& rs) {
  std::vector<std::string> parts;
  for (const CoreRange& r : rs) {
    parts.push_back(range_str(r));
  }
  return fmt::format("[{}]", fmt::join(parts, ", "));
}

std::string roles_str(const std::vector<KernelRole>& rs) {
  std::vector<std::string> parts;
  for (KernelRole r : rs) {
    parts.push_back(kRoles.name(r));
  }
  return parts.empty() ? "-" : fmt::format("{}", fmt::join(parts, "+"));
}

std::string arg_str(const RuntimeArg& a) {
  switch (a.kind) {
    case RuntimeArgKind::kTensorAddress:
      return a.name + ".addr";
    case RuntimeArgKind::kScalarBits:
      return a.name + ".bits";
    case RuntimeArgKind::kBlockStart:
      return "start_id";
    case RuntimeArgKind::kBlockCount:
      return "count";
    default:
      return fmt::format("{}.{}", a.name, kArgKinds.name(a.kind));
  }
}

// ---- JSON.

ordered_json coord_json(CoreCoord c) { return ordered_json::array({c.x, c.y}); }
CoreCoord coord_from(const nlohmann::json& j) {
  auto v = j.get<std::vector<int64_t>>();
  return v.size() == 2 ? CoreCoord{v[0], v[1]} : throw std::invalid_argument("bad core");
}
ordered_json ranges_json(const std::vector<CoreRange>& rs) {
  ordered_json a = ordered_json::array();
  for (const CoreRange& r : rs) {
    a.push_back({{"start", coord_json(r.start)}, {"extent", coord_json(r.extent)}});
  }
  return a;
}
std::vector<CoreRange> ranges_from(const nlohmann::json& j) {
  std::vector<CoreRange> rs;
  for (const auto& r : j) {
    rs.push_back({coord_from(r.at("start")), coord_from(r.at("extent"))});
  }
  return rs;
}
ordered_json roles_json(const std::vector<KernelRole>& rs) {
  ordered_json a = ordered_json::array();
  for (KernelRole r : rs) {
    a.push_back(kRoles.name(r));
  }
  return a;
}
std::vector<KernelRole> roles_from(const nlohmann::json& j) {
  std::vector<KernelRole> rs;
  for (const auto& r : j) {
    rs.push_back(kRoles.value(r.get<std::string>()));
  }
  return rs;
}
DataType dtype_from(const nlohmann::json& j) {
  auto t = DataType::parse(j.get<std::string>());
  return t ? *t : throw std::invalid_argument("unknown dtype " + j.get<std::string>());
}

}  // namespace

const char* to_string(KernelRole r) { return kRoles.name(r); }
const char* to_string(MemoryKind m) { return kMemories.name(m); }
const char* to_string(TensorLayoutKind l) { return kLayouts.name(l); }
const char* to_string(TensorAccess a) { return kAccesses.name(a); }
const char* to_string(VectorKind v) { return kVectors.name(v); }
const char* to_string(PartitionMode m) { return kModes.name(m); }
const char* to_string(CbRole r) { return kCbRoles.name(r); }
const char* to_string(RuntimeArgKind k) { return kArgKinds.name(k); }
const char* to_string(McastAxis a) { return kMcastAxes.name(a); }
const char* to_string(MeshCollective c) { return kCollectives.name(c); }
const char* to_string(BlockOrder o) { return kOrders.name(o); }
constexpr TileFormatInfo kTileFormats[] = {
    {TileFormat::kPlain, "plain", "", "", 0, 0},
    {TileFormat::kBfp8b, "bfp8_b", "Bfp8_b", "bfp8", 7, 64 + 1024},
    {TileFormat::kBfp4b, "bfp4_b", "Bfp4_b", "bfp4", 3, 64 + 1024 / 2},
};
const TileFormatInfo& tile_format_info(TileFormat f) {
  for (const TileFormatInfo& i : kTileFormats) {
    if (i.format == f) {
      return i;
    }
  }
  return kTileFormats[0];
}
const char* to_string(TileFormat f) { return tile_format_info(f).name; }
std::optional<TileFormat> tile_format_from(const std::string& name) {
  for (const TileFormatInfo& i : kTileFormats) {
    if (name == i.name) {
      return i.format;
    }
  }
  return std::nullopt;
}
std::optional<BlockOrder> block_order_from(const std::string& name) {
  for (BlockOrder o : {BlockOrder::kRowMajor, BlockOrder::kColMajor, BlockOrder::kBlockLinear}) {
    if (name == kOrders.name(o)) {
      return o;
    }
  }
  return std::nullopt;
}

TensorPlan* DevicePlan::find_tensor(const std::string& name) {
  for (TensorPlan& t : tensors) {
    if (t.name == name) {
      return &t;
    }
  }
  return nullptr;
}
const TensorPlan* DevicePlan::find_tensor(const std::string& name) const {
  return const_cast<DevicePlan*>(this)->find_tensor(name);
}
KernelPlan* DevicePlan::find_kernel(KernelRole role) {
  for (KernelPlan& k : kernels) {
    if (k.role == role) {
      return &k;
    }
  }
  return nullptr;
}
const KernelPlan* DevicePlan::find_kernel(KernelRole role) const {
  return const_cast<DevicePlan*>(this)->find_kernel(role);
}
const KernelPlan* DevicePlan::kernel_of(const std::string& function) const {
  for (const KernelPlan& k : kernels) {
    if (k.function == function) {
      return &k;
    }
  }
  return nullptr;
}
const CbPlan* DevicePlan::find_cb(int64_t index) const {
  for (const CbPlan& c : cbs) {
    if (c.index == index) {
      return &c;
    }
  }
  return nullptr;
}

const McastOperand* DevicePlan::find_multicast(const std::string& tensor) const {
  for (const McastOperand& m : multicast) {
    if (m.tensor == tensor) {
      return &m;
    }
  }
  return nullptr;
}

std::vector<int64_t> MeshPlan::block_part(int64_t d) const {
  std::vector<int64_t> part(block_split.size());
  for (size_t k = 0; k < block_split.size(); ++k) {  // the innermost dimension is least significant
    part[k] = d % block_split[k];
    d /= block_split[k];
  }
  return part;
}

std::vector<int64_t> DevicePlan::global_shape(const TensorPlan& t) const {
  std::vector<int64_t> shape = t.shape;
  for (size_t j = 0; j < t.mesh_dims.size() && mesh; ++j) {
    if (t.mesh_dims[j] >= 0) {
      shape[j] *= mesh->block_split[t.mesh_dims[j]];
    } else if (t.mesh_dims[j] == kMeshDevices) {
      shape[j] *= mesh->devices();
    }
  }
  return shape;
}

std::vector<int64_t> DevicePlan::chunk_of(const TensorPlan& t, int64_t d) const {
  std::vector<int64_t> chunk(t.shape.size(), 0);
  if (!mesh) {
    return chunk;
  }
  std::vector<int64_t> part = mesh->block_part(d);
  for (size_t j = 0; j < t.mesh_dims.size(); ++j) {
    if (t.mesh_dims[j] >= 0) {
      chunk[j] = part[t.mesh_dims[j]];
    } else if (t.mesh_dims[j] == kMeshDevices) {
      chunk[j] = d;
    }
  }
  return chunk;
}

std::vector<std::string> DevicePlan::size_args() const {
  std::vector<std::string> args;
  for (const DynamicSize& d : dynamic) {
    for (const DynamicTensorDim& t : d.tensors) {
      if (const TensorPlan* tp = find_tensor(t.tensor)) {
        args.push_back(fmt::format("{}={}", d.name, tp->shape[t.dim]));
        break;
      }
    }
  }
  return args;
}

std::string DevicePlan::str() const {
  std::string o = "plan {\n";
  auto line = [&](const std::string& s) { o += "  " + s + "\n"; };
  line(fmt::format("kernel {} on {} [{}, {}]", kernel, device, device_grid.x, device_grid.y));
  if (mesh) {
    line(fmt::format("mesh {}x{}, blocks split {}", mesh->rows, mesh->cols,
                     ints(mesh->block_split)) +
         (mesh->by_offsets() ? fmt::format(", block offsets {} counts {}",
                                           ints(mesh->block_offsets), ints(mesh->block_counts))
                             : std::string()));
  }
  for (const TensorPlan& t : tensors) {
    std::string s = fmt::format("tensor {}: {}{} {} {}", t.name, t.dtype.str(), ints(t.shape),
                                to_string(t.memory), to_string(t.layout));
    if (t.vector != VectorKind::kNone) {
      s += fmt::format(", {} vector {}", to_string(t.vector), ints(t.device_shape));
    }
    if (!t.dim_order.empty()) {
      s += fmt::format(", dims {} tiled {}", ints(t.dim_order), ints(t.device_shape));
    }
    s += fmt::format(", {}, page {}", to_string(t.access), t.page_size);
    if (t.tile_shape != std::vector<int64_t>{32, 32}) {
      s += ", tile " + ints(t.tile_shape);
    }
    if (!t.mesh_dims.empty()) {
      s += ", mesh dims " + ints(t.mesh_dims);
    }
    if (!t.mesh_block_dims.empty()) {
      s += ", mesh blocks " + ints(t.mesh_block_dims) + " of " + ints(t.mesh_block_sizes);
    }
    if (const auto& h = t.mesh_halo) {
      s += ", mesh halo own " + ints(h->own) + " need " + ints(h->need_first) + " to " +
           ints(h->need_end) + " window " + std::to_string(h->window) + " from " +
           ints(h->window_first);
    }
    if (t.mesh_partial) {
      s += ", mesh partial sums " + t.mesh_partial->str();
    }
    if (t.device_dtype) {
      s += ", stored as " + t.device_dtype->str();
    }
    if (t.tile_format != TileFormat::kPlain) {
      s += fmt::format(", tiles {}", to_string(t.tile_format));
    }
    if (t.ordered_update) {
      s += ", ordered updates";
    }
    if (t.order) {
      s += fmt::format(", order {}", to_string(*t.order));
    }
    line(s);
    if (const auto& n = t.nd_shard) {
      line(fmt::format("  nd_shard axes {} grid {} shard {} projected {} tiles {}{}{}",
                       ints(n->axes), ints(n->grid), ints(n->shard_shape_elems),
                       ints(n->projected_grid), ints(n->projected_shard_tiles),
                       n->align_tiles ? ", aligned" : "",
                       n->halo.empty() ? "" : ", halo " + ints(n->halo)));
    }
    if (const auto& h = t.shard_spec) {
      line(fmt::format("  shard_spec {} shard {} pages {} cores {}{}", h->memory_layout,
                       ints(h->shard_shape), ints(h->tensor_pages), ranges_str(h->cores),
                       h->col_major ? " col_major" : ""));
    }
  }
  for (const ScalarPlan& s : scalars) {
    line(fmt::format("scalar {}: {}{}", s.name, s.dtype.str(),
                     s.value ? fmt::format(", compiled for {}", *s.value) : ""));
  }
  if (partition) {
    const WorkPartition& p = *partition;
    std::string s =
        fmt::format("partition {}, grid [{}, {}], cores {}, blocks {}", to_string(p.mode), p.grid.x,
                    p.grid.y, ranges_str(p.ranges), ints(p.block_grid));
    if (p.order != BlockOrder::kRowMajor) {
      s += fmt::format(", order {}", to_string(p.order));
      if (p.order_side) {
        s += fmt::format(" {}x{}", p.order_side, p.order_side);
      }
    }
    if (p.stride_width) {
      s += fmt::format(", stride {}/{}", p.stride_width, p.stride_row);
      if (p.stride_col) {
        s += fmt::format("/{}", p.stride_col);
      }
    }
    line(s);
    // Work items, several per line: "(x,y) start+count".
    std::string w;
    for (size_t i = 0; i < p.work.size(); ++i) {
      const CoreWork& c = p.work[i];
      w += fmt::format("{}({},{}) {}+{}", i % 8 ? ", " : "", c.core.x, c.core.y, c.start_id,
                       c.count);
      if (i % 8 == 7 || i + 1 == p.work.size()) {
        line("work " + w);
        w.clear();
      }
    }
  }
  for (const CbPlan& c : cbs) {
    line(fmt::format("cb {} {}: {}, {} x {} B, {}, {} -> {}", c.index, c.name, c.format,
                     c.num_pages, c.page_size, to_string(c.role), roles_str(c.producers),
                     roles_str(c.consumers)));
  }
  if (compute) {
    line(fmt::format("compute {}{}{}, dst {}", compute->math_fidelity,
                     compute->fp32_dest_acc_en ? ", fp32_dest_acc" : "",
                     compute->math_approx_mode ? ", approx" : "", compute->dst_capacity));
  }
  for (const KernelPlan& k : kernels) {
    std::vector<std::string> args;
    for (const RuntimeArg& a : k.runtime_args) {
      args.push_back(arg_str(a));
    }
    line(fmt::format("{} {}: args [{}], accessors [{}]{}", to_string(k.role), k.function,
                     fmt::join(args, ", "), fmt::join(k.accessors, ", "),
                     k.noc ? fmt::format(", noc {}", *k.noc) : ""));
  }
  for (const McastOperand& m : multicast) {
    line(fmt::format("multicast {} (cb {}) along each {}", m.tensor, m.cb, to_string(m.axis)));
  }
  for (const DynamicSize& d : dynamic) {
    for (const DynamicShard& sh : d.shards) {
      line(fmt::format("dynamic shard {} dim {}: {} / {} (a multiple of {})", sh.tensor, sh.dim,
                       d.name, sh.grid, sh.multiple));
    }
  }
  for (const Reshard& r : reshards) {
    line(fmt::format("reshard {} before program {}: storage {} -> {} ({})", r.tensor, r.before,
                     r.from, r.to, to_string(r.collective)));
  }
  return o + "}\n";
}

namespace {

// The fields of a tensor's plan that decide its buffer (how the host allocates it). On a mesh the
// grid dimensions naming its split are the program's own: the driver compares the devices'
// chunks themselves (check_mesh_launches).
TensorPlan storage_of(TensorPlan t) {
  t.access = TensorAccess::kUnused;
  t.mesh_dims.clear();
  t.mesh_block_dims.clear();
  t.mesh_block_sizes.clear();
  t.order.reset();
  t.ordered_update = false;
  t.nd_shard.reset();
  return t;
}

}  // namespace

bool same_storage(const TensorPlan& a, const TensorPlan& b) {
  return storage_of(a) == storage_of(b);
}

bool same_tiles(const TensorPlan& a, const TensorPlan& b) {
  TensorPlan x = storage_of(a), y = storage_of(b);
  for (TensorPlan* t : {&x, &y}) {
    t->memory = MemoryKind::kDram;
    t->layout = TensorLayoutKind::kInterleaved;
    t->shard_spec.reset();
    // Partial sums in the tensor's own dtype are its tiles (an all-reduce makes the sum).
    if (t->mesh_partial == t->dtype) {
      t->mesh_partial.reset();
    }
  }
  return x == y;
}

MeshCollective mesh_collective(const DevicePlan& pf, const TensorPlan& from, const DevicePlan& pt,
                               const TensorPlan& to) {
  if (from.mesh_partial) {
    return MeshCollective::kAllReduce;
  }
  return same_mesh_chunks(pf, from, pt, to) ? MeshCollective::kCopy : MeshCollective::kAllGather;
}

bool same_mesh_chunks(const DevicePlan& pa, const TensorPlan& a, const DevicePlan& pb,
                      const TensorPlan& b) {
  if (!pa.mesh || !pb.mesh) {
    return !pa.mesh && !pb.mesh;
  }
  if (pa.mesh->devices() != pb.mesh->devices() ||
      a.mesh_partial.has_value() != b.mesh_partial.has_value() || a.shape != b.shape ||
      pa.global_shape(a) != pb.global_shape(b)) {
    return false;
  }
  for (int64_t d = 0; d < pa.mesh->devices(); ++d) {
    if (pa.chunk_of(a, d) != pb.chunk_of(b, d)) {
      return false;
    }
  }
  return true;
}

std::string to_json(const DevicePlan& plan) {
  ordered_json j;
  j["schema_version"] = 2;
  j["generator"] = "tltt";
  j["kernel"] = plan.kernel;
  j["device"] = plan.device;
  j["device_grid"] = coord_json(plan.device_grid);
  if (const auto& m = plan.mesh) {
    j["mesh"] = {{"shape", ordered_json::array({m->rows, m->cols})},
                 {"block_split", m->block_split}};
    if (m->by_offsets()) {
      j["mesh"]["block_offsets"] = m->block_offsets;
      j["mesh"]["block_counts"] = m->block_counts;
    }
  }
  ordered_json params = ordered_json::array();
  for (const TensorPlan& t : plan.tensors) {
    ordered_json p = {{"name", t.name},
                      {"shape", t.shape},
                      {"dtype", t.dtype.str()},
                      {"role", t.is_output() ? "output" : "input"},
                      {"access", to_string(t.access)},
                      {"memory", to_string(t.memory)},
                      {"layout", to_string(t.layout)},
                      {"tile_shape", t.tile_shape},
                      {"padded_shape", t.device_shape},
                      {"page_size", t.page_size}};
    if (t.vector != VectorKind::kNone) {
      p["vector"] = to_string(t.vector);
    }
    if (!t.dim_order.empty()) {
      p["dim_order"] = t.dim_order;
    }
    if (!t.mesh_dims.empty()) {
      p["mesh_dims"] = t.mesh_dims;
    }
    if (!t.mesh_block_dims.empty()) {
      p["mesh_block_dims"] = t.mesh_block_dims;
      p["mesh_block_sizes"] = t.mesh_block_sizes;
    }
    if (const auto& h = t.mesh_halo) {
      p["mesh_halo"] = {{"own", h->own},           {"need_first", h->need_first},
                        {"need_end", h->need_end}, {"window_first", h->window_first},
                        {"window", h->window},     {"banks", h->banks},
                        {"format", h->format}};
    }
    if (t.order) {
      p["order"] = to_string(*t.order);
    }
    if (t.mesh_partial) {
      p["mesh_partial"] = t.mesh_partial->str();
    }
    if (t.device_dtype) {
      p["device_dtype"] = t.device_dtype->str();
    }
    if (t.tile_format != TileFormat::kPlain) {
      p["tile_format"] = to_string(t.tile_format);
    }
    if (t.ordered_update) {
      p["ordered_update"] = true;
    }
    if (const auto& n = t.nd_shard) {
      p["nd_shard"] = {{"axes", n->axes},
                       {"grid", n->grid},
                       {"shard_shape_elems", n->shard_shape_elems},
                       {"projected_grid", n->projected_grid},
                       {"projected_shard_tiles", n->projected_shard_tiles},
                       {"align_tiles", n->align_tiles}};
      if (!n->halo.empty()) {
        p["nd_shard"]["halo"] = n->halo;
      }
    }
    if (const auto& h = t.shard_spec) {
      p["shard_spec"] = {{"memory_layout", h->memory_layout},
                         {"shard_shape", h->shard_shape},
                         {"orientation", h->col_major ? "COL_MAJOR" : "ROW_MAJOR"},
                         {"tensor_pages", h->tensor_pages},
                         {"core_ranges", ranges_json(h->cores)}};
    }
    params.push_back(p);
  }
  for (const ScalarPlan& s : plan.scalars) {
    params.push_back({{"name", s.name},
                      {"shape", std::vector<int64_t>{}},
                      {"dtype", s.dtype.str()},
                      {"role", "input"},
                      {"kind", "scalar"}});
    if (s.value) {
      params.back()["value"] = *s.value;
    }
  }
  j["params"] = params;
  if (const auto& p = plan.partition) {
    ordered_json work = ordered_json::array();
    for (const CoreWork& w : p->work) {
      work.push_back({{"core", coord_json(w.core)}, {"start_id", w.start_id}, {"count", w.count}});
    }
    j["partition"] = {{"mode", to_string(p->mode)},
                      {"core_grid", coord_json(p->grid)},
                      {"core_ranges", ranges_json(p->ranges)},
                      {"block_grid", p->block_grid},
                      {"work", work}};
    if (p->order != BlockOrder::kRowMajor) {
      j["partition"]["order"] = to_string(p->order);
    }
    if (p->order_side) {
      j["partition"]["order_side"] = p->order_side;
    }
    if (p->stride_width) {
      j["partition"]["block_stride"] = {{"width", p->stride_width}, {"row", p->stride_row}};
      if (p->stride_col) {
        j["partition"]["block_stride"]["col"] = p->stride_col;
      }
    }
  }
  ordered_json cbs = ordered_json::array();
  for (const CbPlan& c : plan.cbs) {
    cbs.push_back({{"index", c.index},
                   {"name", c.name},
                   {"format", c.format},
                   {"page_size", c.page_size},
                   {"num_pages", c.num_pages},
                   {"role", to_string(c.role)},
                   {"producers", roles_json(c.producers)},
                   {"consumers", roles_json(c.consumers)}});
  }
  j["cbs"] = cbs;
  if (const auto& c = plan.compute) {
    j["compute"] = {{"math_fidelity", c->math_fidelity},
                    {"fp32_dest_acc_en", c->fp32_dest_acc_en},
                    {"math_approx_mode", c->math_approx_mode},
                    {"dst_capacity", c->dst_capacity}};
  }
  ordered_json kernels = ordered_json::array();
  for (const KernelPlan& k : plan.kernels) {
    ordered_json args = ordered_json::array();
    for (const RuntimeArg& a : k.runtime_args) {
      ordered_json arg = {{"kind", to_string(a.kind)}};
      if (!a.name.empty()) {
        arg["name"] = a.name;
      }
      args.push_back(arg);
    }
    ordered_json kernel = {{"role", to_string(k.role)},
                           {"function", k.function},
                           {"runtime_args", args},
                           {"accessors", k.accessors}};
    if (k.noc) {
      kernel["noc"] = *k.noc;
    }
    kernels.push_back(kernel);
  }
  j["kernels"] = kernels;
  if (!plan.multicast.empty()) {
    ordered_json mc = ordered_json::array();
    for (const McastOperand& m : plan.multicast) {
      mc.push_back({{"tensor", m.tensor}, {"cb", m.cb}, {"axis", to_string(m.axis)}});
    }
    j["multicast"] = mc;
  }
  if (!plan.dynamic.empty()) {
    ordered_json dyn = ordered_json::array();
    for (const DynamicSize& d : plan.dynamic) {
      ordered_json grid = ordered_json::array(), dims = ordered_json::array();
      for (const DynamicExtent& e : d.grid) {
        grid.push_back({{"dim", e.dim}, {"block", e.block}});
      }
      for (const DynamicTensorDim& t : d.tensors) {
        dims.push_back({{"tensor", t.tensor}, {"dim", t.dim}, {"block", t.block}});
      }
      dyn.push_back({{"name", d.name}, {"grid", grid}, {"tensors", dims}});
      if (!d.shards.empty()) {
        ordered_json shards = ordered_json::array();
        for (const DynamicShard& sh : d.shards) {
          shards.push_back({{"tensor", sh.tensor},
                            {"dim", sh.dim},
                            {"grid", sh.grid},
                            {"multiple", sh.multiple}});
        }
        dyn.back()["shards"] = shards;
      }
    }
    j["dynamic"] = dyn;
  }
  if (!plan.reshards.empty()) {
    ordered_json rs = ordered_json::array();
    for (const Reshard& r : plan.reshards) {
      rs.push_back({{"tensor", r.tensor},
                    {"before", r.before},
                    {"from", r.from},
                    {"to", r.to},
                    {"collective", to_string(r.collective)}});
    }
    j["reshards"] = rs;
  }
  return j.dump(2) + "\n";
}

std::optional<DevicePlan> from_json(const std::string& text, std::string* error) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    *error = "not valid JSON";
    return std::nullopt;
  }
  DevicePlan plan;
  try {
    if (j.value("schema_version", 0) != 2) {
      *error = "schema_version is not 2";
      return std::nullopt;
    }
    plan.kernel = j.value("kernel", "");
    plan.device = j.value("device", "");
    if (j.contains("device_grid")) {
      plan.device_grid = coord_from(j["device_grid"]);
    }
    if (j.contains("mesh")) {
      auto shape = j["mesh"].at("shape").get<std::vector<int64_t>>();
      if (shape.size() != 2) {
        throw std::invalid_argument("mesh shape must be [rows, cols]");
      }
      plan.mesh =
          MeshPlan{shape[0], shape[1], j["mesh"].at("block_split").get<std::vector<int64_t>>()};
      plan.mesh->block_offsets = j["mesh"].value("block_offsets", std::vector<int64_t>{});
      plan.mesh->block_counts = j["mesh"].value("block_counts", std::vector<int64_t>{});
    }
    for (const auto& p : j.at("params")) {
      if (p.value("kind", "") == "scalar") {
        plan.scalars.push_back({p.at("name").get<std::string>(), dtype_from(p.at("dtype")),
                                p.contains("value")
                                    ? std::optional<int64_t>(p.at("value").get<int64_t>())
                                    : std::nullopt});
        continue;
      }
      TensorPlan t;
      t.name = p.at("name").get<std::string>();
      t.shape = p.at("shape").get<std::vector<int64_t>>();
      t.dtype = dtype_from(p.at("dtype"));
      // Plans written by hand may give only the role.
      bool output = p.value("role", "input") == "output";
      t.access = kAccesses.value(p.value("access", output ? "output" : "input"));
      t.memory = kMemories.value(p.value("memory", "DRAM"));
      t.layout = kLayouts.value(p.value("layout", "interleaved"));
      t.tile_shape = p.value("tile_shape", std::vector<int64_t>{32, 32});
      t.device_shape = p.value("padded_shape", t.shape);
      t.page_size = p.value("page_size", int64_t{0});
      t.vector = kVectors.value(p.value("vector", "none"));
      t.dim_order = p.value("dim_order", std::vector<int64_t>{});
      t.mesh_dims = p.value("mesh_dims", std::vector<int64_t>{});
      t.mesh_block_dims = p.value("mesh_block_dims", std::vector<int64_t>{});
      t.mesh_block_sizes = p.value("mesh_block_sizes", std::vector<int64_t>{});
      if (p.contains("mesh_halo")) {
        const auto& h = p.at("mesh_halo");
        t.mesh_halo = MeshHalo{h.at("own").get<std::vector<int64_t>>(),
                               h.at("need_first").get<std::vector<int64_t>>(),
                               h.at("need_end").get<std::vector<int64_t>>(),
                               h.at("window_first").get<std::vector<int64_t>>(),
                               h.at("window").get<int64_t>(),
                               h.at("banks").get<int64_t>(),
                               h.at("format").get<std::string>()};
      }
      if (p.contains("order")) {
        t.order = kOrders.value(p.at("order").get<std::string>());
      }
      t.ordered_update = p.value("ordered_update", false);
      if (p.contains("mesh_partial")) {
        t.mesh_partial = dtype_from(p.at("mesh_partial"));
      }
      if (p.contains("device_dtype")) {
        t.device_dtype = dtype_from(p.at("device_dtype"));
      }
      if (p.contains("tile_format")) {
        const auto f = tile_format_from(p.at("tile_format").get<std::string>());
        t.tile_format = f ? *f : throw std::invalid_argument("unknown tile_format");
      }
      if (p.contains("nd_shard")) {
        const auto& n = p["nd_shard"];
        t.nd_shard = NdShard{n.at("axes").get<std::vector<int64_t>>(),
                             n.at("grid").get<std::vector<int64_t>>(),
                             n.at("shard_shape_elems").get<std::vector<int64_t>>(),
                             n.at("projected_grid").get<std::vector<int64_t>>(),
                             n.at("projected_shard_tiles").get<std::vector<int64_t>>(),
                             n.at("align_tiles").get<bool>()};
        if (n.contains("halo")) {
          t.nd_shard->halo = n.at("halo").get<std::vector<int64_t>>();
        }
      }
      if (p.contains("shard_spec")) {
        const auto& h = p["shard_spec"];
        t.shard_spec = HostShardSpec{h.at("memory_layout").get<std::string>(),
                                     h.at("shard_shape").get<std::vector<int64_t>>(),
                                     h.at("tensor_pages").get<std::vector<int64_t>>(),
                                     ranges_from(h.at("core_ranges")),
                                     h.value("orientation", "ROW_MAJOR") == "COL_MAJOR"};
      }
      plan.tensors.push_back(std::move(t));
    }
    if (j.contains("partition")) {
      const auto& p = j["partition"];
      WorkPartition w;
      w.mode = kModes.value(p.at("mode").get<std::string>());
      w.grid = coord_from(p.at("core_grid"));
      w.ranges = ranges_from(p.at("core_ranges"));
      w.block_grid = p.at("block_grid").get<std::vector<int64_t>>();
      for (const auto& c : p.at("work")) {
        w.work.push_back({coord_from(c.at("core")), c.at("start_id").get<int64_t>(),
                          c.at("count").get<int64_t>()});
      }
      w.order = kOrders.value(p.value("order", "row_major"));
      w.order_side = p.value("order_side", int64_t{0});
      if (p.contains("block_stride")) {
        w.stride_width = p["block_stride"].at("width").get<int64_t>();
        w.stride_row = p["block_stride"].at("row").get<int64_t>();
        w.stride_col = p["block_stride"].value("col", int64_t{0});
      }
      plan.partition = w;
    }
    for (const auto& c : j.value("cbs", nlohmann::json::array())) {
      plan.cbs.push_back({c.at("index").get<int64_t>(), c.at("name").get<std::string>(),
                          c.at("format").get<std::string>(), c.at("page_size").get<int64_t>(),
                          c.at("num_pages").get<int64_t>(),
                          kCbRoles.value(c.at("role").get<std::string>()),
                          roles_from(c.at("producers")), roles_from(c.at("consumers"))});
    }
    if (j.contains("compute")) {
      const auto& c = j["compute"];
      plan.compute = ComputeConfig{
          c.at("math_fidelity").get<std::string>(), c.at("fp32_dest_acc_en").get<bool>(),
          c.at("math_approx_mode").get<bool>(), c.at("dst_capacity").get<int64_t>()};
    }
    for (const auto& k : j.value("kernels", nlohmann::json::array())) {
      KernelPlan kp;
      kp.role = kRoles.value(k.at("role").get<std::string>());
      kp.function = k.at("function").get<std::string>();
      for (const auto& a : k.at("runtime_args")) {
        kp.runtime_args.push_back(
            {kArgKinds.value(a.at("kind").get<std::string>()), a.value("name", "")});
      }
      kp.accessors = k.at("accessors").get<std::vector<std::string>>();
      if (k.contains("noc")) {
        kp.noc = k.at("noc").get<int64_t>();
      }
      plan.kernels.push_back(std::move(kp));
    }
    for (const auto& m : j.value("multicast", nlohmann::json::array())) {
      plan.multicast.push_back({m.at("tensor").get<std::string>(), m.at("cb").get<int64_t>(),
                                kMcastAxes.value(m.at("axis").get<std::string>())});
    }
    for (const auto& d : j.value("dynamic", nlohmann::json::array())) {
      DynamicSize size{d.at("name").get<std::string>(), {}, {}, {}};
      for (const auto& e : d.at("grid")) {
        size.grid.push_back({e.at("dim").get<int64_t>(), e.at("block").get<int64_t>()});
      }
      for (const auto& t : d.at("tensors")) {
        size.tensors.push_back({t.at("tensor").get<std::string>(), t.at("dim").get<int64_t>(),
                                t.at("block").get<int64_t>()});
      }
      for (const auto& sh : d.value("shards", nlohmann::json::array())) {
        size.shards.push_back({sh.at("tensor").get<std::string>(), sh.at("dim").get<int64_t>(),
                               sh.at("grid").get<int64_t>(), sh.at("multiple").get<int64_t>()});
      }
      plan.dynamic.push_back(std::move(size));
    }
    for (const auto& r : j.value("reshards", nlohmann::json::array())) {
      plan.reshards.push_back({r.at("tensor").get<std::string>(), r.at("before").get<int64_t>(),
                               r.at("from").get<int64_t>(), r.at("to").get<int64_t>(),
                               kCollectives.value(r.at("collective").get<std::string>())});
    }
  } catch (const std::exception& e) {
    *error = e.what();
    return std::nullopt;
  }
  return plan;
}

}  // namespace tltt::ir
