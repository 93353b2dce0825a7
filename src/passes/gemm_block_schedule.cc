// D4a: marks the GEMMs of the compute kernel for D5's block schedule. Two facts of the IR decide:
//  * matmul_block(in0, in1, i0, i1, 0, t, ct, rt, kt) reads the ct tiles of in1 at i1, i1+1, ...
//    so it applies when B's tiles of one sub-block row are consecutive in B's CB, i.e. B is not
//    transposed ([K, N] tile order); A's rows are kt tiles apart, as C1 lays A out ([M, K]).
//  * packer L1 accumulation adds DST to the tiles already at the pack address. D5 frees a
//    sub-block's partial pages and packs them again, which lands on the same L1 pages only when
//    the accumulator's CB holds exactly one block; and no other compute op may read the
//    partials (an accumulator resident in its CB is packed and read by others).
#include "passes/gemm_block_schedule.h"

#include <fmt/format.h>

#include <set>

#include "ir/mutator.h"
#include "passes/gemm_k_slices.h"
#include "passes/pass_util.h"
#include "passes/sfpu_ops.h"
#include "passes/tt_attrs.h"

namespace tltt::passes {

using namespace ir;

namespace {

class Mark : public Mutator {
 public:
  using Mutator::visit;
  PassContext* ctx = nullptr;
  std::set<const BufferNode*> resident;

  Stmt visit(const Evaluate* op) override {
    const Call* c = op->value.as<Call>();
    if (!is_tt_op(c, TtOp::kMatmul)) {
      return op;
    }
    Buffer acc = tt::Matmul::c(c);
    auto grid = tile_grid(acc);
    int64_t tiles = grid[0] * grid[1];
    bool block_ops = !tt::Matmul::transpose_b(c);
    bool l1_acc = !resident.count(acc.get()) && acc->attrs.get_int(keys::kCbNumPages, -1) == tiles;
    std::string why_not_block = block_ops ? "" : " (not matmul_block: B is transposed)";
    std::string why_not_l1 =
        l1_acc ? ""
        : resident.count(acc.get())
            ? " (not L1 accumulation: other compute ops read the accumulator)"
            : fmt::format(" (not L1 accumulation: its CB holds {} pages, the block {} tiles)",
                          acc->attrs.get_int(keys::kCbNumPages, -1), tiles);
    ctx->remark(op->loc, "allowed") << fmt::format(
        "gemm into '{}': {}{}{}", acc->name,
        block_ops && l1_acc ? "matmul_block sub-blocks and packer L1 accumulation allowed"
        : block_ops         ? "matmul_block sub-blocks allowed"
        : l1_acc            ? "packer L1 accumulation allowed"
                            : "matmul_tiles with spill/reload kept",
        why_not_block, why_not_l1);
    if (!block_ops && !l1_acc) {
      return op;
    }
    Attrs attrs = c->attrs;
    if (block_ops) {
      attrs.set("block_ops", true);
    }
    if (l1_acc) {
      attrs.set("l1_acc", true);
    }
    return Evaluate::make(Call::make(c->dtype, c->name, c->args, attrs, c->loc), op->loc);
  }
};

}  // namespace

Module gemm_block_schedule(const Module& m, PassContext& ctx) {
  Module out = m;
  for (PrimFunc& f : out.functions) {
    if (kernel_role(m, f) != "compute") {
      continue;
    }
    Mark mark;
    mark.ctx = &ctx;
    mark.resident = cb_resident_accumulators(f.body);
    f = mark.mutate(f);
  }
  // The first K step in slices where the marks above allow it (gemm_k_slices.h).
  return slice_first_k_step(out, ctx);
}

}  // namespace tltt::passes
