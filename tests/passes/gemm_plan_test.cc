// D5's GEMM schedule decisions (passes/dst/gemm_plan.h) on their own: when a block accumulates
// in DST, how it is cut into out_subblock_h x out_subblock_w sub-blocks otherwise, and when the
// packer must switch formats.
#include "passes/dst/gemm_plan.h"

#include <gtest/gtest.h>

namespace tltt::testing {
namespace {

using passes::dst::GemmPlan;
using passes::dst::GemmShape;
using passes::dst::plan_gemm;

GemmShape shape(int64_t mt, int64_t kt, int64_t nt, int64_t cap = 8) {
  GemmShape s;
  s.mt = mt;
  s.kt = kt;
  s.nt = nt;
  s.k_iters = 4;
  s.dst_capacity = cap;
  s.canonical = true;
  return s;
}

TEST(GemmPlan, BlockThatFitsDstAccumulatesThere) {
  GemmPlan p = plan_gemm(shape(2, 2, 4));  // 8 tiles, 8 DST tiles
  EXPECT_TRUE(p.in_dst);
  EXPECT_FALSE(p.reconfig_packer);
  EXPECT_TRUE(p.spill_reason.empty());
}

TEST(GemmPlan, BlockLargerThanDstUsesWholeRowSubBlocks) {
  GemmPlan p = plan_gemm(shape(4, 2, 2));  // 4 x 2 = 8 tiles fit 8 DST tiles, not fp32's 4
  EXPECT_TRUE(p.in_dst);
  p = plan_gemm(shape(4, 2, 2, 4));
  EXPECT_FALSE(p.in_dst);
  EXPECT_EQ(p.subblock_w, 2);  // a whole row of 2 tiles fits
  EXPECT_EQ(p.subblock_h, 2);  // two rows fill the 4 DST tiles
  EXPECT_TRUE(p.in_order);
  EXPECT_EQ(p.spill_reason, "the 4x2-tile block exceeds DST (4 tiles)");
}

TEST(GemmPlan, RowWiderThanDstIsSplitIntoOneRowSubBlocksPackedInOrder) {
  GemmPlan p = plan_gemm(shape(2, 1, 12));  // a row of 12 tiles, 8 DST tiles
  EXPECT_FALSE(p.in_dst);
  EXPECT_EQ(p.subblock_w, 6);  // the largest divisor of 12 that fits
  EXPECT_EQ(p.subblock_h, 1);
  EXPECT_TRUE(p.in_order);  // one-row sub-blocks in row-major order are the CB's page order
}

TEST(GemmPlan, SubBlocksOfPartRowsOverSeveralRowsPackOutOfOrder) {
  GemmPlan p = plan_gemm(shape(2, 1, 9));  // rows of 9 tiles: 2x3 sub-blocks fill 8 DST tiles
  EXPECT_FALSE(p.in_dst);
  EXPECT_EQ(p.subblock_w, 3);
  EXPECT_EQ(p.subblock_h, 2);
  EXPECT_FALSE(p.in_order);
}

TEST(GemmPlan, TransposeOrPrologueNeedsDstBetweenKSteps) {
  GemmShape s = shape(1, 6, 1);
  s.transpose_a = true;
  GemmPlan p = plan_gemm(s);
  EXPECT_FALSE(p.in_dst);
  EXPECT_TRUE(p.reconfig_packer);
  EXPECT_EQ(p.transpose_width, 6);
  EXPECT_EQ(p.spill_reason, "A is transposed through DST (transpose_A)");
  s = shape(1, 16, 1);
  s.transpose_a = true;
  EXPECT_EQ(plan_gemm(s).transpose_width, 8);
  s = shape(1, 1, 1);
  s.prologue = true;
  p = plan_gemm(s);
  EXPECT_FALSE(p.in_dst);
  EXPECT_TRUE(p.reconfig_packer);
  EXPECT_EQ(p.spill_reason, "a prologue in the K loop uses DST");
}

TEST(GemmPlan, AccumulationFlagDecidesDstAccumulation) {
  GemmShape s = shape(1, 1, 1);
  s.canonical = false;
  EXPECT_FALSE(plan_gemm(s).in_dst);
  EXPECT_EQ(plan_gemm(s).spill_reason, "the accumulation flag is not the canonical k != 0 form");
  s.never = true;
  EXPECT_FALSE(plan_gemm(s).in_dst);  // restarts every K step: only a single step stays in DST
  s.k_iters = 1;
  EXPECT_TRUE(plan_gemm(s).in_dst);
}

// A single step accumulating across a loop that runs other compute: partials in the CB, the
// packer reconfigured (other blocks are packed between the steps), no L1 accumulation.
TEST(GemmPlan, PartialsInCbAcrossALoopWithOtherCompute) {
  GemmShape s = shape(2, 2, 2);
  s.canonical = false;
  s.partials_in_cb = true;
  s.l1_acc = true;
  GemmPlan p = plan_gemm(s);
  EXPECT_FALSE(p.in_dst);
  EXPECT_TRUE(p.reconfig_packer);
  EXPECT_FALSE(p.l1_acc);
  EXPECT_EQ(p.spill_reason,
            "it accumulates across a loop that also runs other compute (partial sums kept in its "
            "CB)");
}

TEST(GemmPlan, DifferentOutputFormatReconfiguresThePacker) {
  GemmShape s = shape(4, 1, 4);
  s.formats_differ = true;
  GemmPlan p = plan_gemm(s);
  EXPECT_FALSE(p.in_dst);
  EXPECT_TRUE(p.reconfig_packer);
  EXPECT_EQ(p.subblock_h, 2);
  EXPECT_EQ(p.subblock_w, 4);
}

TEST(GemmPlan, L1AccumulationNeedsThreeStepsAndTheCanonicalFlag) {
  GemmShape s = shape(2, 2, 8, 4);  // 16 tiles, 4 fp32 DST tiles
  s.block_ops = s.l1_acc = true;
  GemmPlan p = plan_gemm(s);
  EXPECT_FALSE(p.in_dst);
  EXPECT_TRUE(p.block_ops);
  EXPECT_TRUE(p.l1_acc);
  EXPECT_EQ(p.subblock_h * p.subblock_w, 4);
  s.k_iters = 2;  // the first step packs, the last reloads: nothing to accumulate in L1
  EXPECT_FALSE(plan_gemm(s).l1_acc);
  s.k_iters = 4;
  s.prologue = true;  // the packer serves the prologue's blocks between the partials
  EXPECT_FALSE(plan_gemm(s).l1_acc);
  s.prologue = false;
  s.canonical = false;
  EXPECT_FALSE(plan_gemm(s).l1_acc);
  s.canonical = true;
  s.l1_acc = false;  // D4a did not allow it (or is switched off)
  EXPECT_FALSE(plan_gemm(s).l1_acc);
}

}  // namespace
}  // namespace tltt::testing
