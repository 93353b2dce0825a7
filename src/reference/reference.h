// The CPU reference: interprets the original front-end tile IR (before any pass) in double
// precision with GPU semantics, to check what the compiled program computed on the device.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ir/dtype.h"

namespace tltt {
class DiagnosticEngine;
namespace ir {
struct PrimFunc;
struct Param;
}  // namespace ir
}  // namespace tltt

namespace tltt::reference {

// A host tensor: row-major values held as double. Values stored into a buffer are rounded to
// the buffer's dtype first (see round_to_dtype), so a double always holds a representable value.
struct Tensor {
  ir::DataType dtype;
  std::vector<int64_t> shape;
  std::vector<double> data;

  static Tensor zeros(ir::DataType dtype, std::vector<int64_t> shape);
  int64_t numel() const;
};

// What the run did, for deriving tolerances (error grows with accumulation length and with the
// arithmetic the device performs in reduced precision).
struct Stats {
  int64_t gemm_count = 0;
  // Longest chain of products summed into one accumulator element: K of one T.gemm, times the
  // number of T.gemm calls accumulating into the same buffer without a clear in between.
  int64_t max_gemm_chain = 0;
  ir::DataType gemm_in_dtype;     // dtype of the A operand of the last T.gemm
  ir::DataType gemm_accum_dtype;  // dtype of the C operand of the last T.gemm
  int64_t float_muls = 0;         // floating-point multiplications/divisions in scalar code
  int64_t transcendentals = 0;    // exp/log/sqrt/... calls evaluated
  int64_t max_reduce_len = 0;     // longest T.reduce_* axis
  // The least precise float type scalar arithmetic ran in (void when there was none).
  ir::DataType arith_dtype;
  int64_t blocks_total = 0;  // T.Kernel blocks in the grid(s)
  int64_t blocks_run = 0;    // blocks interpreted (fewer than blocks_total under a BlockSample)
};

// A deterministic random subset of T.Kernel blocks to interpret, for checking outputs too large
// for a full reference: at most `max_blocks` blocks of each grid (0: all), chosen from `seed`.
// Output elements no interpreted block writes keep their initial values.
struct BlockSample {
  int64_t max_blocks = 0;
  uint64_t seed = 0;
};

// Scalar arithmetic runs in double and each float operation's result (and each math call's) is
// rounded to the operation's dtype, as GPU code computes `half + half` in half precision;
// T.gemm and T.reduce_* accumulate in double and round once when storing. Values stored into
// a buffer are rounded to the buffer's dtype.
//
// Rounds v to the nearest value of dtype: bfloat16/float16 round-to-nearest-even through the
// simulator's bit-exact conversions (after a double->float rounding; the double rounding can
// differ from a direct one only on exact float ties, far below any tolerance), float32 through
// float, float64 unchanged, tfloat32 as float32, 8-bit floats to nearest even (saturating, see
// encode_fp8), integers truncate toward zero and wrap to their width, bool is
// v != 0.
double round_to_dtype(ir::DataType dtype, double v);

// Byte encoding of an 8-bit float dtype (float8_e4m3fn, float8_e4m3, float8_e5m2 and their fnuz
// forms; ir::Float8Spec): round to nearest even, finite values beyond the largest finite value
// saturate to it (the saturating conversion of GPU code), infinities stay infinite where the
// format has them and become NaN where it has none, NaN stays NaN. No Tensix unit computes in
// these formats: the compiler stores such tensors as bfloat16, which holds every one of their
// values exactly, and the host converts at upload and download. is_fp8 is false for every other
// dtype.
bool is_fp8(ir::DataType dtype);
uint8_t encode_fp8(ir::DataType dtype, double v);
double decode_fp8(ir::DataType dtype, uint8_t bits);

// The constant shape of a tensor parameter; false (with a located error) when it is symbolic.
bool param_shape(const ir::Param& param, std::vector<int64_t>* shape, DiagnosticEngine& diag);

// Runs `func` once over its whole T.Kernel grid (blocks one after another, each with fresh
// allocations). `tensors` must hold one tensor per buffer parameter (by name) with the
// parameter's shape; outputs are updated in place. Scalar parameters take their values from
// `scalars`. Returns false after reporting a located error for unsupported constructs or
// out-of-bounds element accesses.
bool run(const ir::PrimFunc& func, std::map<std::string, Tensor>& tensors,
         const std::map<std::string, double>& scalars, DiagnosticEngine& diag,
         Stats* stats = nullptr);
// The same, interpreting only the blocks `sample` selects.
bool run(const ir::PrimFunc& func, std::map<std::string, Tensor>& tensors,
         const std::map<std::string, double>& scalars, DiagnosticEngine& diag, Stats* stats,
         const BlockSample& sample);

}  // namespace tltt::reference
