// Gathers host-side facts from the lowered module's function attributes and CB allocations.
#include "codegen/module_info.h"

#include <fmt/format.h>

#include <map>

#include "passes/pass_util.h"
#include "passes/tt_attrs.h"
#include "passes/vector_layout.h"
#include "support/assert.h"

namespace tltt::codegen {

using namespace ir;
namespace keys = passes::keys;

namespace {

std::string host_type(DataType t) {
  if (t.is_float() && t.bits() == 16) {
    return "uint16_t";
  }
  if (t == DataType::float32()) {
    return "float";
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

KernelInfo kernel(const PrimFunc* f, const std::string& role) {
  KernelInfo k;
  k.role = role;
  k.file = role + ".cpp";
  if (f) {
    if (const AttrValue* a = f->attrs.find(keys::kRuntimeArgs)) {
      k.runtime_args = a->as_string_list();
    }
    if (const AttrValue* a = f->attrs.find(keys::kAccessorOrder)) {
      k.accessors = a->as_string_list();
    }
  }
  return k;
}

}  // namespace

ModuleInfo gather(const Module& m) {
  ModuleInfo info;
  const PrimFunc* reader = passes::find_role(m, "reader");
  const PrimFunc* compute = passes::find_role(m, "compute");
  const PrimFunc* writer = passes::find_role(m, "writer");
  TILE_ASSERT(reader && compute && writer) << "codegen needs the three split kernels";
  const PrimFunc& f = *reader;
  info.kernel_name = f.name.substr(0, f.name.size() - 7);
  info.device = f.attrs.get_string(keys::kDevice, "wormhole_b0");
  info.partition_mode = f.attrs.get_string(keys::kPartitionMode, "global");
  Attrs stride = passes::dict_attr(f, keys::kBlockStride);
  info.block_stride_width = stride.get_int("width", 0);
  info.block_stride_row = stride.get_int("row", 0);
  Attrs roles = passes::dict_attr(f, keys::kParamRoles);
  for (const Param& p : f.params) {
    if (!p.is_buffer()) {
      info.scalars.push_back({p.name(), p.var->dtype.str(), host_type(p.var->dtype)});
      continue;
    }
    const Buffer& b = p.buffer;
    TensorInfo t;
    t.buffer = b;
    t.name = b->name;
    for (const Expr& d : b->shape) {
      t.shape.push_back(as_const_int(d).value_or(0));
    }
    t.dtype = b->dtype.str();
    t.host_type = host_type(b->dtype);
    Attrs acc = passes::dict_attr(f, keys::kAccessorPrefix + b->name);
    std::string pattern = acc.get_string("access_pattern", "input");
    t.is_output = roles.get_string(b->name, "input") == "output";
    t.is_input = !t.is_output || pattern == "read_write";
    Attrs layout = passes::dict_attr(f, keys::kBufferPrefix + b->name);
    t.memory = layout.get_string("memory", "DRAM");
    t.layout = layout.get_string("layout", "interleaved");
    if (const AttrValue* spec = layout.find("shard_spec")) {
      const Attrs& d = spec->as_dict();
      t.shard_layout = d.get_string("memory_layout", "");
      t.shard_shape = d.find("shard_shape")->as_int_list();
      t.tensor_pages = d.find("tensor_pages")->as_int_list();
      for (const AttrValue& v : d.find("core_ranges")->as_list()) {
        t.shard_cores.push_back(
            {v.as_dict().find("start")->as_int_list(), v.as_dict().find("extent")->as_int_list()});
      }
    }
    t.page_size = passes::tile_bytes(b->dtype);
    t.cols = t.shape.back();
    t.rows = 1;
    for (size_t i = 0; i + 1 < t.shape.size(); ++i) {
      t.rows *= t.shape[i];
    }
    if (const AttrValue* logical = b->attrs.find(passes::kVectorLogicalShape)) {
      t.vector = passes::vector_kind(b);
      t.shape = logical->as_int_list();
    }
    info.tensors.push_back(t);
  }
  std::map<int64_t, CbInfo> cbs;
  for (const PrimFunc* g : {reader, compute, writer}) {
    for (const Buffer& cb : passes::allocated_cbs(g->body)) {
      CbInfo c;
      c.index = cb->attrs.get_int(keys::kCbIndex, 0);
      c.name = cb->name;
      c.format = cb->attrs.get_string(keys::kCbFormat, "Float16_b");
      c.role = cb->attrs.get_string(keys::kCbRole, "intermediate");
      c.page_size = cb->attrs.get_int(keys::kCbPageSize, 0);
      c.num_pages = cb->attrs.get_int(keys::kCbNumPages, 0);
      cbs[c.index] = c;
    }
  }
  for (const auto& [i, c] : cbs) {
    info.cbs.push_back(c);
  }
  if (const AttrValue* r = f.attrs.find(keys::kCoreRanges)) {
    for (const AttrValue& v : r->as_list()) {
      info.core_ranges.push_back(
          {v.as_dict().find("start")->as_int_list(), v.as_dict().find("extent")->as_int_list()});
    }
  }
  if (const AttrValue* g = f.attrs.find(keys::kCoreGrid)) {
    info.core_grid = g->as_int_list();
  }
  int64_t cores = f.attrs.get_int(keys::kNumCores, 0);
  int64_t gx = 0;
  Attrs partition = passes::dict_attr(f, keys::kWorkPartition);
  // Cores are numbered row-major over the device grid (B1); recover the grid width from the
  // first range.
  gx = info.core_ranges.empty() ? 1 : info.core_ranges[0].second[0];
  if (info.core_ranges.size() == 2 || (info.core_ranges.size() == 1 && cores > gx)) {
    gx = info.core_ranges[0].second[0];
  }
  for (int64_t c = 0; c < cores; ++c) {
    CoreWork w;
    w.x = c % gx;
    w.y = c / gx;
    const AttrValue* item = partition.find(fmt::format("({},{})", w.x, w.y));
    TILE_ASSERT(item) << "no work for core " << c;
    const Attrs& d = item->as_list().at(0).as_dict();
    w.start_id = d.get_int("start_id", 0);
    w.count = d.get_int("count", 0);
    info.work.push_back(w);
  }
  info.reader = kernel(reader, "reader");
  info.compute = kernel(compute, "compute");
  info.writer = kernel(writer, "writer");
  Attrs cfg = passes::dict_attr(*compute, keys::kComputeConfig);
  info.math_fidelity = cfg.get_string("math_fidelity", "HiFi4");
  info.fp32_dest_acc_en = cfg.get_bool("fp32_dest_acc_en", false);
  return info;
}

}  // namespace tltt::codegen
