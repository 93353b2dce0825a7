// A2: stream (CB) geometry of every tensor from its layout: page = one 32x32 tile in the tensor's
// format, depth 2 (double buffering) or 1 for L1-sharded tensors that are read in place.
#include "passes/propagate_layout.h"

#include "passes/pass_util.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

Module propagate_layout(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    Attrs descriptors;
    int64_t total_bytes = 0;
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        continue;
      }
      Attrs layout = dict_attr(f, keys::kBufferPrefix + p.buffer->name);
      std::string memory = layout.get_string("memory", "DRAM");
      std::string kind = layout.get_string("layout", "interleaved");
      bool sharded = kind == "sharded";
      Attrs d;
      int64_t page = tile_bytes(p.buffer->dtype);
      int64_t depth = (sharded && memory == "L1") ? 1 : 2;
      d.set("buffer_name", p.buffer->name);
      d.set("page_size", page);
      d.set("depth", depth);
      d.set("data_format", data_format(p.buffer->dtype).value_or("Invalid"));
      d.set("tile_shape", std::vector<int64_t>{kTile, kTile});
      d.set("source_memory", memory);
      d.set("source_layout", kind);
      Attrs sharding;
      sharding.set("enabled", sharded);
      if (const AttrValue* nd = layout.find("nd_shard")) {
        sharding.set("grid", nd->as_dict().find("projected_grid")->as_int_list());
        sharding.set("shard_tiles", nd->as_dict().find("projected_shard_tiles")->as_int_list());
      }
      d.set("sharding", sharding);
      if (memory == "L1" && !sharded) {
        // Interleaved L1 tensors spread their pages over the L1 banks of all worker cores.
        int64_t per_core =
            (buffer_tiles(p.buffer) * page + ctx.device.num_cores() - 1) / ctx.device.num_cores();
        if (per_core > ctx.device.l1_budget) {
          ctx.error(p.buffer->loc) << "L1 tile size exceeds capacity for " << p.buffer->name << ": "
                                   << per_core << " bytes per core";
        }
      }
      descriptors.set(p.buffer->name, d);
      total_bytes += page * depth;
    }
    Attrs summary;
    summary.set("total_streams", static_cast<int64_t>(descriptors.size()));
    summary.set("total_l1_bytes", total_bytes);
    summary.set("fits_in_l1", total_bytes <= ctx.device.l1_budget);
    f.attrs.set(keys::kCbDescriptors, descriptors);
    f.attrs.set(keys::kCbSummary, summary);
  }
  return out;
}

}  // namespace tltt::passes
