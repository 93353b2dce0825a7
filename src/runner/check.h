// The check of `tltt run`: tolerances derived from the data formats the device computes in, and
// the comparison (PCC, max absolute error) of device outputs against the CPU reference.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "reference/reference.h"

namespace tltt::runner {

// How the device computed: from the plan's compute kernel entry.
struct MathInfo {
  std::string fidelity = "HiFi4";  // LoFi, HiFi2, HiFi3, HiFi4
  bool fp32_dest_acc = true;       // DST holds fp32 (else 16-bit Float16_b)
  // A reduction split over a mesh: the number of float32 partial sums the all-reduce adds (0:
  // none); each of its additions rounds the running sum to float32.
  int64_t mesh_partials = 0;
  // math_approx_mode: the kernel uses the SFPU's fast approximate exponential (B4a).
  bool approx = false;
  // The inputs the device stores as block floats (a layout's `format`): per input, its name
  // and the magnitude bits of its datums (Bfp8_b 7, Bfp4_b 3).
  std::vector<std::pair<std::string, int>> block_float_inputs;
  // The checked output's magnitude bits when it is stored as block floats, else 0.
  int out_block_float_bits = 0;
};

struct Tolerance {
  double abs_tol = 0;
  double pcc_min = 0;
  // One human-readable line per contributing term, for printing.
  std::vector<std::string> terms;
};

// Unit roundoff (half an ulp, relative) of a float dtype: float8 2^-4 (e4m3) / 2^-3 (e5m2),
// bf16 2^-8, fp16 2^-11, fp32 and tf32 2^-24,
// fp64 2^-53; integers 0 (exact).
double unit_roundoff(ir::DataType dtype);

// Derives the tolerance of one output from the formats involved. Every term is a multiple of
// max|ref| (the output's scale): inputs are exactly representable in both the reference and the
// device (the reference consumes the same rounded data), so all error comes from what the device
// rounds or truncates:
//  - output rounding: the device and the reference may round the same true value to adjacent
//    representable values: 2 u_out max|ref|;
//  - DST storage: each result passes through DST once: u_dst max|ref| (u_dst = 2^-8 with 16-bit
//    DST, 2^-24 with fp32);
//  - multiplier fidelity (GEMM and element-wise multiply): the FPU multiplies srcA's hidden bit
//    + 4 mantissa MSBs by srcB's hidden bit + 6 in phase 0, and later phases add the remaining
//    bits; the relative error of one product is eps_f = 2^-4 + 2^-7 (LoFi), 2^-7 (HiFi2),
//    2^-11 (HiFi3), 0 (HiFi4), plus 2 * 2^-7 when the operands carry more than 7 mantissa bits
//    (fp16/fp32: lower bits never reach the multiplier). Truncation errors of K products with
//    random signs add like a random walk, so their sum stays about eps_f/2 times the typical
//    output; eps_f max|ref| gives a factor-2 margin at the extreme;
//  - 16-bit accumulation: without fp32 DST, partial GEMM sums are rounded to 16 bits after each
//    of the ceil(K/32) tile steps (and reductions after each 32-wide tile): 2 u_dst max|ref|
//    sqrt(steps) (random-walk growth, factor-2 margin);
//  - scalar arithmetic in a type less precise than the output (e.g. fp16 + fp16 stored to an
//    fp32 output): the reference rounds each operation to its type, the device may not:
//    2 u_arith max|ref|;
//  - SFPU transcendentals (exp, log, rsqrt, ...): polynomial approximations accurate to about
//    bf16 precision: 4 * 2^-8 max|ref|; with math_approx_mode (the fast exponential, within
//    3.5% of exp, sfpu_functions.def) 2^-4 max|ref|: an exponential's error and that of a sum
//    of them it is divided by;
//  - block-float inputs (Bfp8_b / Bfp4_b, docs/formats.md): the host packs each input value to
//    a magnitude of m bits (7 / 3) under the exponent E its 16-value face row shares
//    (2^E <= the row's largest |x|), an error of at most half a step, 2^(E+1-m) / 2 <=
//    2^-m max|x|: the reference reads the unrounded value. Per such input 2 * 2^-m max|ref|:
//    a GEMM's K rounding errors add as a random walk, as its products do (measured with
//    uniform [-1, 1) inputs: about 2^-m max|ref| at the worst element), element-wise results
//    carry the input's error directly;
//  - a block-float output rounds like the input: its unit roundoff is 2^-m (relative to its
//    row's largest value, at most max|ref|) when that exceeds the dtype's.
// The absolute tolerance is at least u_out (inputs are O(1)). PCC thresholds: 0.9999 for
// 32-bit outputs computed in fp32 at HiFi4 (without the fast exponential), 0.999 for 16-bit
// outputs and with the fast exponential (its 3.5% errors alone give 1 - pcc near 1e-4), 0.99
// when 16-bit DST
// accumulation over more than one tile step or LoFi multiplication is involved, or Bfp4_b data
// (its 3-bit rounding alone gives 1 - pcc near 2e-3 per operand); 0.999 at most with Bfp8_b.
Tolerance derive_tolerance(ir::DataType out_dtype, double max_abs_ref,
                           const reference::Stats& stats, const MathInfo& math);

struct Comparison {
  double pcc = 0;
  double max_abs_err = 0;
  double max_abs_ref = 0;
  int64_t worst_index = -1;        // flat index of the largest error
  int64_t over_tol = 0;            // elements whose error exceeds the tolerance
  int64_t nonfinite_mismatch = 0;  // NaN/Inf where the reference differs
};

// Compares `got` with `ref` element by element. Non-finite reference values must be matched
// exactly; the PCC and the max error are over the elements where both are finite. A constant
// pair (zero variance) has pcc 1 when it matches within `tol`, else 0.
Comparison compare(const std::vector<double>& got, const std::vector<double>& ref, double tol);

double max_abs_finite(const std::vector<double>& v);

}  // namespace tltt::runner
