// D5: the GEMM schedule (see gemm_plan.h): DST accumulation when the block fits and nothing else
// needs DST between K steps, else the largest sub-blocks that fit DST (whole tile rows when a
// row fits, else parts of one row) with partial spill/reload at every K step or, where D4a allows
// it, packer L1 accumulation; matmul_block where D4a allows it.
#include "passes/dst/gemm_plan.h"

#include <fmt/format.h>

#include "passes/dst/lower.h"

namespace tltt::passes::dst {

GemmPlan plan_gemm(const GemmShape& g) {
  GemmPlan p;
  int64_t mt = g.mt, nt = g.nt, n = mt * nt, cap = g.dst_capacity;
  p.transpose_width = largest_divisor(g.kt, cap);
  // A prologue uses DST itself, so the accumulator cannot stay there across the K loop.
  if (!g.transpose_a && !g.prologue && n <= cap && (g.canonical || (g.never && g.k_iters == 1))) {
    p.in_dst = true;
    // A one-tile product is the same with matmul_tiles, without the block init.
    p.block_ops = g.block_ops && n > 1;
    return p;
  }
  // Sub-blocks of sh x sw tiles (out_subblock_h x out_subblock_w) with partial spill/reload
  // through the accumulator CB: whole tile rows when a row fits DST, else one row split.
  int64_t sw = nt <= cap ? nt : largest_divisor(nt, cap);
  int64_t sh = 1;
  for (int64_t d = 1; d <= mt; ++d) {
    if (mt % d == 0 && d * sw <= cap) {
      sh = d;
    }
  }
  p.subblock_h = sh;
  p.subblock_w = sw;
  p.block_ops = g.block_ops && sh * sw > 1;
  p.spill_reason =
      g.transpose_a      ? "A is transposed through DST (transpose_A)"
      : g.prologue       ? "a prologue in the K loop uses DST"
      : g.partials_in_cb ? "it accumulates across a loop that also runs other compute (partial "
                           "sums kept in its CB)"
      : n > cap          ? fmt::format("the {}x{}-tile block exceeds DST ({} tiles)", mt, nt, cap)
                         : std::string("the accumulation flag is not the canonical k != 0 form");
  // Sub-blocks of one tile row (or of whole rows) follow the block's row-major tile order: each
  // is packed and pushed on its own, so the writer can drain it while the next is computed.
  p.in_order = sw == nt || sh == 1;
  // The packer holds one output format: partials and the result may differ, and a prologue,
  // A's transposition or the other compute of the loop packs other blocks in between.
  p.reconfig_packer = g.prologue || g.transpose_a || g.formats_differ || g.partials_in_cb;
  // L1 accumulation pays off from three K steps on (the first packs, the last reloads); a
  // prologue or A's transposition would pack other blocks while the packer accumulates.
  p.l1_acc = g.l1_acc && g.canonical && g.k_iters >= 3 && !g.prologue && !g.transpose_a;
  return p;
}

}  // namespace tltt::passes::dst
