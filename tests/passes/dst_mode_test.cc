// Unit tests of dst_fp32 (passes/dst_mode.h), the one rule B3 and D4 decide DST's accumulation
// mode by: a float32 block taking part in compute, before C2 (tile statements) and after (tt
// compute ops); data movement and tensors do not count.
#include <gtest/gtest.h>

#include "ir/ir.h"
#include "ir/tt_ops.h"
#include "passes/dst_mode.h"
#include "passes/pass_util.h"

namespace tltt::passes {
namespace {

using namespace ir;

Buffer block(const char* name, DataType t, MemScope scope = MemScope::kShared) {
  return Buffer::make(name, t, {cint(32), cint(32)}, scope);
}

TEST(DstMode, TileStatementsBeforeC2) {
  Buffer tensor = block("T", DataType::float32(), MemScope::kGlobal);
  Buffer a = block("a", DataType::bfloat16()), b = block("b", DataType::bfloat16());
  Buffer f = block("f", DataType::float32(), MemScope::kFragment);
  // A float32 tensor streamed into a 16-bit block, and a float32 block only staged between
  // tensors, leave DST 16-bit.
  EXPECT_FALSE(dst_fp32(Copy::make(Region::full(tensor), Region::full(a))));
  EXPECT_FALSE(dst_fp32(SeqStmt::make({Copy::make(Region::full(tensor), Region::full(f)),
                                       Copy::make(Region::full(f), Region::full(tensor))})));
  // A float32 gemm accumulator, fill, reduction or element-wise result makes it fp32.
  EXPECT_TRUE(
      dst_fp32(Gemm::make(Region::full(a), Region::full(b), Region::full(f), false, false, true)));
  EXPECT_TRUE(dst_fp32(Fill::make(Region::full(f), FloatImm::make(0.0))));
  EXPECT_TRUE(dst_fp32(Reduce::make(ReduceKind::kSum, Region::full(a), Region::full(f), 1, true)));
  EXPECT_TRUE(dst_fp32(BufferStore::make(f, {cint(0), cint(0)}, FloatImm::make(1.0))));
  EXPECT_FALSE(
      dst_fp32(BufferStore::make(b, {cint(0), cint(0)}, BufferLoad::make(a, {cint(0), cint(0)}))));
}

TEST(DstMode, TtComputeOpsAfterC2) {
  Buffer a = block("a", DataType::bfloat16(), MemScope::kCB);
  Buffer b = block("b", DataType::bfloat16(), MemScope::kCB);
  Buffer f = block("f", DataType::float32(), MemScope::kCB);
  auto matmul = [](const Buffer& x, const Buffer& y, const Buffer& z) {
    return tt_call_stmt(TtOp::kMatmul,
                        {buffer_ref(x), buffer_ref(y), buffer_ref(z), BoolImm::make(false)});
  };
  EXPECT_FALSE(dst_fp32(matmul(a, b, b)));
  EXPECT_TRUE(dst_fp32(matmul(a, b, f)));
  // A float32 CB the reader fills (no compute op reads it here) does not count.
  EXPECT_FALSE(
      dst_fp32(SeqStmt::make({tt_call_stmt(TtOp::kMaskTile, {buffer_ref(f)}), matmul(a, b, b)})));
  EXPECT_TRUE(dst_fp32(DataType::float32()));
  EXPECT_FALSE(dst_fp32(DataType::float16()));
}

}  // namespace
}  // namespace tltt::passes
