// Cutting a prim_func of several T.Kernel launches (and scratch tensors) into one function per
// launch (launches.h).
#include "driver/launches.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "ir/mesh_chunks.h"
#include "ir/visitor.h"
#include "passes/pass.h"

namespace tltt::driver {

using namespace ir;

namespace {

// The buffers and variables a statement refers to.
struct Uses : Visitor {
  using Visitor::visit;
  std::set<const BufferNode*> buffers;
  std::set<const Variable*> vars;
  void visit_buffer(const Buffer& b) override { buffers.insert(b.get()); }
  void visit(const Variable* op) override { vars.insert(op); }
};

std::string shape_text(const Buffer& b) {
  std::string s;
  for (const Expr& e : b->shape) {
    std::optional<int64_t> v = as_const_int(e);
    s += (s.empty() ? "" : ", ") + (v ? std::to_string(*v) : std::string("?"));
  }
  return "[" + s + "]";
}

}  // namespace

std::optional<LaunchSplit> split_launches(const PrimFunc& f, DiagnosticEngine& diag) {
  // Peel what surrounds the launches: scratch allocations and the function's lets.
  LaunchSplit out;
  std::vector<const LetStmt*> lets;
  Stmt s = f.body;
  while (true) {
    if (s->kind == NodeKind::kAllocate && s.as<Allocate>()->buffer->scope == MemScope::kGlobal) {
      out.scratch.push_back(s.as<Allocate>()->buffer);
      s = s.as<Allocate>()->body;
    } else if (s->kind == NodeKind::kLetStmt) {
      lets.push_back(s.as<LetStmt>());
      s = s.as<LetStmt>()->body;
    } else {
      break;
    }
  }
  std::vector<Stmt> launches;
  if (s->kind == NodeKind::kKernelLaunch) {
    launches.push_back(s);
  } else if (s->kind == NodeKind::kSeqStmt) {
    for (const Stmt& e : s.as<SeqStmt>()->stmts) {
      if (e->kind != NodeKind::kKernelLaunch) {
        return std::nullopt;  // host code between launches: the pipeline reports the launches
      }
      launches.push_back(e);
    }
  }
  if (launches.empty() || (launches.size() == 1 && out.scratch.empty())) {
    return std::nullopt;
  }
  for (size_t i = 0; i < launches.size(); ++i) {
    Stmt body = launches[i];
    for (auto it = lets.rbegin(); it != lets.rend(); ++it) {
      body = LetStmt::make((*it)->var, (*it)->value, body, (*it)->loc);
    }
    Uses uses;
    uses.visit(body);
    PrimFunc g = f.with_body(body);
    g.name = launches.size() == 1 ? f.name : fmt::format("{}_launch{}", f.name, i);
    g.params.clear();
    for (const Param& p : f.params) {
      if (p.is_buffer() ? uses.buffers.count(p.buffer.get()) > 0
                        : uses.vars.count(p.var.get()) > 0) {
        g.params.push_back(p);
      }
    }
    std::string scratch;
    for (const Buffer& b : out.scratch) {
      if (uses.buffers.count(b.get())) {
        g.params.push_back(Param{b, {}});
        scratch += (scratch.empty() ? "" : ", ") + ("'" + b->name + "'");
      }
    }
    diag.remark(launches[i]->loc, "launches", "split") << fmt::format(
        "T.Kernel launch {} of {} of '{}' is device program {} ('{}'); the host program "
        "runs the programs in order, each after the previous one has finished{}",
        i + 1, launches.size(), f.name, i, g.name,
        scratch.empty() ? "" : "; it uses the scratch tensor(s) " + scratch);
    out.launches.push_back(std::move(g));
  }
  for (const Buffer& b : out.scratch) {
    diag.remark(b->loc, "launches", "scratch") << fmt::format(
        "scratch tensor '{}' {}{} (T.alloc_global) is a DRAM buffer the host program "
        "allocates; it is neither read from nor written to the caller's data",
        b->name, b->dtype.str(), shape_text(b));
  }
  return out;
}

namespace {

std::string shape_list(const std::vector<int64_t>& shape) {
  return fmt::format("[{}]", fmt::join(shape, ", "));
}

std::string storage_text(const TensorPlan& t) {
  std::string dims;
  for (int64_t d : t.device_shape) {
    dims += (dims.empty() ? "" : ", ") + std::to_string(d);
  }
  std::string shards;
  if (const auto& spec = t.shard_spec) {
    shards = fmt::format(" ({}, shards of {}x{})", spec->memory_layout, spec->shard_shape[0],
                         spec->shard_shape[1]);
  }
  return fmt::format("{}{} {} {}{} [{}]{}", t.device_dtype.value_or(t.dtype).str(),
                     t.tile_format == TileFormat::kPlain
                         ? ""
                         : fmt::format(" in {} tiles", to_string(t.tile_format)),
                     to_string(t.memory), to_string(t.layout), shards, dims,
                     t.dim_order.empty() ? "" : " (dimensions permuted)");
}

// The storage of `name` in device program i: the first program storing it the same way.
int64_t storage_index(const std::string& name, size_t i,
                      const std::vector<const DevicePlan*>& plans) {
  const TensorPlan* t = plans[i]->find_tensor(name);
  for (size_t j = 0; j < i; ++j) {
    if (const TensorPlan* u = plans[j]->find_tensor(name);
        u && same_storage(*u, *t) && same_mesh_chunks(*plans[j], *u, *plans[i], *t)) {
      return static_cast<int64_t>(j);
    }
  }
  return static_cast<int64_t>(i);
}

// How the devices of a mesh hold a tensor in one device program: its shape on each device, the
// chunks per dimension, and the chunk index of each device (row-major device order).
struct MeshChunks {
  std::vector<int64_t> shape, parts;
  std::vector<std::vector<int64_t>> index;
  bool operator==(const MeshChunks&) const = default;
};

MeshChunks mesh_chunks(const DevicePlan& plan, const TensorPlan& t) {
  MeshChunks c{t.shape, std::vector<int64_t>(t.shape.size(), 1), {}};
  for (size_t j = 0; j < t.mesh_dims.size(); ++j) {
    if (t.mesh_dims[j] >= 0) {
      c.parts[j] = plan.mesh->block_split[t.mesh_dims[j]];
    } else if (t.mesh_dims[j] == kMeshDevices) {
      c.parts[j] = plan.mesh->devices();
    }
  }
  for (int64_t d = 0; d < plan.mesh->devices(); ++d) {
    c.index.push_back(plan.chunk_of(t, d));
  }
  return c;
}

std::string chunks_text(const MeshChunks& c) {
  std::vector<std::string> cut;
  for (size_t j = 0; j < c.parts.size(); ++j) {
    if (c.parts[j] > 1) {
      cut.push_back(fmt::format("dimension {} into {} chunks", j, c.parts[j]));
    }
  }
  if (cut.empty()) {
    return "replicated (every device holds it whole)";
  }
  std::string order;
  for (const std::vector<int64_t>& i : c.index) {
    order += fmt::format("{}({})", order.empty() ? "" : " ", fmt::join(i, ","));
  }
  return fmt::format("split ({}; devices' chunks {})", fmt::join(cut, ", "), order);
}

MeshCollective collective_between(const std::vector<const DevicePlan*>& plans,
                                  const std::string& name, int64_t from, int64_t to) {
  return mesh_collective(*plans[from], *plans[from]->find_tensor(name), *plans[to],
                         *plans[to]->find_tensor(name));
}

std::string collective_text(MeshCollective c, const std::vector<const DevicePlan*>& plans,
                            const std::string& name, int64_t from, int64_t to) {
  switch (c) {
    case MeshCollective::kCopy:
      if (!same_tiles(*plans[from]->find_tensor(name), *plans[to]->find_tensor(name))) {
        return "other tiles, so the host program reads that buffer back, untilizes it to the "
               "logical order and tilizes it into one of this storage first";
      }
      return "the host program copies its pages from that buffer into one of this storage first";
    case MeshCollective::kAllReduce:
      return "the host program all-reduces its partial sums over the fabric after that program, "
             "and every device copies its part of this storage out of the sum";
    case MeshCollective::kAllGather:
      break;
  }
  const TensorPlan& a = *plans[from]->find_tensor(name);
  const TensorPlan& b = *plans[to]->find_tensor(name);
  return fmt::format(
      "the devices hold it {} there and {} here, so the host program {}, and every device "
      "copies its part of this storage out of the whole tensor",
      chunks_text(mesh_chunks(*plans[from], a)), chunks_text(mesh_chunks(*plans[to], b)),
      a.mesh_dims.empty() ? "needs no all-gather (every device holds it whole there)"
                          : "all-gathers its chunks over the fabric first (every device then "
                            "holds the whole tensor)");
}

// The copies that give each device program the tensor in its own storage (Reshard). The value
// is where it was last written (at first: the uploaded storage of the first program, unless the
// tensor is an output only or scratch, which holds nothing yet); a program using the tensor in
// a storage that does not hold the value gets a copy first, also when it only writes the tensor
// (it may write part of it). An output ends in its first storage, which the host reads back.
void add_reshards(const TensorPlan& merged, const LaunchSplit& split,
                  const std::vector<const DevicePlan*>& plans, bool is_scratch,
                  DiagnosticEngine& diag, std::vector<Reshard>& out) {
  const std::string& name = merged.name;
  std::optional<int64_t> home, current;
  std::set<int64_t> fresh;  // the storages holding the value
  for (size_t i = 0; i < plans.size(); ++i) {
    const TensorPlan* t = plans[i]->find_tensor(name);
    if (!t) {
      continue;
    }
    const int64_t s = storage_index(name, i, plans);
    if (!home) {
      home = s;
      if (merged.is_input() && !is_scratch) {
        current = s;
        fresh = {s};
      }
    }
    if (current && !fresh.count(s)) {
      const MeshCollective c = collective_between(plans, name, *current, s);
      out.push_back({name, static_cast<int64_t>(i), *current, s, c});
      fresh.insert(s);
      diag.remark(split.launches[i].body->loc, "launches", "reshard") << fmt::format(
          "device program {} uses '{}' as {}, which device program {} stores as {}: {}", i, name,
          storage_text(*t), *current, storage_text(*plans[*current]->find_tensor(name)),
          collective_text(c, plans, name, *current, s));
    }
    if (t->is_output()) {
      current = s;
      fresh = {s};
    }
  }
  if (merged.is_output() && !is_scratch && current && !fresh.count(*home)) {
    const MeshCollective c = collective_between(plans, name, *current, *home);
    out.push_back({name, static_cast<int64_t>(plans.size()), *current, *home, c});
    diag.remark(split.launches.back().body->loc, "launches", "reshard") << fmt::format(
        "'{}' is last written as {} by device program {}: the host program {} into its storage "
        "of device program {} ({}), from where it reads the result{}",
        name, storage_text(*plans[*current]->find_tensor(name)), *current,
        c == MeshCollective::kCopy ? "copies it back" : "brings it back", *home,
        storage_text(*plans[*home]->find_tensor(name)),
        c == MeshCollective::kCopy ? ""
                                   : " (" + collective_text(c, plans, name, *current, *home) + ")");
  }
}

// Renames the grid dimensions of `t`'s split (those of `home`, the program it comes from) to
// dimensions of `top` that cut it into the same chunks on every device (the whole program's
// plan has the mesh split of one program; the host program and the runner read a tensor's
// chunks through it). False when none do.
bool name_split_in(const DevicePlan& top, const DevicePlan& home, TensorPlan& t) {
  const MeshChunks want = mesh_chunks(home, t);
  std::vector<std::vector<int64_t>> options(t.mesh_dims.size());
  for (size_t j = 0; j < t.mesh_dims.size(); ++j) {
    if (want.parts[j] == 1) {
      options[j] = {-1};
      continue;
    }
    for (size_t k = 0; k < top.mesh->block_split.size(); ++k) {
      if (top.mesh->block_split[k] == want.parts[j]) {
        options[j].push_back(static_cast<int64_t>(k));
      }
    }
    if (want.parts[j] == top.mesh->devices()) {
      options[j].push_back(kMeshDevices);
    }
  }
  std::vector<size_t> pick(options.size(), 0);
  TensorPlan trial = t;
  while (true) {
    for (size_t j = 0; j < options.size(); ++j) {
      if (options[j].empty()) {
        return false;
      }
      trial.mesh_dims[j] = options[j][pick[j]];
    }
    if (mesh_chunks(top, trial) == want) {
      t.mesh_dims = trial.mesh_dims;
      return true;
    }
    size_t j = 0;
    while (j < pick.size() && ++pick[j] == options[j].size()) {
      pick[j++] = 0;
    }
    if (j == pick.size()) {
      return false;
    }
  }
}

// Why the all-gather and per-device copy between two splits cannot serve `t` (empty: they
// can). The copy moves whole tiles of a matrix between rectangles of chunks.
std::string gather_limit(const TensorPlan& t) {
  if (t.shape.size() != 2 || t.vector != VectorKind::kNone) {
    return fmt::format("it has {} dimensions (only matrices are gathered)", t.shape.size());
  }
  if (!t.dim_order.empty()) {
    return "its dimensions are permuted on the device";
  }
  if (t.shard_spec || t.layout != TensorLayoutKind::kInterleaved) {
    return "it is sharded over cores";
  }
  if (t.device_shape != t.shape || t.tile_shape != std::vector<int64_t>{32, 32}) {
    return fmt::format("a device's chunk {} is not whole 32x32 tiles", shape_list(t.shape));
  }
  return "";
}

}  // namespace

bool check_mesh_launches(const LaunchSplit& split, const std::vector<const DevicePlan*>& plans,
                         DiagnosticEngine& diag) {
  if (plans.empty() || !plans.front()->mesh) {
    return true;
  }
  const MeshPlan& mesh = *plans.front()->mesh;
  bool ok = true;
  for (size_t i = 0; i < plans.size(); ++i) {
    const Location& at = split.launches[i].body->loc;
    if (plans[i]->mesh->by_offsets()) {
      diag.error(at) << fmt::format(
          "device program {} is split over the {}x{} mesh by block offsets (its grid does not "
          "split into equal chunks that its blocks read only from; remark infer-layout.mesh): "
          "a function of several launches runs on a mesh only when every launch splits into "
          "equal chunks; a split by block offsets among several launches is not done yet",
          i, mesh.rows, mesh.cols);
      ok = false;
    }
    // Partial sums are all-reduced after their program; later programs may read the sum.
    for (const TensorPlan& t : plans[i]->tensors) {
      if (!t.mesh_partial) {
        continue;
      }
      for (size_t j = 0; j < plans.size(); ++j) {
        const TensorPlan* u = j == i ? nullptr : plans[j]->find_tensor(t.name);
        if (!u) {
          continue;
        }
        std::string why;
        if (j < i) {
          why = fmt::format("device program {}, before it, uses '{}' too", j, t.name);
        } else if (u->is_output()) {
          why = fmt::format("device program {} writes '{}' again", j, t.name);
        } else if (*t.mesh_partial != t.dtype) {
          why = fmt::format(
              "device program {} reads '{}' ({}), and the {} sum would need converting to {} on "
              "the device (declare '{}' {} to have the sum read as it is)",
              j, t.name, t.dtype.str(), t.mesh_partial->str(), t.dtype.str(), t.name,
              t.mesh_partial->str());
        }
        if (!why.empty()) {
          diag.error(at) << fmt::format(
              "device program {} splits its reduction over the mesh ('{}' holds partial sums, "
              "all-reduced after it), but {}: only later programs reading the all-reduced sum "
              "are done",
              i, t.name, why);
          ok = false;
          break;
        }
      }
    }
  }
  if (!ok) {
    return false;
  }
  // A tensor two programs hold differently over the mesh is all-gathered (or all-reduced) and
  // each device copies its chunk out of the whole tensor: whole tiles of a matrix.
  std::map<std::string, std::pair<size_t, MeshChunks>> first;
  for (size_t i = 0; i < plans.size(); ++i) {
    for (const TensorPlan& t : plans[i]->tensors) {
      MeshChunks c = mesh_chunks(*plans[i], t);
      auto [it, fresh] = first.try_emplace(t.name, i, c);
      if (fresh || it->second.second == c) {
        continue;
      }
      const TensorPlan& u = *plans[it->second.first]->find_tensor(t.name);
      std::string why = gather_limit(u);
      if (why.empty()) {
        why = gather_limit(t);
      }
      if (why.empty() && plans[it->second.first]->global_shape(u) != plans[i]->global_shape(t)) {
        why = "the programs' whole tensors differ in shape";
      }
      if (why.empty()) {
        continue;
      }
      diag.error(split.launches[i].body->loc) << fmt::format(
          "tensor '{}' is {} over the {}x{} mesh by device program {} but {} by device program "
          "{}: its devices need parts other devices hold, which the host program all-gathers "
          "over the fabric only for a matrix of whole tiles in interleaved storage, and {}: "
          "not done yet",
          t.name, chunks_text(it->second.second), mesh.rows, mesh.cols, it->second.first,
          chunks_text(c), i, why);
      ok = false;
    }
  }
  return ok;
}

// Whether the host program can re-tile a tensor two device programs store in other tiles
// (another dimension order, vector spreading or padding): on one device, plain tiles of one
// dtype in interleaved storage. The host reads the pages back, untilizes them
// to the logical order and tilizes them again (codegen's emit_relayout), as it does for results
// and inputs.
bool host_relayout(const TensorPlan& a, const TensorPlan& b, bool mesh) {
  auto plain = [](const TensorPlan& t) {
    return t.tile_format == TileFormat::kPlain && !t.shard_spec &&
           t.layout == TensorLayoutKind::kInterleaved && t.mesh_dims.empty() && !t.mesh_partial &&
           t.device_dtype.value_or(t.dtype) == t.dtype;
  };
  // Unit dimensions (the one scalar_elements adds after a tensor read element by element) do
  // not change the row-major order of the elements.
  auto squeezed = [](std::vector<int64_t> s) {
    s.erase(std::remove(s.begin(), s.end(), int64_t{1}), s.end());
    return s;
  };
  return !mesh && plain(a) && plain(b) && a.dtype == b.dtype &&
         squeezed(a.shape) == squeezed(b.shape);
}

std::optional<DevicePlan> merge_launch_plans(const PrimFunc& f, const LaunchSplit& split,
                                             const std::vector<const DevicePlan*>& plans,
                                             DiagnosticEngine& diag) {
  size_t widest = 0;
  for (size_t i = 1; i < plans.size(); ++i) {
    if (plans[i]->partition->work.size() > plans[widest]->partition->work.size()) {
      widest = i;
    }
  }
  DevicePlan top = *plans[widest];
  top.kernel = f.name;
  top.tensors.clear();
  top.scalars.clear();
  std::vector<std::string> names;
  for (const Param& p : f.params) {
    names.push_back(p.name());
  }
  std::set<std::string> scratch;
  for (const Buffer& b : split.scratch) {
    names.push_back(b->name);
    scratch.insert(b->name);
  }
  bool ok = true;
  for (const std::string& name : names) {
    std::optional<TensorPlan> merged;
    std::optional<ScalarPlan> scalar;
    size_t first = 0;
    for (size_t i = 0; i < plans.size(); ++i) {
      if (const TensorPlan* t = plans[i]->find_tensor(name)) {
        if (!merged) {
          merged = *t;
          first = i;
          continue;
        }
        // Chunks of another split (all-gathered between the programs, check_mesh_launches):
        // the tiles of the whole tensor are what must agree.
        TensorPlan mine = *t, theirs = *merged;
        if (top.mesh && !same_mesh_chunks(*plans[i], *t, *plans[first], *merged)) {
          mine.shape = mine.device_shape = plans[i]->global_shape(*t);
          theirs.shape = theirs.device_shape = plans[first]->global_shape(*merged);
        }
        if (!same_tiles(mine, theirs) && !host_relayout(mine, theirs, top.mesh.has_value())) {
          diag.error(split.launches[i].body->loc) << fmt::format(
              "tensor '{}' is stored as {} by device program {} and as {} by device "
              "program {}: the programs of one function can store a tensor in other memory "
              "or another sharding (the host program copies it between them), and in other "
              "plain tiles of interleaved storage on one device (the host program re-tiles "
              "it), but not in other tiles that are block-float, of another dtype, sharded or "
              "split over a mesh",
              name, storage_text(*merged), first, storage_text(*t), i);
          ok = false;
        }
        bool reads = merged->is_input() || t->is_input();
        bool writes = merged->is_output() || t->is_output();
        merged->access = reads && writes ? TensorAccess::kReadWrite
                         : writes        ? TensorAccess::kOutput
                                         : TensorAccess::kInput;
        merged->ordered_update |= t->ordered_update;
      }
      for (const ScalarPlan& sc : plans[i]->scalars) {
        if (sc.name == name && !scalar) {
          scalar = sc;
        }
      }
    }
    if (merged) {
      if (top.mesh && !merged->mesh_dims.empty() && !name_split_in(top, *plans[first], *merged)) {
        diag.error(split.launches[first].body->loc) << fmt::format(
            "tensor '{}' is split over the mesh by device program {} in a way the plan of the "
            "whole program (that of device program {}, the widest) cannot name: not done yet",
            name, first, widest);
        ok = false;
      }
      top.tensors.push_back(*merged);
      if (ok) {
        add_reshards(*merged, split, plans, scratch.count(name) > 0, diag, top.reshards);
      }
    } else if (scalar) {
      top.scalars.push_back(*scalar);
    }
  }
  for (const DevicePlan* p : plans) {
    if (p->compute && top.compute &&
        passes::fidelity_phases(p->compute->math_fidelity) <
            passes::fidelity_phases(top.compute->math_fidelity)) {
      top.compute->math_fidelity = p->compute->math_fidelity;
    }
    if (p->compute && top.compute) {
      top.compute->fp32_dest_acc_en &= p->compute->fp32_dest_acc_en;
    }
  }
  if (!ok) {
    return std::nullopt;
  }
  return top;
}

}  // namespace tltt::driver
