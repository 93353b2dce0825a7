// Tolerance derivation and output comparison for `tltt run` (see check.h for the derivation).
#include "runner/check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tltt::runner {

namespace {

// Relative error of one FPU product at a fidelity (see check.h).
double fidelity_eps(const std::string& fidelity) {
  if (fidelity == "LoFi") {
    return std::ldexp(1.0, -4) + std::ldexp(1.0, -7);
  }
  if (fidelity == "HiFi2") {
    return std::ldexp(1.0, -7);
  }
  if (fidelity == "HiFi3") {
    return std::ldexp(1.0, -11);
  }
  return 0;
}

int mantissa_bits(ir::DataType dtype) {
  using Code = ir::DataType::Code;
  if (dtype.code() == Code::kBFloat) {
    return 7;
  }
  if (dtype.code() == Code::kFloat8E5M2 || dtype.code() == Code::kFloat8E5M2FNUZ) {
    return 2;
  }
  if (dtype.is_float() && dtype.bits() == 8) {
    return 3;
  }
  if (dtype.is_float()) {
    return dtype.bits() == 16 ? 10 : dtype.bits() == 32 ? 23 : 52;
  }
  return 0;
}

}  // namespace

double unit_roundoff(ir::DataType dtype) {
  if (dtype.code() == ir::DataType::Code::kBFloat) {
    return std::ldexp(1.0, -8);
  }
  if (dtype.is_float() && dtype.bits() == 8) {  // float8: 3 (e4m3) or 2 (e5m2) mantissa bits
    return std::ldexp(1.0, -1 - mantissa_bits(dtype));
  }
  if (dtype.is_float()) {
    switch (dtype.bits()) {
      case 16:
        return std::ldexp(1.0, -11);
      case 32:
        return std::ldexp(1.0, -24);
      default:
        return std::ldexp(1.0, -53);
    }
  }
  return 0;
}

Tolerance derive_tolerance(ir::DataType out_dtype, double max_abs_ref,
                           const reference::Stats& stats, const MathInfo& math) {
  Tolerance t;
  const double m = max_abs_ref;
  const double u_out =
      std::max(unit_roundoff(out_dtype),
               math.out_block_float_bits ? std::ldexp(1.0, -math.out_block_float_bits) : 0.0);
  const double u_dst = math.fp32_dest_acc ? std::ldexp(1.0, -24) : std::ldexp(1.0, -8);
  auto term = [&](const std::string& what, double v) {
    t.abs_tol += v;
    t.terms.push_back(fmt::format("{} = {:.4g}", what, v));
  };
  term(math.out_block_float_bits
           ? fmt::format("output rounding 2*u(block float, {}-bit magnitudes)*max|ref|",
                         math.out_block_float_bits)
           : fmt::format("output rounding 2*u({})*max|ref|", out_dtype.str()),
       2 * u_out * m);
  int min_bits = math.out_block_float_bits ? math.out_block_float_bits : 8;
  for (const auto& [name, bits] : math.block_float_inputs) {
    term(fmt::format("{} block-float input rounding 2*2^-{}*max|ref|", name, bits),
         2 * std::ldexp(1.0, -bits) * m);
    min_bits = std::min(min_bits, bits);
  }
  term(fmt::format("DST storage u_dst({})*max|ref|", math.fp32_dest_acc ? "fp32" : "16-bit"),
       u_dst * m);
  bool low_precision = false;
  if (stats.gemm_count > 0 || stats.float_muls > 0) {
    double eps = fidelity_eps(math.fidelity);
    ir::DataType in = stats.gemm_count > 0 ? stats.gemm_in_dtype : out_dtype;
    if (mantissa_bits(in) > 7) {
      eps += 2 * std::ldexp(1.0, -7);
    }
    if (eps > 0) {
      term(fmt::format("multiplier fidelity eps({}, {})*max|ref|", math.fidelity, in.str()),
           eps * m);
    }
    low_precision |= math.fidelity == "LoFi";
  }
  if (stats.gemm_count > 0 && !math.fp32_dest_acc) {
    const double steps = std::ceil(static_cast<double>(stats.max_gemm_chain) / 32.0);
    term(fmt::format("16-bit accumulation 2*u_dst*max|ref|*sqrt({} K-tile steps)", steps),
         2 * u_dst * m * std::sqrt(steps));
    low_precision |= steps > 1;
  }
  if (stats.max_reduce_len > 0 && !math.fp32_dest_acc) {
    const double steps = std::ceil(static_cast<double>(stats.max_reduce_len) / 32.0);
    term(fmt::format("16-bit reduction 2*u_dst*max|ref|*sqrt({} tile steps)", steps),
         2 * u_dst * m * std::sqrt(steps));
    low_precision |= steps > 1;
  }
  // Scalar arithmetic in a less precise type than the output: the reference rounds each such
  // operation as GPU code would, the device may keep more bits (DST, SFPU in fp32).
  if (stats.arith_dtype.is_float() && unit_roundoff(stats.arith_dtype) > u_out) {
    term(fmt::format("{} arithmetic 2*u({})*max|ref|", stats.arith_dtype.str(),
                     stats.arith_dtype.str()),
         2 * unit_roundoff(stats.arith_dtype) * m);
  }
  if (stats.transcendentals > 0 && math.approx) {
    term("SFPU fast exponential (math_approx_mode) 2^-4*max|ref|", std::ldexp(1.0, -4) * m);
  } else if (stats.transcendentals > 0) {
    term("SFPU approximation 4*2^-8*max|ref|", 4 * std::ldexp(1.0, -8) * m);
  }
  if (math.mesh_partials > 1) {
    // The partial sums stay float32 until the sum is rounded to the output dtype once (the
    // output rounding term above); the all-reduce's n - 1 additions round in float32.
    const double adds = static_cast<double>(math.mesh_partials - 1);
    term(fmt::format("mesh all-reduce {} fp32 additions {}*u(fp32)*max|ref|", adds, adds),
         adds * std::ldexp(1.0, -24) * m);
  }
  if (t.abs_tol < u_out) {
    t.terms.push_back(fmt::format("floor u_out = {:.4g}", u_out));
    t.abs_tol = u_out;
  }
  const bool out16 = out_dtype.is_float() && out_dtype.bits() <= 16;
  if (low_precision || min_bits <= 3) {
    t.pcc_min = 0.99;
  } else if (min_bits <= 7) {
    t.pcc_min = 0.999;
  } else if (out16 || !math.fp32_dest_acc || fidelity_eps(math.fidelity) > 0 ||
             (math.approx && stats.transcendentals > 0)) {
    t.pcc_min = 0.999;
  } else {
    t.pcc_min = 0.9999;
  }
  return t;
}

double max_abs_finite(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) {
    if (std::isfinite(x)) {
      m = std::max(m, std::fabs(x));
    }
  }
  return m;
}

Comparison compare(const std::vector<double>& got, const std::vector<double>& ref, double tol) {
  Comparison c;
  c.max_abs_ref = max_abs_finite(ref);
  double sg = 0, sr = 0, sgg = 0, srr = 0, sgr = 0;
  double max_finite_err = 0;
  int64_t worst_finite = -1, first_nonfinite = -1;
  int64_t n = 0;
  for (size_t i = 0; i < ref.size() && i < got.size(); ++i) {
    const double g = got[i], r = ref[i];
    if (!std::isfinite(r) || !std::isfinite(g)) {
      const bool same = (std::isnan(r) && std::isnan(g)) || g == r;
      if (!same) {
        c.nonfinite_mismatch++;
        if (first_nonfinite < 0) {
          first_nonfinite = static_cast<int64_t>(i);
        }
      }
      continue;
    }
    const double e = std::fabs(g - r);
    if (worst_finite < 0 || e > max_finite_err) {
      max_finite_err = e;
      worst_finite = static_cast<int64_t>(i);
    }
    if (e > tol) {
      c.over_tol++;
    }
    sg += g;
    sr += r;
    sgg += g * g;
    srr += r * r;
    sgr += g * r;
    ++n;
  }
  if (c.nonfinite_mismatch > 0) {
    c.max_abs_err = std::numeric_limits<double>::infinity();
    c.worst_index = first_nonfinite;
  } else {
    c.max_abs_err = max_finite_err;
    c.worst_index = worst_finite;
  }
  if (n == 0) {
    c.pcc = c.nonfinite_mismatch == 0 ? 1.0 : 0.0;
    return c;
  }
  const double dn = static_cast<double>(n);
  const double vg = sgg - sg * sg / dn, vr = srr - sr * sr / dn, cov = sgr - sg * sr / dn;
  // Variances below rounding noise of the sums mean "constant".
  const double eps = 1e-12 * std::max(1.0, std::max(sgg, srr));
  if (vg <= eps || vr <= eps) {
    c.pcc = c.over_tol == 0 && c.nonfinite_mismatch == 0 ? 1.0 : 0.0;
  } else {
    c.pcc = std::clamp(cov / std::sqrt(vg * vr), -1.0, 1.0);
  }
  return c;
}

}  // namespace tltt::runner
