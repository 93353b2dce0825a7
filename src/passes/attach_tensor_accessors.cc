// A3: abstract tensor accessors; the access pattern comes from how the body uses each tensor
// (copy source or load = read, copy destination or store = written).
#include "passes/attach_tensor_accessors.h"

#include <set>

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

class AccessScan : public Visitor {
 public:
  using Visitor::visit;
  std::set<const BufferNode*> read, written;
  void visit(const Copy* op) override {
    read.insert(op->src.buffer.get());
    written.insert(op->dst.buffer.get());
    Visitor::visit(op);
  }
  void visit(const BufferLoad* op) override {
    read.insert(op->buffer.get());
    Visitor::visit(op);
  }
  void visit(const BufferStore* op) override {
    written.insert(op->buffer.get());
    Visitor::visit(op);
  }
  void visit(const Gemm* op) override {
    read.insert(op->a.buffer.get());
    read.insert(op->b.buffer.get());
    written.insert(op->c.buffer.get());
    Visitor::visit(op);
  }
  void visit(const Fill* op) override {
    written.insert(op->dst.buffer.get());
    Visitor::visit(op);
  }
};

}  // namespace

Module attach_tensor_accessors(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    AccessScan scan;
    scan.visit(f.body);
    Attrs patterns, roles;
    std::map<std::string, int64_t> pattern_counts;
    int64_t total = 0;
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        continue;
      }
      const Buffer& b = p.buffer;
      Attrs layout = dict_attr(f, keys::kBufferPrefix + b->name);
      bool r = scan.read.count(b.get()), w = scan.written.count(b.get());
      std::string pattern = w ? (r ? "read_write" : "output") : (r ? "input" : "unused");
      if (r && w) {
        // The reader and the writer run concurrently on different RISC-V cores: reading and
        // writing one tensor would race.
        ctx.error(b->loc) << "tensor '" << b->name
                          << "' is both read and written by the kernel; in-place updates are "
                             "not supported (write the result to a separate output tensor)";
      }
      Attrs a;
      a.set("type", "abstract");
      a.set("buffer_name", b->name);
      a.set("layout_ref", keys::kBufferPrefix + b->name);
      bool sharded = layout.get_string("layout", "interleaved") == "sharded";
      a.set("stride_mode", sharded ? "sharded" : "tiled");
      a.set("access_pattern", pattern);
      a.set("tile_dims", std::vector<int64_t>{kTile, kTile});
      a.set("tiles_per_dim", tile_grid(b));
      a.set("memory", layout.get_string("memory", "DRAM"));
      a.set("layout_type", layout.get_string("layout", "interleaved"));
      a.set("tile_size_bytes", tile_bytes(b->dtype));
      Attrs sharding;
      sharding.set("enabled", sharded);
      if (const AttrValue* nd = layout.find("nd_shard")) {
        for (const char* k : {"axes", "grid", "order"}) {
          sharding.set(k, *nd->as_dict().find(k));
        }
      }
      a.set("sharding", sharding);
      f.attrs.set(keys::kAccessorPrefix + b->name, a);
      roles.set(b->name, w ? "output" : "input");
      pattern_counts[pattern]++;
      ++total;
    }
    Attrs summary;
    summary.set("total_accessors", total);
    Attrs counts;
    for (const auto& [k, v] : pattern_counts) {
      counts.set(k, v);
    }
    summary.set("access_patterns", counts);
    f.attrs.set(keys::kAccessorSummary, summary);
    f.attrs.set(keys::kParamRoles, roles);
  }
  return out;
}

}  // namespace tltt::passes
