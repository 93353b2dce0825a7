// A2: checks that every interleaved L1 tensor fits: its pages are spread over the L1 banks of
// all worker cores, so each core holds ceil(tiles * page / cores) bytes of it. Stream (CB)
// geometry itself is decided later, per CB, by C1 and recorded in the plan by C3.
#include "passes/propagate_layout.h"

#include <fmt/format.h>

#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

Module propagate_layout(const Module& m, PassContext& ctx) {
  for (const PrimFunc& f : m.functions) {
    for (const Param& p : f.params) {
      const TensorPlan* t = p.is_buffer() ? m.plan.find_tensor(p.buffer->name) : nullptr;
      if (!t) {
        continue;
      }
      if (t->memory != MemoryKind::kL1 || t->layout != TensorLayoutKind::kInterleaved) {
        // Only interleaved L1 tensors are placed here: DRAM takes no L1, and A1 checked each
        // shard of a sharded tensor against its core's L1.
        ctx.remark(p.buffer->loc, "l1-capacity")
            << fmt::format("tensor '{}': nothing to check ({})", p.buffer->name,
                           t->memory != MemoryKind::kL1 ? "it lives in DRAM"
                                                        : "infer-layout checked its L1 shards");
        continue;
      }
      int64_t cores = ctx.device.num_cores();
      int64_t per_core = (buffer_tiles(p.buffer) * t->page_size + cores - 1) / cores;
      if (per_core > ctx.device.l1_budget) {
        ctx.error(p.buffer->loc) << "L1 tile size exceeds capacity for " << p.buffer->name << ": "
                                 << per_core << " bytes per core";
        continue;
      }
      ctx.remark(p.buffer->loc, "l1-capacity") << fmt::format(
          "tensor '{}': L1 interleaved, {} tiles of {} bytes spread over {} cores take {} bytes "
          "per core, within the {} available",
          p.buffer->name, buffer_tiles(p.buffer), t->page_size, cores, per_core,
          ctx.device.l1_budget);
    }
  }
  return m;
}

}  // namespace tltt::passes
