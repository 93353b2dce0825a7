// main.cpp: the host program (Mesh API). Reads every input tensor from DATA_DIR/<name>.bin (or
// the caller's memory, see host_prologue.cpp), tilizes it into a device buffer, creates the CBs and
// the three kernels on the cores of the partition, sets each core's runtime args (tensor addresses,
// start_id, count), runs the workload and writes every output tensor back untilized.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <string>
#include <string_view>

#include "codegen/codegen.h"
#include "ir/mesh_chunks.h"
#include "support/assert.h"
#include "support/embedded.h"

namespace tltt::embedded {
const std::vector<File>& host_prologue();  // src/codegen/host_prologue.cpp
const std::vector<File>& ccl_library();    // tests/sim_programs/20_mesh (collectives.h, kernels)
}  // namespace tltt::embedded

namespace tltt::codegen {

using namespace ir;

namespace {

// The host expression of a multicast argument of core (w.x, w.y) (see DevicePlan::multicast):
// the sender is the core in column 0 (row 0), the receivers the rest of its row (column). A
// kernel on NoC 1 names the rectangle from its far corner (NoC 1 runs the other way).
std::string mcast_value(const RuntimeArg& a, const DevicePlan& plan, bool noc1) {
  const McastOperand* m = plan.find_multicast(a.name);
  TILE_ASSERT(m) << "no multicast of '" << a.name << "' in the plan";
  bool row = m->axis == McastAxis::kRow;
  int64_t last = (row ? plan.partition->grid.x : plan.partition->grid.y) - 1;
  auto at = [&](const std::string& along, const char* coord) {
    return fmt::format("uint32_t(noc_xy({}, {}).{})", row ? along : "w.x", row ? "w.y" : along,
                       coord);
  };
  const std::string first = noc1 ? std::to_string(last) : "1";
  const std::string far = noc1 ? "1" : std::to_string(last);
  switch (a.kind) {
    case RuntimeArgKind::kMcastSender:
      return row ? "uint32_t(w.x == 0)" : "uint32_t(w.y == 0)";
    case RuntimeArgKind::kMcastStartX:
      return at(first, "x");
    case RuntimeArgKind::kMcastStartY:
      return at(first, "y");
    case RuntimeArgKind::kMcastEndX:
      return at(far, "x");
    case RuntimeArgKind::kMcastEndY:
      return at(far, "y");
    case RuntimeArgKind::kMcastReceivers:
      return std::to_string(last);
    case RuntimeArgKind::kMcastSenderX:
      return at("0", "x");
    case RuntimeArgKind::kMcastSenderY:
      return at("0", "y");
    case RuntimeArgKind::kMcastSenderSemaphore:
      return a.name + "_sender_sem";
    case RuntimeArgKind::kMcastReceiverSemaphore:
      return a.name + "_receiver_sem";
    default:
      return "";
  }
}

// The host variables of each tensor's buffer, `<stem>_buffer` and `<stem>_addr`: the tensor's
// name, except for the other storages of a tensor several device programs store differently.
using Stems = std::map<std::string, std::string>;

std::string stem_of(const Stems& stems, const std::string& name) {
  auto it = stems.find(name);
  return it == stems.end() ? name : it->second;
}

// The host expression of a runtime argument inside the loop over `w` (a CoreWork) of a kernel
// whose NoC is `noc1` 1.
std::string arg_value(const RuntimeArg& a, const DevicePlan& plan, bool noc1, const Stems& stems) {
  switch (a.kind) {
    case RuntimeArgKind::kBlockStart:
      return "w.start_id";
    case RuntimeArgKind::kBlockCount:
      return "w.count";
    case RuntimeArgKind::kTensorAddress:
      return stem_of(stems, a.name) + "_addr";
    case RuntimeArgKind::kScalarBits:
      return a.name + "_bits";
    case RuntimeArgKind::kUpdateSemaphore:
      return a.name + "_update_sem";
    default:
      return mcast_value(a, plan, noc1);
  }
}

// `CoreRange({x0, y0}, {x1, y1}), ...` of (start, extent) ranges.
std::string core_ranges(const std::vector<ir::CoreRange>& ranges) {
  std::string s;
  for (size_t i = 0; i < ranges.size(); ++i) {
    const auto& [start, ext] = ranges[i];
    s += fmt::format("{}CoreRange({{{}, {}}}, {{{}, {}}})", i ? ", " : "", start.x, start.y,
                     start.x + ext.x - 1, start.y + ext.y - 1);
  }
  return s;
}

std::string arg_list(const KernelPlan& k, const DevicePlan& plan, const Stems& stems) {
  std::string s;
  for (size_t i = 0; i < k.runtime_args.size(); ++i) {
    s += (i ? ", " : "") + arg_value(k.runtime_args[i], plan, k.noc == 1, stems);
  }
  return s;
}

// Element type of the .bin file and host vector.
std::string host_type(DataType t) {
  if (t.is_float() && t.bits() == 16) {
    return "uint16_t";
  }
  if (t.is_float() && t.bits() == 32) {  // float32, tfloat32
    return "float";
  }
  if ((t.is_float() && t.bits() == 8) || t.is_bool()) {  // 8-bit floats' patterns; bool 0/1
    return "uint8_t";
  }
  if (t == DataType::int32()) {
    return "int32_t";
  }
  if (t == DataType::uint32()) {
    return "uint32_t";
  }
  if (t.bits() == 16) {
    return t.is_uint() ? "uint16_t" : "int16_t";
  }
  return t.is_uint() ? "uint8_t" : "int8_t";
}

// The Float8Format literal (host_prologue.cpp) of an 8-bit float tensor stored as bfloat16, or
// "" for any other tensor (no conversion at the host boundary).
std::string float8_format(const TensorPlan& t) {
  auto spec = t.dtype.float8_spec();
  if (!spec || !t.device_dtype) {
    return "";
  }
  using S = Float8Spec::Specials;
  return fmt::format("Float8Format{{{}, {}, {}, {}, {}}}", spec->exp_bits, spec->man_bits,
                     spec->bias, spec->specials == S::kIeee, spec->specials == S::kFnuz);
}

// The SDK's host packing of a block-float tensor's tiles ("bfp8" / "bfp4": the stem of
// pack_fp32_vec_as_<stem>_tiles), or "" for a tensor stored in its dtype's own format.
std::string block_float_stem(const TensorPlan& t) {
  return tile_format_info(t.tile_format).host_stem;
}

// "a, b, c": the initializer-list text of a list of integers.
std::string join(const std::vector<int64_t>& v) {
  std::string s;
  for (int64_t x : v) {
    s += (s.empty() ? "" : ", ") + std::to_string(x);
  }
  return s;
}

int64_t product(const std::vector<int64_t>& v) {
  int64_t p = 1;
  for (int64_t x : v) {
    p *= x;
  }
  return p;
}

// The number of equal chunks each dimension of a tensor split over the mesh is cut into.
std::vector<int64_t> parts_of(const DevicePlan& plan, const TensorPlan& t) {
  std::vector<int64_t> parts(t.shape.size(), 1);
  for (size_t j = 0; j < t.mesh_dims.size(); ++j) {
    if (t.mesh_dims[j] >= 0) {
      parts[j] = plan.mesh->block_split[t.mesh_dims[j]];
    } else if (t.mesh_dims[j] == kMeshDevices) {
      parts[j] = plan.mesh->devices();
    }
  }
  return parts;
}

// `a * b` of two host expressions, folded when both are numbers (so a program of fixed sizes
// spells every size as a number).
std::string mul(const std::string& a, const std::string& b) {
  int64_t x = 0, y = 0;
  auto number = [](const std::string& s, int64_t& v) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size();
  };
  if (number(a, x) && number(b, y)) {
    return std::to_string(x * y);
  }
  if (a == "1" || b == "1") {
    return a == "1" ? b : a;
  }
  return a + " * " + b;
}

// The logical and device shapes of a tensor as host expressions: numbers, except the dimensions
// that are a T.dynamic size served at run time (DevicePlan::dynamic), which are expressions of it.
struct Dims {
  std::vector<std::string> shape, device;
};

Dims dims_of(const TensorPlan& t, const DevicePlan& plan) {
  Dims d;
  for (int64_t v : t.shape) {
    d.shape.push_back(std::to_string(v));
  }
  for (int64_t v : t.device_shape) {
    d.device.push_back(std::to_string(v));
  }
  for (const DynamicSize& size : plan.dynamic) {
    for (const DynamicTensorDim& dim : size.tensors) {
      if (dim.tensor == t.name) {
        d.shape[dim.dim] = size.name;
        d.device[dim.dim] = fmt::format("padded_extent({}, {})", size.name, dim.block);
      }
    }
  }
  return d;
}

// The 2-D device matrix of a tensor for (un)tilizing: leading dims folded into rows.
std::pair<std::string, std::string> matrix(const Dims& d) {
  std::string rows = "1";
  for (size_t i = 0; i + 1 < d.device.size(); ++i) {
    rows = rows == "1" ? d.device[i] : mul(rows, d.device[i]);
  }
  return {rows, d.device.back()};
}

// The padding of a tensor on the device: `batch` matrices of `rows x cols` logical elements
// (vectors: as spread into their tile row or column) stored as `prows x pcols`.
struct Padding {
  std::string batch = "1", rows, cols, prows, pcols;
  bool any() const { return rows != prows || cols != pcols; }
  std::string args() const {
    return fmt::format("{}, {}, {}, {}, {}", batch, rows, cols, prows, pcols);
  }
};

// The length of each vector of a vector tensor: its last logical dimension in device order.
std::string vector_length(const TensorPlan& t, const Dims& d) {
  return d.shape[t.dim_order.empty() ? d.shape.size() - 1 : t.dim_order.back()];
}

Padding padding(const TensorPlan& t, const Dims& d) {
  Padding p;
  size_t r = d.device.size();
  std::vector<std::string> logical = d.shape;
  for (size_t i = 0; i < t.dim_order.size(); ++i) {  // in device order
    logical[i] = d.shape[t.dim_order[i]];
  }
  if (t.vector != VectorKind::kNone) {  // each vector spread into its tile column (row)
    bool col = t.vector == VectorKind::kCol;
    logical = d.device;
    logical[col ? r - 2 : r - 1] = vector_length(t, d);
  }
  for (size_t i = 0; i + 2 < r; ++i) {
    p.batch = mul(p.batch, d.device[i]);
  }
  p.rows = r >= 2 ? logical[r - 2] : "1";
  p.cols = logical[r - 1];
  p.prows = r >= 2 ? d.device[r - 2] : "1";
  p.pcols = d.device[r - 1];
  return p;
}

// The expression of `t`'s values in logical row-major order from `tiled`, the tiles of its buffer
// (untilized, the padding cut, vectors gathered, dimensions put back in order); the inverse of
// emit_tile_order.
std::string untiled(const std::string& tiled, const TensorPlan& t, const Dims& dims) {
  auto [rows, cols] = matrix(dims);
  std::string data = fmt::format("untilize_nfaces({}, {}, {})", tiled, rows, cols);
  if (Padding pad = padding(t, dims); pad.any()) {
    data = fmt::format("unpad_matrices({}, {})", data, pad.args());
  }
  if (t.vector != VectorKind::kNone) {
    data = fmt::format("gather_vector({}, {}, {}, {})", data, product(t.shape),
                       t.vector == VectorKind::kCol, vector_length(t, dims));
  }
  if (!t.dim_order.empty()) {
    data = fmt::format("permute_dims({}, {{{}}}, {{{}}}, false)", data, join(t.shape),
                       join(t.dim_order));
  }
  return data;
}

// The lines that put `host`, `t`'s values in logical row-major order, in the order of its
// device tiles before tilize_nfaces (dimensions permuted, vectors spread, matrices padded);
// `in` indents them.
void emit_tile_order(std::string& o, const std::string& in, const TensorPlan& t, const Dims& dims) {
  if (!t.dim_order.empty()) {
    o += fmt::format("{}    host = permute_dims(host, {{{}}}, {{{}}}, true);\n", in,
                     fmt::join(dims.shape, ", "), join(t.dim_order));
  }
  if (t.vector != VectorKind::kNone) {
    o += fmt::format("{}    host = spread_vector(host, {}, {});\n", in,
                     t.vector == VectorKind::kCol, vector_length(t, dims));
  }
  if (Padding pad = padding(t, dims); pad.any()) {
    o += fmt::format("{}    host = pad_matrices(host, {});\n", in, pad.args());
  }
}

// The text of host_prologue.cpp after its `// @begin` line, with each `// @section NAME` ...
// `// @end` block kept only when `keep` says so (marker lines are dropped).
std::string prologue(const std::map<std::string, bool>& keep) {
  std::string_view text = embedded::host_prologue().front().text;
  text.remove_prefix(text.find("// @begin\n") + std::string_view("// @begin\n").size());
  std::string out;
  bool on = true;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl == std::string_view::npos ? text.size() : nl + 1);
    text.remove_prefix(line.size());
    if (line.starts_with("// @section ")) {
      std::string name(line.substr(12, line.size() - 13));
      on = keep.at(name);
    } else if (line.starts_with("// @end")) {
      on = true;
    } else if (on) {
      out += line;
    }
  }
  return out;
}

// The halo exchange of an input sharded by rows over the devices of a mesh, else nullptr.
const MeshHalo* halo_of(const DevicePlan& plan, const TensorPlan& t) {
  return plan.mesh && plan.mesh->by_offsets() && t.mesh_halo ? &*t.mesh_halo : nullptr;
}

// The collective library's host side (collectives.h without its include guard), put in front of
// the host program of a kernel with a reduction split over the mesh.
std::string ccl_host_library() {
  for (const embedded::File& f : embedded::ccl_library()) {
    if (f.name == "collectives.h") {
      std::string text(f.text);
      const std::string guard = "#pragma once\n";
      text.erase(text.find(guard), guard.size());
      return text + "\n";
    }
  }
  TILE_ASSERT(false) << "collectives.h is not embedded";
  return "";
}

// A tensor's device buffer and its address; filled from DATA_DIR/<name>.bin when `upload` and
// the tensor is an input (a scratch tensor of several launches is only allocated).
void emit_tensor(std::string& o, const TensorPlan& t, const DevicePlan& plan, bool upload) {
  auto ln = [&](const std::string& s = "") { o += s + "\n"; };
  const Dims dims = dims_of(t, plan);
  const std::string shape = fmt::format("{}", fmt::join(dims.shape, ", "));
  auto [rows, cols] = matrix(dims);
  const std::string count = mul(rows, cols);
  // The device's element type, and the .bin file's when the device stores another dtype.
  std::string ht = host_type(t.device_dtype.value_or(t.dtype));
  const std::string f8 = float8_format(t);
  ln(fmt::format("  // {}: {}[{}], {}, {} {}, one {}-byte tile per page.", t.name, t.dtype.str(),
                 shape, t.is_output() ? (t.is_input() ? "input and output" : "output") : "input",
                 to_string(t.memory), to_string(t.layout), t.page_size));
  if (t.device_dtype) {
    ln(fmt::format("  // Stored on the device as {}{}.", t.device_dtype->str(),
                   f8.empty() ? "" : ", converted at upload and download"));
  }
  // Block-float tiles: the tilized values packed by the SDK's helper at upload (a page per tile,
  // shared exponents included), unpacked at download.
  const std::string bfp = block_float_stem(t);
  if (!bfp.empty()) {
    ln(
        fmt::format("  // Stored on the device as {} block-float tiles, packed at upload and "
                    "unpacked at download.",
                    to_string(t.tile_format)));
  }
  const bool is_split = !t.mesh_dims.empty();
  if (is_split) {
    ln(
        fmt::format("  // Split over the mesh: the whole tensor is [{}]; device d holds chunk "
                    "{}_chunks[d] of",
                    join(plan.global_shape(t)), t.name));
    ln(fmt::format("  // [{}] equal chunks per dimension, {}[{}] elements.",
                   join(parts_of(plan, t)), ht, shape));
    std::string chunks;
    for (int64_t d = 0; d < plan.mesh->devices(); ++d) {
      chunks += fmt::format("{}{{{}}}", d ? ", " : "", join(plan.chunk_of(t, d)));
    }
    ln(fmt::format("  const std::vector<std::vector<size_t>> {}_chunks = {{{}}};", t.name, chunks));
    if (const auto& spec = t.shard_spec) {
      // Each device's buffer shards its chunk over its own cores (one shard spec for all: the
      // chunks have one shape and the allocator is lock-step).
      ln(fmt::format(
          "  // Each device shards its chunk over its cores: shards of {}x{} elements{}.",
          spec->shard_shape[0], spec->shard_shape[1],
          spec->col_major ? ", placed column by column" : ""));
      ln(fmt::format("  auto {}_buffer = make_split_sharded_buffer(", t.name));
      ln(fmt::format("      *mesh, {} * sizeof({}), sizeof({}), {},", count, ht, ht, t.page_size));
      ln(fmt::format(
          "      ShardSpecBuffer(CoreRangeSet(std::vector<CoreRange>{{{}}}), {{{}, {}}},",
          core_ranges(spec->cores), spec->shard_shape[0], spec->shard_shape[1]));
      ln(fmt::format("                      ShardOrientation::{}, {{32, 32}}, {{{}, {}}}),",
                     spec->col_major ? "COL_MAJOR" : "ROW_MAJOR", spec->tensor_pages[0],
                     spec->tensor_pages[1]));
      ln(fmt::format("      TensorMemoryLayout::{}, BufferType::{});", spec->memory_layout,
                     to_string(t.memory)));
    } else {
      ln(fmt::format(
          "  auto {}_buffer = make_split_buffer(*mesh, {} * sizeof({}), sizeof({}), {}, "
          "BufferType::{});",
          t.name, count, ht, ht, t.page_size, to_string(t.memory)));
    }
  } else if (const MeshHalo* h = halo_of(plan, t)) {
    std::vector<int64_t> own(h->own.begin(), h->own.end());
    ln(fmt::format(
        "  // Sharded by rows over the mesh with a halo exchange: device d owns pages [own[d],"));
    ln("  // own[d + 1]) and its blocks read [need_first[d], need_end[d]); its buffer holds the");
    ln(fmt::format(
        "  // {} pages from window_first[d] on (the rest of the tensor is on other devices).",
        h->window));
    ln(fmt::format("  const ccl::HaloPlan {}_halo{{{{{}}}, {{{}}}, {{{}}}, {{{}}}}};", t.name,
                   join(own), join(h->need_first), join(h->need_end), join(h->window_first)));
    ln(
        fmt::format("  auto {}_buffer = make_split_buffer(*mesh, {} * {}, sizeof({}), {}, "
                    "BufferType::DRAM);",
                    t.name, h->window, t.page_size, ht, t.page_size));
  } else if (const auto& spec = t.shard_spec) {
    // The shard extents and tensor pages: numbers, or expressions of a T.dynamic size along the
    // axis it shards (DynamicShard).
    std::vector<std::string> shard = {std::to_string(spec->shard_shape[0]),
                                      std::to_string(spec->shard_shape[1])};
    std::vector<std::string> pages = {std::to_string(spec->tensor_pages[0]),
                                      std::to_string(spec->tensor_pages[1])};
    for (const DynamicSize& size : plan.dynamic) {
      for (const DynamicShard& sh : size.shards) {
        if (sh.tensor == t.name) {
          shard[sh.dim] = fmt::format("{} / {}", size.name, sh.grid);
          pages[sh.dim] = fmt::format("{} / 32", size.name);
        }
      }
    }
    ln(fmt::format("  // Shards of {}x{} elements, one per {}, in row-major order{}.", shard[0],
                   shard[1], t.memory == MemoryKind::kDram ? "DRAM bank" : "core",
                   spec->col_major ? ", placed on the cores column by column" : ""));
    ln(fmt::format("  auto {}_buffer = make_sharded_buffer(", t.name));
    ln(fmt::format("      *mesh, {} * sizeof({}), {},", count, ht, t.page_size));
    ln(fmt::format("      ShardSpecBuffer(CoreRangeSet(std::vector<CoreRange>{{{}}}), {{{}, {}}},",
                   core_ranges(spec->cores), shard[0], shard[1]));
    ln(fmt::format("                      ShardOrientation::{}, {{32, 32}}, {{{}, {}}}),",
                   spec->col_major ? "COL_MAJOR" : "ROW_MAJOR", pages[0], pages[1]));
    ln(fmt::format("      TensorMemoryLayout::{}, BufferType::{});", spec->memory_layout,
                   to_string(t.memory)));
  } else if (t.mesh_partial) {
    ln(fmt::format("  // Every device's {} holds {} partial sums over its part of the reduction.",
                   t.name, t.mesh_partial->str()));
    ln(fmt::format("  auto {}_buffer = make_buffer(*mesh, {} * sizeof({}), {}, BufferType::{});",
                   t.name, count, host_type(*t.mesh_partial), t.page_size, to_string(t.memory)));
  } else if (!bfp.empty()) {
    ln(fmt::format("  auto {}_buffer = make_buffer(*mesh, {} / 1024 * {}, {}, BufferType::{});",
                   t.name, count, t.page_size, t.page_size, to_string(t.memory)));
  } else {
    ln(fmt::format("  auto {}_buffer = make_buffer(*mesh, {} * sizeof({}), {}, BufferType::{});",
                   t.name, count, ht, t.page_size, to_string(t.memory)));
  }
  if (upload && t.is_input()) {
    ln("  {");
    Padding pad = padding(t, dims);
    std::string logical = mul(mul(pad.batch, pad.rows), pad.cols);
    if (t.vector != VectorKind::kNone) {
      logical = "1";
      for (const std::string& e : dims.shape) {
        logical = mul(logical, e);
      }
    }
    // A split tensor is read whole and each device's chunk goes the way of a one-device tensor.
    std::string in = is_split ? "    " : "";
    if (is_split) {
      logical = std::to_string(product(plan.global_shape(t)));
      ln(fmt::format("    std::vector<{}> whole;", f8.empty() ? ht : "uint8_t"));
      ln(fmt::format("    if (!read_tensor(data_dir, \"{}\", {}, whole)) {{", t.name, logical));
      ln("      return 1;");
      ln("    }");
      if (!f8.empty()) {
        ln(fmt::format("    const std::vector<{}> wide = float8_to_bfloat16(whole, {});", ht, f8));
      }
      ln(fmt::format("    std::vector<{}> tiles;  // every device's tilized chunk, in device order",
                     ht));
      ln(fmt::format("    for (const std::vector<size_t>& index : {}_chunks) {{", t.name));
      ln(fmt::format("      std::vector<{}> host = take_chunk({}, {{{}}}, {{{}}}, index);", ht,
                     f8.empty() ? "whole" : "wide", join(plan.global_shape(t)),
                     join(parts_of(plan, t))));
    } else {
      ln(fmt::format("    std::vector<{}> {};", f8.empty() ? ht : "uint8_t",
                     f8.empty() ? "host" : "file"));
      ln(fmt::format("    if (!read_tensor(data_dir, \"{}\", {}, {})) {{", t.name, logical,
                     f8.empty() ? "host" : "file"));
      ln("      return 1;");
      ln("    }");
      if (!f8.empty()) {
        ln(fmt::format("    std::vector<{}> host = float8_to_bfloat16(file, {});", ht, f8));
      }
    }
    emit_tile_order(o, in, t, dims);
    if (is_split) {
      ln(fmt::format("      const std::vector<{}> chunk = tilize_nfaces(host, {}, {});", ht, rows,
                     cols));
      ln("      tiles.insert(tiles.end(), chunk.begin(), chunk.end());");
      ln("    }");
      ln(fmt::format("    distributed::EnqueueWriteMeshBuffer(cq, {}_buffer, tiles, false);",
                     t.name));
    } else if (const MeshHalo* h = halo_of(plan, t)) {
      ln(
          fmt::format("    distributed::EnqueueWriteMeshBuffer(cq, {0}_buffer, halo_windows("
                      "tilize_nfaces(host, {1}, {2}), {3} / sizeof({4}), {0}_halo.own, "
                      "{0}_halo.window_first, {5}, {6}), false);",
                      t.name, rows, cols, t.page_size, ht, h->window, plan.mesh->cols));
    } else if (!bfp.empty()) {
      ln(fmt::format(
          "    distributed::EnqueueWriteMeshBuffer(cq, {}_buffer, pack_fp32_vec_as_{}_tiles("
          "to_float32(tilize_nfaces(host, {}, {})), false, false), false);",
          t.name, bfp, rows, cols));
    } else {
      ln(
          fmt::format("    distributed::EnqueueWriteMeshBuffer(cq, {}_buffer, tilize_nfaces(host, "
                      "{}, {}), false);",
                      t.name, rows, cols));
    }
    ln("  }");
  }
  // A tensor with a halo exchange has its kernel address per device (offset_programs).
  ln(fmt::format("  const uint32_t {0}_{1}addr = static_cast<uint32_t>({0}_buffer->address());",
                 t.name, halo_of(plan, t) ? "base_" : ""));
}

// A kernel scalar's 32-bit pattern read from DATA_DIR/<name>.bin.
void emit_scalar(std::string& o, const ScalarPlan& sc) {
  auto ln = [&](const std::string& s = "") { o += s + "\n"; };
  ln(fmt::format("  // kernel scalar {} ({}): its 32-bit pattern is a runtime argument.", sc.name,
                 sc.dtype.str()));
  ln(fmt::format("  uint32_t {}_bits = 0;", sc.name));
  ln("  {");
  ln(fmt::format("    std::vector<{}> value;", host_type(sc.dtype)));
  ln(fmt::format("    if (!read_tensor(data_dir, \"{}\", 1, value)) {{", sc.name));
  ln("      return 1;");
  ln("    }");
  ln(fmt::format("    std::memcpy(&{}_bits, value.data(), sizeof({}_bits));", sc.name, sc.name));
  if (sc.value) {
    // The block grid was fixed for this value at compile time.
    ln(fmt::format("    if (value[0] != {}) {{", *sc.value));
    ln(
        fmt::format("      std::fprintf(stderr, \"kernel scalar {} is %lld; the program was "
                    "compiled for {} = {} (its block grid depends on it)\\n\", "
                    "static_cast<long long>(value[0]));",
                    sc.name, sc.name, *sc.value));
    ln("      return 1;");
    ln("    }");
  }
  ln("  }");
}

// The programs of a mesh split by block offsets: `body` (emit_program's text for device `d` at
// `coord`) once per device, in a loop over the devices' block offsets and counts, each device's
// program added to the workload for that device alone.
std::string offset_programs(const DevicePlan& plan, const std::string& body) {
  const MeshPlan& m = *plan.mesh;
  std::string o;
  auto ln = [&](const std::string& s = "") { o += s + "\n"; };
  ln("  // Split by block offsets: device d runs block ids [mesh_offsets[d], mesh_offsets[d] +");
  ln("  // mesh_counts[d]) of the whole grid on the whole tensors, through its own program whose");
  ln("  // cores' start ids and counts (runtime arguments) are the compiled ranges shifted and");
  ln("  // clipped to that range.");
  ln(fmt::format("  const std::vector<uint32_t> mesh_offsets = {{{}}};", join(m.block_offsets)));
  ln(fmt::format("  const std::vector<uint32_t> mesh_counts = {{{}}};", join(m.block_counts)));
  ln("  const std::vector<CoreWork> compiled_work = {");
  for (const CoreWork& w : plan.partition->work) {
    ln(fmt::format("      {{{}, {}, {}, {}}},", w.core.x, w.core.y, w.start_id, w.count));
  }
  ln("  };");
  ln("  distributed::MeshWorkload workload;");
  ln("  for (uint32_t d = 0; d < mesh_offsets.size(); ++d) {");
  ln(fmt::format("    const distributed::MeshCoordinate coord = split_device(d, {});", m.cols));
  for (const TensorPlan& t : plan.tensors) {
    if (const MeshHalo* h = halo_of(plan, t)) {
      // Its window starts at a multiple of the banks: a base address that many pages per bank
      // lower puts the kernel's page ids of the whole tensor at their window's pages (32-bit
      // arithmetic wraps alike on the host and the RISC-V).
      ln(fmt::format(
          "    const uint32_t {0}_addr = {0}_base_addr - {0}_halo.window_first[d] / {1} "
          "* {2};",
          t.name, h->banks, t.page_size));
    }
  }
  for (size_t at = 0; at < body.size();) {
    size_t nl = body.find('\n', at);
    std::string line = body.substr(at, nl - at);
    o += (line.empty() ? "" : "  ") + line + "\n";
    at = nl + 1;
  }
  ln("  }");
  ln("  distributed::EnqueueMeshWorkload(cq, workload, false);");
  return o;
}

// The reshard work items of a copy into L1-sharded `t` (empty for any other destination): per
// shard, in shard order, the core holding it (the k-th core of the spec's ranges, row by row or,
// COL_MAJOR, column by column, as TT-Metalium places shards) and its pages, a rectangle of the
// tensor's tile grid. Each core then reads its shard's tiles from the source and writes its own
// L1, as TTNN's reshard does.
std::vector<std::string> shard_copy_work(const TensorPlan& t) {
  if (!t.shard_spec || t.memory != MemoryKind::kL1 || t.shard_spec->tensor_pages.size() != 2 ||
      t.device_shape.size() != 2) {
    return {};
  }
  const HostShardSpec& spec = *t.shard_spec;
  std::vector<CoreCoord> cores;
  for (const CoreRange& r : spec.cores) {
    for (int64_t a = 0; a < (spec.col_major ? r.extent.x : r.extent.y); ++a) {
      for (int64_t b = 0; b < (spec.col_major ? r.extent.y : r.extent.x); ++b) {
        cores.push_back(spec.col_major ? CoreCoord{r.start.x + a, r.start.y + b}
                                       : CoreCoord{r.start.x + b, r.start.y + a});
      }
    }
  }
  const int64_t rows = spec.tensor_pages[0], cols = spec.tensor_pages[1];
  const int64_t sh = spec.shard_shape[0] / 32, sw = spec.shard_shape[1] / 32;
  if (sh <= 0 || sw <= 0 || rows % sh != 0 || cols % sw != 0 ||
      static_cast<int64_t>(cores.size()) != (rows / sh) * (cols / sw)) {
    return {};
  }
  std::vector<std::string> work;
  for (int64_t k = 0; k < static_cast<int64_t>(cores.size()); ++k) {
    const int64_t r = k / (cols / sw), c = k % (cols / sw);
    work.push_back(fmt::format("{{{}, {}, {}, {}, {}, {}}}", cores[k].x, cores[k].y,
                               r * sh * cols + c * sw, sh, sw, cols));
  }
  return work;
}

// One device program: its cores, CBs, semaphores, the three kernels (from `<prefix>reader.cpp`,
// ...) and their runtime arguments, enqueued on `cq`.
std::string emit_program(const DevicePlan& plan, const std::string& prefix,
                         const Stems& stems = {}) {
  const WorkPartition& part = *plan.partition;
  const bool sizes = !plan.dynamic.empty();
  const bool offsets = plan.mesh && plan.mesh->by_offsets();  // mesh programs have fixed sizes
  std::string o;
  auto ln = [&](const std::string& s = "") { o += s + "\n"; };
  ln("  Program program = CreateProgram();");
  if (offsets) {
    // The device's cores: those of the compiled partition its count leaves some blocks.
    ln("  const std::vector<CoreWork> work = device_work(compiled_work, mesh_offsets[d], "
       "mesh_counts[d]);");
    ln(fmt::format("  const CoreRangeSet cores(partition_ranges(int64_t(work.size()), {}));",
                   plan.device_grid.x));
  } else if (sizes) {
    // The block grid from the sizes, then the balanced global partition over it (the driver
    // checked that B1 chooses this one at every size).
    std::vector<std::string> grid;
    for (int64_t e : part.block_grid) {
      grid.push_back(std::to_string(e));
    }
    for (const DynamicSize& d : plan.dynamic) {
      for (const DynamicExtent& e : d.grid) {
        grid[e.dim] = fmt::format("ceil_div({}, {})", d.name, e.block);
      }
    }
    std::string blocks = "1";
    for (const std::string& e : grid) {
      blocks = mul(blocks, e);
    }
    ln(fmt::format("  // T.Kernel grid [{}]; each core's block range is a runtime argument.",
                   fmt::join(grid, ", ")));
    if (part.mode == PartitionMode::kLocalShard) {
      // Shards whose extent follows the size (DynamicShard): the shard cores stay, each runs
      // the blocks of its own shard, consecutive equal ranges in shard order.
      ln("  // The shard cores, in shard order: each runs the blocks of its own shard.");
      ln("  std::vector<CoreWork> work = {");
      for (const CoreWork& w : part.work) {
        ln(fmt::format("      {{{}, {}, 0, 0}},", w.core.x, w.core.y));
      }
      ln("  };");
      ln("  for (size_t k = 0; k < work.size(); ++k) {");
      ln(fmt::format("    work[k].count = uint32_t({} / int64_t(work.size()));", blocks));
      if (part.stride_width > 0) {
        // Block sharding: each shard a rectangle of rows of `stride_width` blocks; the cores in
        // rows of `c`, one per shard row (runtime_sizes.cc checked B1 chooses this at each size).
        const int64_t c = part.stride_row / part.stride_width;
        ln(
            fmt::format("    work[k].start_id = uint32_t(k / {0} * ({1} / (int64_t(work.size()) / "
                        "{0})) + k % {0} * {2});",
                        c, blocks, part.stride_width));
      } else {
        ln("    work[k].start_id = uint32_t(k) * work[k].count;");
      }
      ln("  }");
      ln(fmt::format("  const CoreRangeSet cores(std::vector<CoreRange>{{{}}});",
                     core_ranges(part.ranges)));
    } else {
      ln(fmt::format("  const std::vector<CoreWork> work = partition_blocks({}, {}, {});", blocks,
                     plan.device_grid.x, plan.device_grid.y));
      ln(fmt::format("  const CoreRangeSet cores(partition_ranges(int64_t(work.size()), {}));",
                     plan.device_grid.x));
    }
  }
  if (!sizes && !offsets) {
    ln(fmt::format("  const CoreRangeSet cores(std::vector<CoreRange>{{{}}});",
                   core_ranges(part.ranges)));
  }
  ln();
  ln("  // Circular buffers: index, data format, pages x page size.");
  for (const CbPlan& c : plan.cbs) {
    ln(fmt::format("  CreateCircularBuffer(program, cores,  // {} ({})", c.name,
                   to_string(c.role)));
    ln(fmt::format(
        "                       CircularBufferConfig({} * {}, {{{{{}, tt::DataFormat::{}}}}})",
        c.num_pages, c.page_size, c.index, c.format));
    ln(fmt::format("                           .set_page_size({}, {}));", c.index, c.page_size));
  }
  if (std::any_of(plan.tensors.begin(), plan.tensors.end(),
                  [](const TensorPlan& t) { return t.ordered_update; })) {
    ln();
    ln("  // Ordered updates: per tensor, the token the reader takes before reading a block of it");
    ln("  // and the writer puts back once its write of a block has landed.");
    for (const TensorPlan& t : plan.tensors) {
      if (t.ordered_update) {
        ln(fmt::format("  const uint32_t {0}_update_sem = CreateSemaphore(program, cores, 1);",
                       t.name));
      }
    }
  }
  if (!plan.multicast.empty()) {
    ln();
    ln("  // Operand multicast: per operand, the semaphore its receivers raise when they have "
       "room");
    ln("  // for a block and the flag its sender raises once the block has landed.");
    for (const McastOperand& m : plan.multicast) {
      ln(fmt::format("  const uint32_t {0}_sender_sem = CreateSemaphore(program, cores, 0);",
                     m.tensor));
      ln(fmt::format("  const uint32_t {0}_receiver_sem = CreateSemaphore(program, cores, 0);",
                     m.tensor));
    }
    ln("  auto noc_xy = [&](uint32_t x, uint32_t y) {");
    ln("    return mesh->worker_core_from_logical_core(CoreCoord{x, y});");
    ln("  };");
  }
  ln();
  auto dm = [&](KernelRole r, const char* risc, std::string noc) {
    const KernelPlan& k = *plan.find_kernel(r);
    if (k.noc) {
      noc = fmt::format("NOC_{}", *k.noc);
    }
    const char* role = to_string(r);
    ln(fmt::format("  std::vector<uint32_t> {}_compile_args;", role));
    for (const auto& a : k.accessors) {
      ln(fmt::format("  TensorAccessorArgs(*{}_buffer).append_to({}_compile_args);",
                     stem_of(stems, a), role));
    }
    ln(fmt::format("  KernelHandle {} = CreateKernel(", role));
    ln(fmt::format("      program, \"{}{}.cpp\", cores,", prefix, role));
    ln(fmt::format(
        "      DataMovementConfig{{.processor = DataMovementProcessor::{}, .noc = NOC::{},", risc,
        noc));
    ln(fmt::format("                         .compile_args = {}_compile_args}});", role));
  };
  dm(KernelRole::kReader, "RISCV_1", "RISCV_1_default");
  dm(KernelRole::kWriter, "RISCV_0", "RISCV_0_default");
  ln("  KernelHandle compute = CreateKernel(");
  ln(fmt::format("      program, \"{}compute.cpp\", cores,", prefix));
  ln(fmt::format(
      "      ComputeConfig{{.math_fidelity = MathFidelity::{}, .fp32_dest_acc_en = {}{}}});",
      plan.compute->math_fidelity, plan.compute->fp32_dest_acc_en ? "true" : "false",
      plan.compute->math_approx_mode ? ", .math_approx_mode = true" : ""));
  ln();
  if (!sizes && !offsets) {
    ln("  const std::vector<CoreWork> work = {");
    for (const CoreWork& w : part.work) {
      ln(fmt::format("      {{{}, {}, {}, {}}},", w.core.x, w.core.y, w.start_id, w.count));
    }
    ln("  };");
  }
  ln("  for (const CoreWork& w : work) {");
  ln("    const CoreCoord core{w.x, w.y};");
  for (KernelRole r : {KernelRole::kReader, KernelRole::kCompute, KernelRole::kWriter}) {
    ln(fmt::format("    SetRuntimeArgs(program, {}, core, {{{}}});", to_string(r),
                   arg_list(*plan.find_kernel(r), plan, stems)));
  }
  ln("  }");
  ln();
  if (offsets) {
    ln("  workload.add_program(distributed::MeshCoordinateRange(coord), std::move(program));");
    return offset_programs(plan, o);
  }
  if (plan.mesh) {
    ln("  // One program for every device of the mesh: a device's tensors have the same addresses "
       "on");
    ln("  // all devices (lock-step allocation) and its chunks the same shapes, so its runtime");
    ln("  // arguments are the same too.");
  }
  ln("  distributed::MeshWorkload workload;");
  ln("  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), "
     "std::move(program));");
  ln("  distributed::EnqueueMeshWorkload(cq, workload, false);");
  return o;
}

// An output tensor read back from the device into DATA_DIR/<name>.bin.
void emit_readback(std::string& o, const TensorPlan& t, const DevicePlan& plan) {
  auto ln = [&](const std::string& s = "") { o += s + "\n"; };
  const Dims dims = dims_of(t, plan);
  const bool is_split = !t.mesh_dims.empty();
  // Partial sums are read from their all-reduced sum (any device's; the mesh's first).
  const std::string ht =
      host_type(t.mesh_partial ? *t.mesh_partial : t.device_dtype.value_or(t.dtype));
  const std::string buffer = t.name + (t.mesh_partial ? "_sum" : "_buffer");
  ln("  {");
  if (const std::string bfp = block_float_stem(t); !bfp.empty()) {
    ln(fmt::format("    std::vector<uint32_t> packed({}->size() / sizeof(uint32_t));", buffer));
    ln(fmt::format("    distributed::EnqueueReadMeshBuffer(cq, packed, {}, true);", buffer));
    const std::string values =
        fmt::format("unpack_{}_tiles_into_float_vec(packed, false, false)", bfp);
    ln(fmt::format("    const std::vector<{}> tiled = {};", ht,
                   ht == "float" ? values : fmt::format("to_bfloat16({})", values)));
  } else {
    ln(fmt::format("    std::vector<{0}> tiled({1}->size() / sizeof({0}));", ht, buffer));
    ln(fmt::format("    distributed::EnqueueReadMeshBuffer(cq, tiled, {}, true);", buffer));
  }
  std::string data = untiled(is_split ? "tiles" : "tiled", t, dims);
  if (t.mesh_partial && *t.mesh_partial != t.dtype) {
    data = fmt::format("to_bfloat16({})", data);
  }
  if (std::string f8 = float8_format(t); !f8.empty()) {
    data = fmt::format("bfloat16_to_float8({}, {})", data, f8);
  }
  if (!t.mesh_block_dims.empty() && plan.mesh) {
    // Split by block offsets: every device holds the whole output; each element comes from the
    // device whose block range holds the element's block.
    const MeshPlan& m = *plan.mesh;
    ln(fmt::format("    auto whole = {};  // device (0, 0)'s blocks", data));
    ln(fmt::format("    const std::vector<int64_t> offsets = {{{}}}, counts = {{{}}};",
                   join(m.block_offsets), join(m.block_counts)));
    ln(fmt::format("    for (uint32_t d = 1; d < {}; ++d) {{", m.devices()));
    ln(fmt::format("      distributed::ReadShard(cq, tiled, {}, split_device(d, {}), true);",
                   buffer, m.cols));
    ln(
        fmt::format("      put_blocks(whole, {}, {{{}}}, {{{}}}, {{{}}}, {{{}}}, offsets[d], "
                    "offsets[d] + counts[d]);",
                    data, join(t.shape), join(t.mesh_block_dims), join(t.mesh_block_sizes),
                    join(plan.partition->block_grid)));
    ln("    }");
    data = "whole";
  } else if (is_split) {
    // Each device's tilized chunk goes back the way of a one-device tensor into its place.
    const std::string global = join(plan.global_shape(t));
    ln(fmt::format("    std::vector<{}> whole({});", float8_format(t).empty() ? ht : "uint8_t",
                   product(plan.global_shape(t))));
    ln(fmt::format("    const size_t share = tiled.size() / {}_chunks.size();", t.name));
    ln(fmt::format("    for (size_t d = 0; d < {}_chunks.size(); ++d) {{", t.name));
    ln(
        fmt::format("      const std::vector<{}> tiles(tiled.begin() + d * share, tiled.begin() + "
                    "(d + 1) * share);",
                    ht));
    ln(fmt::format("      put_chunk(whole, {{{}}}, {{{}}}, {}_chunks[d], {});", global,
                   join(parts_of(plan, t)), t.name, data));
    ln("    }");
    data = "whole";
  }
  ln(fmt::format("    if (!write_tensor(data_dir, \"{}\", {})) {{", t.name, data));
  ln("      return 1;");
  ln("    }");
  ln("  }");
}

// The storage of tensor `name` in device program i: the first program that stores it the same
// way (the plan's Reshard names storages so).
int64_t storage_of_program(const std::string& name, size_t i,
                           const std::vector<const Module*>& launches) {
  const TensorPlan* t = launches[i]->plan.find_tensor(name);
  for (size_t j = 0; j < i; ++j) {
    if (const TensorPlan* u = launches[j]->plan.find_tensor(name);
        u && same_storage(*u, *t) &&
        same_mesh_chunks(launches[j]->plan, *u, launches[i]->plan, *t)) {
      return static_cast<int64_t>(j);
    }
  }
  return static_cast<int64_t>(i);
}

// The storage of the first program using `name`: the top plan's, where it is uploaded and read.
int64_t home_storage(const std::string& name, const std::vector<const Module*>& launches) {
  for (size_t i = 0; i < launches.size(); ++i) {
    if (launches[i]->plan.find_tensor(name)) {
      return static_cast<int64_t>(i);
    }
  }
  return 0;
}

std::string storage_stem(const std::string& name, int64_t storage,
                         const std::vector<const Module*>& launches) {
  return storage == home_storage(name, launches) ? name : fmt::format("{}_s{}", name, storage);
}

// The tile rectangles each device copies out of the whole tensor into its chunk of `to` (program
// `pt`'s split) on a mesh: the whole tensor held as the chunks of `from` (program `pf`'s split,
// all-gathered: device s's chunk at pages [s * chunk, (s + 1) * chunk)) or, when `from` is
// replicated or a sum, whole. Matrices of whole tiles (check_mesh_launches); one rectangle per
// source chunk a destination chunk overlaps: `device, src_start, rows, cols, src_stride,
// dst_start, dst_stride`.
std::vector<std::string> take_work(const DevicePlan& pf, const TensorPlan& from,
                                   const DevicePlan& pt, const TensorPlan& to) {
  const int64_t devices = pt.mesh->devices();
  const bool whole = from.mesh_dims.empty();
  const int64_t fr = (whole ? pf.global_shape(from)[0] : from.shape[0]) / 32;
  const int64_t fc = (whole ? pf.global_shape(from)[1] : from.shape[1]) / 32;
  const int64_t tr = to.shape[0] / 32, tc = to.shape[1] / 32;
  std::vector<std::string> work;
  for (int64_t d = 0; d < devices; ++d) {
    const std::vector<int64_t> cd = pt.chunk_of(to, d);
    const int64_t r0 = cd[0] * tr, c0 = cd[1] * tc;
    for (int64_t s = 0; s < (whole ? 1 : devices); ++s) {
      const std::vector<int64_t> cs = whole ? std::vector<int64_t>{0, 0} : pf.chunk_of(from, s);
      const int64_t sr = cs[0] * fr, sc = cs[1] * fc;
      const int64_t top = std::max(r0, sr), bottom = std::min(r0 + tr, sr + fr);
      const int64_t left = std::max(c0, sc), right = std::min(c0 + tc, sc + fc);
      if (top >= bottom || left >= right) {
        continue;
      }
      work.push_back(fmt::format("{{{}, {}, {}, {}, {}, {}, {}}}", d,
                                 s * fr * fc + (top - sr) * fc + (left - sc), bottom - top,
                                 right - left, fc, (top - r0) * tc + (left - c0), tc));
    }
  }
  return work;
}

std::string tile_format_of(const TensorPlan& t) {
  return t.tile_format == TileFormat::kBfp8b ? std::string("Bfp8_b")
         : t.tile_format == TileFormat::kBfp4b
             ? std::string("Bfp4_b")
             : data_format(t.device_dtype.value_or(t.dtype)).value();
}

}  // namespace

std::map<std::string, std::string> ccl_kernel_files(const DevicePlan& plan) {
  std::map<std::string, std::string> files;
  bool partial = false;
  for (const TensorPlan& t : plan.tensors) {
    partial |= t.mesh_partial.has_value();
  }
  for (const TensorPlan& t : plan.tensors) {
    partial |= halo_of(plan, t) != nullptr;  // the halo exchange's kernel
  }
  for (const embedded::File& f : embedded::ccl_library()) {
    if (partial && f.name != "collectives.h") {
      files[std::string(f.name)] = std::string(f.text);
    }
  }
  return files;
}

std::map<std::string, std::string> ccl_kernel_files(const DevicePlan& top,
                                                    const std::vector<const Module*>& launches) {
  std::map<std::string, std::string> files;
  for (const Module* m : launches) {
    files.merge(ccl_kernel_files(m->plan));  // a tensor-parallel program's all-reduce
  }
  for (const Reshard& r : top.reshards) {
    if (r.collective != MeshCollective::kCopy) {
      for (const embedded::File& f : embedded::ccl_library()) {
        if (f.name != "collectives.h") {
          files[std::string(f.name)] = std::string(f.text);
        }
      }
    }
  }
  return files;
}

std::string emit_host(const Module& lowered) {
  const DevicePlan& plan = lowered.plan;
  TILE_ASSERT(plan.partition && plan.compute && plan.kernels.size() == 3)
      << "codegen needs the plan of the three split kernels";
  const WorkPartition& part = *plan.partition;
  std::string o;
  auto ln = [&](const std::string& s = "") { o += s + "\n"; };
  const bool sizes = !plan.dynamic.empty();  // one program for every value of T.dynamic sizes
  if (sizes) {
    ln(
        fmt::format("// Host program for the TileLang kernel `{}`, generated by tltt for {} (cores "
                    "chosen at run time).",
                    plan.kernel, plan.device));
  } else {
    ln(fmt::format(
        "// Host program for the TileLang kernel `{}`, generated by tltt for {} ({} cores).",
        plan.kernel, plan.device, part.work.size()));
  }
  bool partial = false;
  for (const TensorPlan& t : plan.tensors) {
    partial |= t.mesh_partial.has_value();
  }
  if (const auto& m = plan.mesh; m && partial) {
    ln(fmt::format(
        "// It runs on a {}x{} mesh, tensor-parallel: every device runs the whole block grid "
        "over its part",
        m->rows, m->cols));
    ln("// of the reduction (its chunks of the tensors the reduction walks), its outputs hold "
       "float32");
    ln("// partial sums, and an all-reduce over the mesh (the collectives below) adds them up.");
  } else if (const auto& m = plan.mesh) {
    ln(fmt::format(
        "// It runs on a {}x{} mesh: every device runs the kernel on its own part of the "
        "block grid",
        m->rows, m->cols));
    ln("// (tensors split over the mesh hold each device's chunk; the others are replicated).");
  }
  if (sizes) {
    std::string args;
    for (const DynamicSize& d : plan.dynamic) {
      args += " " + d.name + "=VALUE";
    }
    ln(fmt::format(
        "// Usage: ./program DATA_DIR{}  (the T.dynamic sizes: one program serves every "
        "value).",
        args));
    ln("// Run with the kernel files in the current directory. Inputs are");
  } else {
    ln("// Usage: ./program DATA_DIR  (run with the kernel files in the current directory). "
       "Inputs are");
  }
  ln("// read from and outputs written to DATA_DIR/<tensor>.bin: raw little-endian row-major "
     "elements,");
  ln("// or, loaded in-process, from and to the caller's memory bound with tltt_host_bind.");
  bool vectors = false;
  bool sharded = false;
  bool permuted = false;
  bool padded = false;
  bool split = false;
  bool float8 = false;
  bool bfp = false;
  for (const TensorPlan& t : plan.tensors) {
    float8 |= !float8_format(t).empty();
    bfp |= t.tile_format != TileFormat::kPlain;
    vectors |= t.vector != VectorKind::kNone;
    sharded |= t.shard_spec.has_value();
    permuted |= !t.dim_order.empty();
    padded |= padding(t, dims_of(t, plan)).any();
    split |= !t.mesh_dims.empty();
  }
  const bool offsets = plan.mesh && plan.mesh->by_offsets();
  bool halo = false;
  for (const TensorPlan& t : plan.tensors) {
    halo |= halo_of(plan, t) != nullptr;
  }
  if (partial || halo) {
    o += ccl_host_library();
  }
  o += prologue({{"vectors", vectors},
                 {"sharded", sharded},
                 {"permuted", permuted},
                 {"padding", padded},
                 {"mesh", split || halo},
                 {"split_sharded", split && sharded},
                 {"partial", partial || bfp},
                 {"float8", float8},
                 {"bfp", bfp},
                 {"fixed", !sizes},
                 {"sizes", sizes},
                 {"reshard", false},
                 {"ranges", sizes || offsets},
                 {"offsets", offsets}});
  for (const DynamicSize& d : plan.dynamic) {
    ln(fmt::format("  const int64_t {0} = runtime_size(argc, argv, \"{0}\");", d.name));
    ln(fmt::format("  if ({} <= 0) {{", d.name));
    ln(
        fmt::format("    std::fprintf(stderr, \"the T.dynamic size {0} needs a positive value: "
                    "{0}=VALUE\\n\");",
                    d.name));
    ln("    return 2;");
    ln("  }");
    for (const DynamicShard& sh : d.shards) {
      ln(fmt::format("  if ({} % {} != 0) {{", d.name, sh.multiple));
      ln(fmt::format(
          "    std::fprintf(stderr, \"the T.dynamic size {0} is %lld: the {1} shards of '{2}' "
          "along dimension {3} must be whole tiles and whole blocks, so {0} must be a multiple "
          "of {4}\\n\", static_cast<long long>({0}));",
          d.name, sh.grid, sh.tensor, sh.dim, sh.multiple));
      ln("    return 2;");
      ln("  }");
    }
  }
  if (const auto& m = plan.mesh) {
    ln("  auto mesh = distributed::MeshDevice::create(");
    ln(fmt::format("      distributed::MeshDeviceConfig(distributed::MeshShape({}, {})));", m->rows,
                   m->cols));
  } else {
    ln("  auto mesh = distributed::MeshDevice::create_unit_mesh(0);");
  }
  ln("  distributed::MeshCommandQueue& cq = mesh->mesh_command_queue();");
  ln();
  for (const TensorPlan& t : plan.tensors) {
    emit_tensor(o, t, plan, true);
  }
  ln();
  for (const ScalarPlan& sc : plan.scalars) {
    emit_scalar(o, sc);
  }
  for (const TensorPlan& t : plan.tensors) {
    if (const MeshHalo* h = halo_of(plan, t)) {
      ln(
          fmt::format("  // Halo exchange of {}: each device sends its neighbours the pages of its "
                      "own rows they",
                      t.name));
      ln("  // read (the ccl kernel halo_sender.cpp next to this program's kernels), before "
         "compute.");
      ln("  distributed::Finish(cq);");
      ln(fmt::format(
          "  const double {0}_halo_us = ccl::halo_exchange(*mesh, {0}_buffer, {0}_halo, "
          "\".\", ccl::TileFormat{{{1}, tt::DataFormat::{2}}});",
          t.name, t.page_size, h->format));
      ln(fmt::format("  if ({}_halo_us > 0) {{  // the simulator's time of the exchange", t.name));
      ln(fmt::format("    std::printf(\"halo exchange of {}: %.2f us\\n\", {}_halo_us);", t.name,
                     t.name));
      ln("  }");
    }
  }
  o += emit_program(plan, "");
  ln("  distributed::Finish(cq);");
  ln();
  for (const TensorPlan& t : plan.tensors) {
    if (!t.mesh_partial) {
      continue;
    }
    // Mesh programs have fixed sizes (runtime T.dynamic sizes exclude meshes).
    const int64_t cols = t.device_shape.back();
    const int64_t rows = product(t.device_shape) / cols;
    const int64_t tiles = rows * cols / (32 * 32);
    ln(fmt::format(
        "  // All-reduce of {}'s partial sums: a reduce-scatter (device d adds up chunk "
        "d of {} tiles",
        t.name, tiles / plan.mesh->devices()));
    ln("  // over the devices), then an all-gather of the sums; the kernels are the ccl files "
       "next to");
    ln("  // this program's kernels.");
    ln(fmt::format("  auto {0}_sum = make_buffer(*mesh, {1} * sizeof({2}), {3}, BufferType::DRAM);",
                   t.name, rows * cols, host_type(*t.mesh_partial), t.page_size));
    ln(fmt::format(
        "  const double {0}_us = ccl::all_reduce(*mesh, {0}_buffer, {0}_sum, {1}, \".\", "
        "ccl::kFloat32);",
        t.name, tiles / plan.mesh->devices()));
    ln(fmt::format("  if ({}_us > 0) {{  // the simulator's time of the collective", t.name));
    ln(fmt::format(
        "    std::printf(\"all-reduce of {0}: %.2f us (reduce-scatter + all-gather)\\n\", {0}_us);",
        t.name));
    ln("  }");
    ln();
  }
  for (const TensorPlan& t : plan.tensors) {
    if (t.is_output()) {
      emit_readback(o, t, plan);
    }
  }
  ln("  mesh->close();");
  ln("  return 0;");
  ln("}");
  return o;
}

namespace {

// The all-reduce of the partial sums in `<stem>_buffer` (a tensor-parallel program's output)
// into `<stem>_sum`, every device then holding the whole sum; prints its simulated time.
void emit_all_reduce(std::string& o, const TensorPlan& t, const DevicePlan& plan,
                     const std::string& stem) {
  auto ln = [&](const std::string& s = "") { o += s + "\n"; };
  // Mesh programs have fixed sizes (runtime T.dynamic sizes exclude meshes).
  const int64_t cols = t.device_shape.back();
  const int64_t rows = product(t.device_shape) / cols;
  const int64_t tiles = rows * cols / (32 * 32);
  ln(
      fmt::format("  // All-reduce of {}'s partial sums: a reduce-scatter (device d adds up chunk "
                  "d of {} tiles",
                  t.name, tiles / plan.mesh->devices()));
  ln("  // over the devices), then an all-gather of the sums; the kernels are the ccl files "
     "next to");
  ln("  // this program's kernels.");
  ln("  distributed::Finish(cq);");
  ln(fmt::format("  auto {0}_sum = make_buffer(*mesh, {1} * sizeof({2}), {3}, BufferType::DRAM);",
                 stem, rows * cols, host_type(*t.mesh_partial), t.page_size));
  ln(
      fmt::format("  const double {0}_us = ccl::all_reduce(*mesh, {0}_buffer, {0}_sum, {1}, \".\", "
                  "ccl::kFloat32);",
                  stem, tiles / plan.mesh->devices()));
  ln(fmt::format("  if ({}_us > 0) {{  // the simulator's time of the collective", stem));
  ln(fmt::format(
      "    std::printf(\"all-reduce of {0}: %.2f us (reduce-scatter + all-gather)\\n\", {1}_us);",
      t.name, stem));
  ln("  }");
  ln();
}

// A tensor two device programs store in other tiles (dimension order, vector spreading,
// padding; driver/launches.cc allows it on one device for plain tiles of one dtype): the host
// program reads the pages of `from`, brings them back to the logical row-major order the way a
// result is read, and writes them in the tiles of `to` the way an input is uploaded.
void emit_relayout(std::string& o, const std::string& src, const std::string& dst,
                   const TensorPlan& from, const DevicePlan& pf, const TensorPlan& to,
                   const DevicePlan& pt) {
  auto ln = [&](const std::string& s = "") { o += s + "\n"; };
  const Dims fd = dims_of(from, pf), td = dims_of(to, pt);
  auto [trows, tcols] = matrix(td);
  const std::string ht = host_type(from.device_dtype.value_or(from.dtype));
  ln(
      fmt::format("  // {}: re-tiled on the host from the tiles of its storage [{}] into those of "
                  "[{}].",
                  from.name, join(from.device_shape), join(to.device_shape)));
  ln("  {");
  ln(fmt::format("    std::vector<{0}> tiled({1}_buffer->size() / sizeof({0}));", ht, src));
  ln(fmt::format("    distributed::EnqueueReadMeshBuffer(cq, tiled, {}_buffer, true);", src));
  ln(fmt::format("    std::vector<{}> host = {};", ht, untiled("tiled", from, fd)));
  emit_tile_order(o, "", to, td);
  ln(
      fmt::format("    distributed::EnqueueWriteMeshBuffer(cq, {}_buffer, tilize_nfaces(host, {}, "
                  "{}), false);",
                  dst, trows, tcols));
  ln("  }");
}

// A reshard between storages the devices of the mesh hold differently (mesh_collective):
// the all-gather of the earlier split's chunks (none when every device holds it whole there; the
// all-reduced sum of partial sums is made after their program), then every device copies its
// chunk of the later storage out of the whole tensor (mesh_take).
void emit_mesh_collective(std::string& o, const Reshard& r,
                          const std::vector<const Module*>& launches) {
  auto ln = [&](const std::string& s = "") { o += s + "\n"; };
  const DevicePlan& pf = launches[r.from]->plan;
  const DevicePlan& pt = launches[r.to]->plan;
  const TensorPlan& from = *pf.find_tensor(r.tensor);
  const TensorPlan& to = *pt.find_tensor(r.tensor);
  const std::string src = storage_stem(r.tensor, r.from, launches);
  const std::string dst = storage_stem(r.tensor, r.to, launches);
  const std::string format = tile_format_of(to);
  std::string whole = src + "_buffer";
  ln("  {");
  if (r.collective == MeshCollective::kAllReduce) {
    ln(fmt::format(
        "    // {}: every device copies its chunk for device program {} out of the all-reduced "
        "sum.",
        r.tensor, r.to));
    whole = src + "_sum";
  } else if (from.mesh_dims.empty()) {
    ln(fmt::format(
        "    // {}: every device holds it whole (device program {}'s storage); each copies its "
        "chunk for",
        r.tensor, r.from));
    ln(fmt::format("    // device program {} out of it.", r.to));
  } else {
    const int64_t tiles = product(from.device_shape) / (32 * 32);
    ln(fmt::format(
        "    // {}: an all-gather over the fabric gives every device the {} tiles of each "
        "device's chunk",
        r.tensor, tiles));
    ln(fmt::format(
        "    // of device program {}'s split (device d's at tile d * {}); then each copies its "
        "chunk for",
        r.from, tiles));
    ln(fmt::format("    // device program {} out of them.", r.to));
    ln("    distributed::Finish(cq);");
    ln(fmt::format("    const ccl::TileFormat {0}_tile{{{1}, tt::DataFormat::{2}}};", dst,
                   from.page_size, format));
    ln(fmt::format("    auto {0}_gathered = ccl::dram_buffer(*mesh, {1}, {0}_tile);", dst,
                   tiles * pf.mesh->devices()));
    ln(fmt::format(
        "    const double {0}_us = ccl::all_gather(*mesh, {1}_buffer, {0}_gathered, {2}, \".\", "
        "{0}_tile);",
        dst, src, tiles));
    ln(fmt::format("    if ({}_us > 0) {{  // the simulator's time of the collective", dst));
    ln(fmt::format("      std::printf(\"all-gather of {}: %.2f us\\n\", {}_us);", r.tensor, dst));
    ln("    }");
    whole = dst + "_gathered";
  }
  ln(fmt::format("    mesh_take(cq, *{}, *{}_buffer, {}, tt::DataFormat::{}, {}, {{", whole, dst,
                 to.page_size, format, pt.device_grid.x));
  for (const std::string& w : take_work(pf, from, pt, to)) {
    ln("        " + w + ",");
  }
  ln("    });");
  ln("  }");
}

}  // namespace

std::string emit_host_launches(const DevicePlan& top, const std::vector<const Module*>& launches,
                               const std::set<std::string>& scratch) {
  std::string o;
  auto ln = [&](const std::string& s = "") { o += s + "\n"; };
  ln(fmt::format(
      "// Host program for the TileLang kernel `{}`, generated by tltt for {}: {} device programs,",
      top.kernel, top.device, launches.size()));
  ln("// one per T.Kernel launch, run in order on the command queue (each starts after the "
     "previous");
  ln("// one has finished, so a launch reads what the earlier ones wrote).");
  ln("// Usage: ./program DATA_DIR  (run with the kernel files in the current directory). Inputs "
     "are");
  ln("// read from and outputs written to DATA_DIR/<tensor>.bin: raw little-endian row-major "
     "elements,");
  ln("// or, loaded in-process, from and to the caller's memory bound with tltt_host_bind.");
  if (const auto& m = top.mesh) {
    ln(fmt::format(
        "// It runs on a {}x{} mesh: every launch is split over the devices as a launch of its "
        "own, and",
        m->rows, m->cols));
    ln("// each device keeps its own chunks between the programs (copies between storages run "
       "on every");
    ln("// device, page p to page p); a tensor a later launch splits otherwise is all-gathered "
       "over the");
    ln("// fabric, partial sums all-reduced (the collectives below), and each device copies its "
       "chunk out.");
  }
  bool vectors = false, sharded = false, permuted = false, padded = false, float8 = false;
  bool bfp = false, split = false;
  for (const TensorPlan& t : top.tensors) {
    split |= !t.mesh_dims.empty();
    float8 |= !float8_format(t).empty();
    bfp |= t.tile_format != TileFormat::kPlain;
    vectors |= t.vector != VectorKind::kNone;
    sharded |= t.shard_spec.has_value();
    permuted |= !t.dim_order.empty();
    padded |= padding(t, dims_of(t, top)).any();
  }
  // The storages of the tensors the programs store differently (the plan's reshards): a buffer
  // per storage other than the tensor's first, `<name>_s<program>`.
  std::map<std::string, std::map<int64_t, const TensorPlan*>> others;
  for (const Reshard& r : top.reshards) {
    for (int64_t s : {r.from, r.to}) {
      const TensorPlan* t = launches[s]->plan.find_tensor(r.tensor);
      TILE_ASSERT(t) << "reshard of '" << r.tensor << "' names program " << s;
      sharded |= t->shard_spec.has_value();
      vectors |= t->vector != VectorKind::kNone;
      permuted |= !t->dim_order.empty();
      padded |= padding(*t, dims_of(*t, launches[s]->plan)).any();
      if (s != home_storage(r.tensor, launches)) {
        others[r.tensor][s] = t;
      }
    }
  }
  bool partial = false, collectives = false;
  for (const Module* m : launches) {
    for (const TensorPlan& t : m->plan.tensors) {
      partial |= t.mesh_partial.has_value();
    }
  }
  for (const Reshard& r : top.reshards) {
    collectives |= r.collective != MeshCollective::kCopy;
  }
  if (partial || collectives) {
    o += ccl_host_library();
  }
  o += prologue({{"vectors", vectors},
                 {"sharded", sharded},
                 {"permuted", permuted},
                 {"padding", padded},
                 {"mesh", split},
                 {"split_sharded", split && sharded},
                 {"partial", bfp || partial},
                 {"float8", float8},
                 {"bfp", bfp},
                 {"fixed", true},
                 {"sizes", false},
                 {"reshard", !top.reshards.empty()},
                 {"ranges", false},
                 {"offsets", false}});
  if (const auto& m = top.mesh) {
    ln("  auto mesh = distributed::MeshDevice::create(");
    ln(fmt::format("      distributed::MeshDeviceConfig(distributed::MeshShape({}, {})));", m->rows,
                   m->cols));
  } else {
    ln("  auto mesh = distributed::MeshDevice::create_unit_mesh(0);");
  }
  ln("  distributed::MeshCommandQueue& cq = mesh->mesh_command_queue();");
  ln();
  for (const TensorPlan& t : top.tensors) {
    const bool is_scratch = scratch.count(t.name) > 0;
    if (is_scratch) {
      ln("  // Scratch tensor (T.alloc_global): allocated here, written and read only by the "
         "device programs.");
    }
    emit_tensor(o, t, top, !is_scratch);
    for (const auto& [s, other] : others[t.name]) {
      ln(
          fmt::format("  // {} as device program {} stores it (the pages are copied between the "
                      "storages).",
                      t.name, s));
      TensorPlan copy = *other;
      copy.name = storage_stem(t.name, s, launches);
      emit_tensor(o, copy, launches[s]->plan, false);  // its split (on a mesh) is program s's
    }
  }
  ln();
  for (const ScalarPlan& sc : top.scalars) {
    emit_scalar(o, sc);
  }
  auto copies = [&](size_t before) {
    for (const Reshard& r : top.reshards) {
      if (r.before != static_cast<int64_t>(before)) {
        continue;
      }
      const TensorPlan& t = *launches[r.to]->plan.find_tensor(r.tensor);
      const int64_t pages = product(t.device_shape) / (32 * 32);
      if (r.collective != MeshCollective::kCopy) {
        emit_mesh_collective(o, r, launches);
        continue;
      }
      if (const TensorPlan& from = *launches[r.from]->plan.find_tensor(r.tensor);
          !same_tiles(from, t)) {
        emit_relayout(o, storage_stem(r.tensor, r.from, launches),
                      storage_stem(r.tensor, r.to, launches), from, launches[r.from]->plan, t,
                      launches[r.to]->plan);
        continue;
      }
      ln(
          fmt::format("  // {}: copy its {} pages from the storage of device program {} into that "
                      "of device program {}.",
                      r.tensor, pages, r.from, r.to));
      const std::string format = t.tile_format == TileFormat::kBfp8b ? std::string("Bfp8_b")
                                 : t.tile_format == TileFormat::kBfp4b
                                     ? std::string("Bfp4_b")
                                     : data_format(t.device_dtype.value_or(t.dtype)).value();
      const std::string src = storage_stem(r.tensor, r.from, launches);
      const std::string dst = storage_stem(r.tensor, r.to, launches);
      // From L1 the shard cores copy faster than the first cores (each reads its shard's pages
      // into its own L1, nothing to write over the NoC: 1426 against 1751 cycles for
      // tests/e2e/kernels/reshard.py's height -> block copy on Wormhole); from DRAM, reads issued
      // by every core of the first min(pages, cores) beat the shard cores' (2025 against 2485
      // for its DRAM -> height copy), so a DRAM source keeps them.
      const TensorPlan& from = *launches[r.from]->plan.find_tensor(r.tensor);
      std::vector<std::string> shards =
          from.memory == MemoryKind::kL1 ? shard_copy_work(t) : std::vector<std::string>{};
      if (!shards.empty()) {
        ln("  // On the destination's shard cores, each reading the pages of its own shard into "
           "its");
        ln("  // L1: core x, y, first page, tile rows, tiles per row, row stride.");
        ln(fmt::format("  reshard_to_shards(cq, *{}_buffer, *{}_buffer, {}, {{", src, dst,
                       t.page_size));
        for (const std::string& w : shards) {
          ln("      " + w + ",");
        }
        ln("  });");
        continue;
      }
      ln(fmt::format("  reshard(cq, *{}_buffer, *{}_buffer, {}, {}, tt::DataFormat::{}, {}, {});",
                     src, dst, pages, t.page_size, format, top.device_grid.x, top.device_grid.y));
    }
  };
  for (size_t i = 0; i < launches.size(); ++i) {
    const DevicePlan& plan = launches[i]->plan;
    TILE_ASSERT(plan.partition && plan.compute && plan.kernels.size() == 3)
        << "codegen needs the plan of the three split kernels";
    copies(i);
    ln(fmt::format("  // Device program {}: T.Kernel launch `{}`, grid [{}], {} cores.", i,
                   plan.kernel, join(plan.partition->block_grid), plan.partition->work.size()));
    ln("  {");
    Stems stems;
    for (const TensorPlan& t : plan.tensors) {
      stems[t.name] = storage_stem(t.name, storage_of_program(t.name, i, launches), launches);
    }
    std::string body = emit_program(plan, "launch" + std::to_string(i) + "_", stems);
    for (size_t at = 0; at < body.size();) {
      size_t nl = body.find('\n', at);
      std::string_view line(body.data() + at, nl - at);
      o += (line.empty() ? "" : "  ") + std::string(line) + "\n";
      at = nl + 1;
    }
    ln("  }");
    for (const TensorPlan& t : plan.tensors) {
      if (t.mesh_partial) {
        emit_all_reduce(o, t, plan, stems[t.name]);
      }
    }
  }
  copies(launches.size());
  ln("  distributed::Finish(cq);");
  ln();
  for (const TensorPlan& t : top.tensors) {
    if (t.is_output() && !scratch.count(t.name)) {
      emit_readback(o, t, top);
    }
  }
  ln("  mesh->close();");
  ln("  return 0;");
  ln("}");
  return o;
}

}  // namespace tltt::codegen
