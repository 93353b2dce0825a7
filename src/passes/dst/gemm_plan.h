// D5's schedule decisions for one GEMM group, kept apart from the IR that emits them so they can
// be tested on their own (tests/passes/gemm_plan_test.cc).
#pragma once
#include <cstdint>
#include <string>

namespace tltt::passes::dst {

// What the schedule depends on, read off the matched group by gemm_emit.cc.
struct GemmShape {
  int64_t mt = 1, kt = 1, nt = 1;  // A is mt x kt tiles, the accumulator mt x nt
  int64_t k_iters = 1;             // trip count of the K loop (1 for a single step)
  int64_t dst_capacity = 8;        // DST tiles of one acquire (D4's compute configuration)
  bool transpose_a = false;        // A is transposed through DST every K step
  bool prologue = false;           // element-wise steps run before the matmul in the K loop
  bool canonical = false;          // the accumulation flag is `k != k_min`
  bool never = false;              // the accumulation flag is the constant false
  // A single step accumulating across an enclosing loop that also runs other compute
  // (`k != k_min` outside a K-loop group): the partial sums live in the accumulator's CB.
  bool partials_in_cb = false;
  bool formats_differ = false;  // the accumulator's CB format differs from the output's
  bool block_ops = false;       // D4a allows matmul_block (tt.matmul's block_ops)
  bool l1_acc = false;          // D4a allows packer L1 accumulation (tt.matmul's l1_acc)
};

struct GemmPlan {
  // The whole mt x nt block accumulates in DST across the K loop and is packed once; otherwise
  // out_subblock_h x out_subblock_w sub-blocks spill their partials to the accumulator's CB
  // after each K step and reload them before the next.
  bool in_dst = false;
  int64_t subblock_h = 0, subblock_w = 0;
  bool in_order = true;  // sub-blocks follow the block's row-major tile order, each pushed alone
  bool reconfig_packer = false;  // the packer switches formats between partials and result
  int64_t transpose_width = 1;   // A tiles transposed per DST acquire (transpose_A)
  std::string spill_reason;      // why the spill/reload schedule (for the remark)
  // Each K step's product of a (sub-)block is one matmul_block per K tile instead of one
  // matmul_tiles per output tile and K tile.
  bool block_ops = false;
  // Sub-blocks keep their partials in the accumulator's CB between K steps and the packer adds
  // each step's DST to them (pack_reconfig_l1_acc): no reload but for the last step, which
  // reloads them to pack the sum in the output's format.
  bool l1_acc = false;
};

GemmPlan plan_gemm(const GemmShape& s);

}  // namespace tltt::passes::dst
