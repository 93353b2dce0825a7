// Hand-built front-end IR of the kernels the pass tests run on (the shapes the TileLang front
// end produces for the canonical GEMM and element-wise examples).
#pragma once
#include <string>

#include "ir/ir.h"

namespace tltt::testing {

struct GemmConfig {
  int64_t m = 256, n = 256, k = 256;
  int64_t bm = 64, bn = 64, bk = 32;
  ir::DataType in = ir::DataType::bfloat16();
  ir::DataType acc = ir::DataType::float32();
  ir::DataType out = ir::DataType::bfloat16();
  bool transpose_a = false;
  bool transpose_b = false;
  bool clear_accum = false;   // pass clear_accum instead of T.clear before the loop
  bool stage_output = false;  // copy C_local -> C_shared -> C
  int64_t num_stages = 2;
  double fill_value = 0.0;  // T.fill(C_local, fill_value) before the loop (0: T.clear)
};
// T.Kernel(ceildiv(N, bn), ceildiv(M, bm)) GEMM with T.Pipelined K loop.
ir::Module make_gemm(const GemmConfig& cfg);

enum class EltwiseForm { kStaged, kDirect };
struct EltwiseConfig {
  int64_t m = 128, n = 128;
  int64_t bm = 32, bn = 64;
  ir::DataType dtype = ir::DataType::bfloat16();
  ir::BinaryOp op = ir::BinaryOp::kAdd;
  EltwiseForm form = EltwiseForm::kStaged;
};
ir::Module make_eltwise(const EltwiseConfig& cfg);

// A location in a fake source file (line `line`), so diagnostics can be checked.
Location fake_loc(uint32_t line);

}  // namespace tltt::testing
