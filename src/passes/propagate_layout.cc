// A2: checks that every interleaved L1 tensor fits: its pages are spread over the L1 banks of
// all worker cores, so each core holds ceil(tiles * page / cores) bytes of it. Stream (CB)
// geometry itself is decided later, per CB, by C1 and recorded in the plan by C3.
#include "passes/propagate_layout.h"

#include "passes/pass_util.h"

namespace tltt::passes {

using namespace ir;

Module propagate_layout(const Module& m, PassContext& ctx) {
  for (const PrimFunc& f : m.functions) {
    for (const Param& p : f.params) {
      const TensorPlan* t = p.is_buffer() ? m.plan.find_tensor(p.buffer->name) : nullptr;
      if (!t || t->memory != MemoryKind::kL1 || t->layout != TensorLayoutKind::kInterleaved) {
        continue;
      }
      int64_t cores = ctx.device.num_cores();
      int64_t per_core = (buffer_tiles(p.buffer) * t->page_size + cores - 1) / cores;
      if (per_core > ctx.device.l1_budget) {
        ctx.error(p.buffer->loc) << "L1 tile size exceeds capacity for " << p.buffer->name << ": "
                                 << per_core << " bytes per core";
      }
    }
  }
  return m;
}

}  // namespace tltt::passes
