// B3: fused element-wise tile operations from T.Parallel nests, reductions and fills (see
// lower_to_sfpu.h). The nest's store and every load must cover a whole on-chip block with the
// nest's own loop variables, or be a per-row / per-column vector (vector_layout.h) read as a
// broadcast; the value is mapped node by node: + - * max min between tiles, / as a product with
// a reciprocal, constants as scalar operands, the math calls as SFPU ops and float casts as the
// unpacker/packer format conversions. Anything else is a located error naming the construct.
#include "passes/sfpu/lower_to_sfpu.h"

#include "ir/visitor.h"
#include "passes/pass_util.h"
#include "passes/sfpu/bool_blocks.h"
#include "passes/sfpu/lowerer.h"
#include "passes/sfpu/row_picks.h"
#include "passes/sfpu_ops.h"
#include "passes/shifted_reads.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;
using sfpu::Lowerer;

Module lower_to_sfpu(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    f = stage_shifted_nests(f);      // element-level stencils over tensors: staged blocks first
    f = sfpu::float_bool_blocks(f);  // bool masks computed on chip: float32 0/1 blocks
    f = sfpu::stage_row_picks(f);    // rows of blocks picked at a run-time index: masked maxima
    Lowerer l;
    l.ctx = &ctx;
    for (const Param& p : f.params) {
      if (!p.is_buffer()) {
        l.scalar_params.insert(p.var.get());
      }
    }
    post_order_visit(f.body, [&](const Node* n) {
      if (n->kind == NodeKind::kGemm) {
        l.accumulators.insert(static_cast<const Gemm*>(n)->c.buffer.get());
      } else if (n->kind == NodeKind::kAllocate) {
        // What the kernel's blocks already take (each a CB later), for the exact float32 sums.
        const Buffer& b = static_cast<const Allocate*>(n)->buffer;
        if (b->scope != MemScope::kGlobal) {
          l.onchip_bytes += buffer_tiles(b) * tile_bytes(b->dtype);
          l.onchip_buffers += 1;
        }
      }
    });
    // D4 configures DST by the same rule (on the CB formats C1 chooses, which can only turn a
    // float32 block 16-bit).
    l.dst_capacity = ctx.device.dst_tiles(dst_fp32(f.body, ctx));
    f = l.mutate(f);
    // B4 fuses the steps within the DST budget this lowering ended with: fp32's once a float32
    // mask tile takes part in compute (map_select; nests lowered before the first mask kept
    // the larger budget, and D5 still rejects one of them that overflows).
    f.attrs.set(keys::kSfpuDstCapacity, l.dst_capacity);
    if (l.scaler.defined()) {
      // One all-ones tile for every reduction of the kernel, made once before the block loop.
      Location loc = l.scaler->loc;
      Stmt fill = tt_call_stmt(
          TtOp::kSfpu, {buffer_ref(l.scaler, loc), FloatImm::make(1.0, DataType::float32(), loc)},
          {}, loc);
      f.body = Allocate::make(l.scaler, SeqStmt::make({fill, f.body}, loc), loc);
    }
    for (const auto& [key, mask] : l.masks) {
      // The reader writes each triangle tile once, before the block loop.
      const auto& [b, attrs] = mask;
      Stmt make = tt_call_stmt(TtOp::kMaskTile, {buffer_ref(b, b->loc)}, attrs, b->loc);
      f.body = Allocate::make(b, SeqStmt::make({make, f.body}, b->loc), b->loc);
    }
  }
  return out;
}

}  // namespace tltt::passes
