// FPU tile math: DST rounding, the fidelity-phased multiplier, matmul, eltwise binary (with
// broadcast) and reduce.
//
// Model (documented here because it decides every bit the FPU produces):
//  * Operands: the multiplier sees the hidden bit and the 7 most significant mantissa bits of
//    each operand (bf16 precision). Lower mantissa bits (Float32/Float16 inputs) are dropped by
//    truncation; fp32 denormal operands are flushed to zero. SrcA's 8 bits split into hi = the
//    top 5 (hidden + 4 MSBs) and lo = the last 3; SrcB's into hi = top 7 (hidden + 6 MSBs) and
//    lo = the last 1. Phase 0 = A.hi*B.hi, 1 = A.lo*B.hi, 2 = A.hi*B.lo, 3 = A.lo*B.lo; LoFi runs
//    phase 0, HiFi2 0-1, HiFi3 0-2, HiFi4 0-3 (= the exact product of the 8-bit mantissas).
//    Non-finite operands bypass the split (plain IEEE product).
//  * Matmul maps in0 -> SrcB and in1 -> SrcA; eltwise and reduce map in0 -> SrcA, in1/scaler ->
//    SrcB. Eltwise add/sub ignore fidelity (plain fp32 add/sub); mul and reduce sum/avg use it;
//    reduce max does not (the max is scaled with a plain fp32 multiply).
//  * Accumulation: the products of one call (32 for a tile matmul's inner dimension, a row or
//    column for reduce) and the old DST value are summed in double (exact for practical ranges),
//    converted to fp32 (round-to-nearest-even) and then rounded once to DST's storage format by
//    dst_round(). Real hardware rounds DST after every 16-deep MVMUL and every fidelity phase;
//    the simulator rounds once per API call, so 16-bit-DST results can differ from silicon in the
//    last bit.
//  * Reference mode: plain fp32 arithmetic in the natural loop order, no fidelity, no rounding.
#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/numerics/numerics.h"

namespace ttsim::num {

namespace {

// An operand as the multiplier sees it: value of all 8 mantissa bits, of the hi part, of the lo.
struct Split {
  double full = 0, hi = 0, lo = 0;
  bool special = false;  // Inf/NaN: use the IEEE product
  float raw = 0;
};

// hi_bits: 5 for SrcA, 7 for SrcB.
Split split(float v, int hi_bits) {
  Split s;
  s.raw = v;
  uint32_t u = std::bit_cast<uint32_t>(v);
  int e = (u >> 23) & 0xff;
  if (e == 0xff) {
    s.special = true;
    return s;
  }
  if (e == 0) {
    return s;  // zero or flushed denormal
  }
  uint32_t m8 = ((u >> 16) & 0x7f) | 0x80;  // hidden bit + 7 MSBs
  int lo_bits = 8 - hi_bits;
  uint32_t hi = m8 & ~((1u << lo_bits) - 1);
  uint32_t lo = m8 & ((1u << lo_bits) - 1);
  // 2^(e - 134) built from its bits: e is 1..254, so the double is normal and exact
  // (the same value std::ldexp(1.0, e - 127 - 7) gives, without a libm call per element).
  double scale = std::bit_cast<double>(static_cast<uint64_t>(e - 134 + 1023) << 52);
  double sign = (u >> 31) ? -1.0 : 1.0;
  s.full = sign * m8 * scale;
  s.hi = sign * hi * scale;
  s.lo = sign * lo * scale;
  return s;
}

double combine(int phases, const Split& a, const Split& b) {
  if (a.special || b.special) {
    return static_cast<double>(a.raw) * static_cast<double>(b.raw);
  }
  switch (phases) {
    case 1:
      return a.hi * b.hi;
    case 2:
      return a.full * b.hi;
    case 3:
      return a.full * b.hi + a.hi * b.lo;
    default:
      return a.full * b.full;
  }
}

float bcast_operand(BcastDim bcast, const float* b, int r, int c) {
  switch (bcast) {
    case BcastDim::Rows:
      return b[tile_index(0, c)];
    case BcastDim::Cols:
      return b[tile_index(r, 0)];
    case BcastDim::Scalar:
      return b[0];
    case BcastDim::None:
      break;
  }
  return b[tile_index(r, c)];
}

// Max into DST; NaN wins (as the reduction over the tile itself does).
float max_into(float d, float v) {
  if (std::isnan(d) || std::isnan(v)) {
    return std::numeric_limits<float>::quiet_NaN();
  }
  return v > d ? v : d;
}

}  // namespace

float dst_round(const MathConfig& cfg, float v) {
  if (cfg.reference || cfg.fp32_dest_acc) {
    return v;
  }
  return round_to_format(cfg.dst16_format, v);
}

int fidelity_phases(MathFidelity fidelity) {
  switch (fidelity) {
    case MathFidelity::LoFi:
      return 1;
    case MathFidelity::HiFi2:
      return 2;
    case MathFidelity::HiFi3:
      return 3;
    default:
      return 4;
  }
}

double fidelity_mul(const MathConfig& cfg, float srca, float srcb) {
  if (cfg.reference) {
    return static_cast<double>(srca * srcb);
  }
  return combine(fidelity_phases(cfg.fidelity), split(srca, 5), split(srcb, 7));
}

namespace {

// The multiplier's view of one operand element as a double (see the model above), built from
// the float's bits: with a normal exponent, hidden bit + 7 MSBs with the `mask`ed low bits
// cleared is the float itself with its lower mantissa bits cleared (hi parts clear the lo bits
// too); a zero exponent is a flushed denormal and gives +0 (whatever the sign, as split() does).
// Branch-free so that the preparation loops vectorize.
inline double operand_part(uint32_t u, uint32_t mask) {
  const uint32_t keep = (u & 0x7f800000u) ? mask : 0u;
  return static_cast<double>(std::bit_cast<float>(u & keep));
}

// Masks of the part each operand contributes under a single-product fidelity (LoFi: SrcA.hi x
// SrcB.hi, HiFi2: SrcA.full x SrcB.hi, HiFi4: full x full). in0 feeds SrcB (hi = 7 bits, the
// last mantissa bit cleared), in1 feeds SrcA (hi = 5 bits, the last 3 cleared).
constexpr uint32_t kFullMask = 0xffff0000u;
uint32_t in0_mask(int phases) { return phases >= 4 ? kFullMask : 0xfffe0000u; }
uint32_t in1_mask(int phases) { return phases == 1 ? 0xfff80000u : kFullMask; }

// Writes one prepared operand, row-major [r][c] from a tile in tile (face) order, transposed
// when asked; false (out partly written) when an element is Inf/NaN.
bool prepare_operand(const float* t, uint32_t mask, bool transpose, double* out) {
  uint32_t special = 0;
  if (transpose) {
    for (int r = 0; r < kTileDim; ++r) {
      for (int c = 0; c < kTileDim; ++c) {
        const uint32_t u = std::bit_cast<uint32_t>(t[tile_index(c, r)]);
        special |= static_cast<uint32_t>((u & 0x7f800000u) == 0x7f800000u);
        out[r * kTileDim + c] = operand_part(u, mask);
      }
    }
    return special == 0;
  }
  // Face by face: each face row is 16 contiguous floats of the tile and of a row of `out`.
  for (int face = 0; face < 4; ++face) {
    const float* f = t + face * kFaceDim * kFaceDim;
    double* o = out + (face / 2) * kFaceDim * kTileDim + (face % 2) * kFaceDim;
    for (int r = 0; r < kFaceDim; ++r) {
      for (int c = 0; c < kFaceDim; ++c) {
        const uint32_t u = std::bit_cast<uint32_t>(f[r * kFaceDim + c]);
        special |= static_cast<uint32_t>((u & 0x7f800000u) == 0x7f800000u);
        o[r * kTileDim + c] = operand_part(u, mask);
      }
    }
  }
  return special == 0;
}

// dst += av x bv over prepared operands, each DST row accumulated in double in k order in an
// i-k-j loop (two rows at a time, sharing each bv row) that the compiler vectorizes, cloned for
// AVX-512 (8 doubles a step) and AVX2 where the CPU has them. The products of the parts are exact
// in double (at most 8 x 8 significant bits). Every element adds the same products in the same
// order as the general loop of matmul_tile: bit for bit its result.
__attribute__((target_clones("avx512f", "avx2", "default"))) void matmul_prepared_rows(
    const double* av, const double* bv, float* dst) {
  for (int i = 0; i < kTileDim; i += 2) {
    alignas(64) double acc0[kTileDim];
    alignas(64) double acc1[kTileDim];
    for (int j = 0; j < kTileDim; ++j) {
      acc0[j] = dst[tile_index(i, j)];
      acc1[j] = dst[tile_index(i + 1, j)];
    }
    for (int k = 0; k < kTileDim; ++k) {
      const double x0 = av[i * kTileDim + k];
      const double x1 = av[(i + 1) * kTileDim + k];
      const double* y = bv + k * kTileDim;
      for (int j = 0; j < kTileDim; ++j) {
        acc0[j] += y[j] * x0;
        acc1[j] += y[j] * x1;
      }
    }
    for (int j = 0; j < kTileDim; ++j) {
      dst[tile_index(i, j)] = static_cast<float>(acc0[j]);
      dst[tile_index(i + 1, j)] = static_cast<float>(acc1[j]);
    }
  }
}

}  // namespace

bool matmul_prepared_path(const MathConfig& cfg) {
  return !cfg.reference && fidelity_phases(cfg.fidelity) != 3;
}

bool prepare_matmul_in0(const MathConfig& cfg, const float* a, double* out) {
  return prepare_operand(a, in0_mask(fidelity_phases(cfg.fidelity)), false, out);
}

bool prepare_matmul_in1(const MathConfig& cfg, const float* b, bool transpose_b, double* out) {
  return prepare_operand(b, in1_mask(fidelity_phases(cfg.fidelity)), transpose_b, out);
}

void matmul_prepared(const MathConfig& cfg, const double* a, const double* b, float* dst) {
  matmul_prepared_rows(a, b, dst);
  if (!cfg.fp32_dest_acc) {
    for (int i = 0; i < kTileElems; ++i) {
      dst[i] = round_to_format(cfg.dst16_format, dst[i]);
    }
  }
}

void matmul_tile(const MathConfig& cfg, const float* a, const float* b, bool transpose_b,
                 float* dst) {
  auto b_at = [&](int k, int j) { return transpose_b ? b[tile_index(j, k)] : b[tile_index(k, j)]; };
  if (cfg.reference) {
    for (int i = 0; i < kTileDim; ++i) {
      for (int j = 0; j < kTileDim; ++j) {
        float acc = dst[tile_index(i, j)];
        for (int k = 0; k < kTileDim; ++k) {
          acc += a[tile_index(i, k)] * b_at(k, j);
        }
        dst[tile_index(i, j)] = acc;
      }
    }
    return;
  }
  const int phases = fidelity_phases(cfg.fidelity);
  if (matmul_prepared_path(cfg)) {
    alignas(64) double av[kTileElems];
    alignas(64) double bv[kTileElems];
    if (prepare_matmul_in0(cfg, a, av) && prepare_matmul_in1(cfg, b, transpose_b, bv)) {
      matmul_prepared(cfg, av, bv, dst);
      return;
    }
  }
  // Row-major splits: in0 (a) is SrcB, in1 (b) is SrcA.
  std::vector<Split> sa(kTileElems), sb(kTileElems);
  for (int r = 0; r < kTileDim; ++r) {
    for (int c = 0; c < kTileDim; ++c) {
      sa[r * kTileDim + c] = split(a[tile_index(r, c)], 7);
      sb[r * kTileDim + c] = split(b_at(r, c), 5);
    }
  }
  for (int i = 0; i < kTileDim; ++i) {
    for (int j = 0; j < kTileDim; ++j) {
      double acc = dst[tile_index(i, j)];
      for (int k = 0; k < kTileDim; ++k) {
        acc += combine(phases, sb[k * kTileDim + j], sa[i * kTileDim + k]);
      }
      dst[tile_index(i, j)] = dst_round(cfg, static_cast<float>(acc));
    }
  }
}

void binary_tile(const MathConfig& cfg, BinaryOp op, BcastDim bcast, const float* a, const float* b,
                 float* dst, bool acc_to_dest) {
  for (int r = 0; r < kTileDim; ++r) {
    for (int c = 0; c < kTileDim; ++c) {
      int idx = tile_index(r, c);
      float x = a[idx];
      float y = bcast_operand(bcast, b, r, c);
      float v;
      switch (op) {
        case BinaryOp::Add:
          v = x + y;
          break;
        case BinaryOp::Sub:
          v = x - y;
          break;
        default:
          v = static_cast<float>(fidelity_mul(cfg, x, y));
          break;
      }
      if (acc_to_dest) {
        v = dst[idx] + v;
      }
      dst[idx] = dst_round(cfg, v);
    }
  }
}

void reduce_tile(const MathConfig& cfg, PoolType pool, ReduceDim dim, const float* a,
                 const float* scaler, float* dst, bool dst_fresh) {
  const float s = scaler[0];
  if (pool == PoolType::Max) {
    auto reduce_max = [&](int r0, int r1, int c0, int c1) {
      float m = -std::numeric_limits<float>::infinity();
      for (int r = r0; r < r1; ++r) {
        for (int c = c0; c < c1; ++c) {
          float v = a[tile_index(r, c)];
          m = std::isnan(v) || std::isnan(m) ? std::numeric_limits<float>::quiet_NaN()
                                             : (v > m ? v : m);
        }
      }
      return m;
    };
    auto store = [&](int idx, float v) {
      dst[idx] = dst_round(cfg, dst_fresh ? v : max_into(dst[idx], v));
    };
    switch (dim) {
      case ReduceDim::Row:
        for (int r = 0; r < kTileDim; ++r) {
          store(tile_index(r, 0), reduce_max(r, r + 1, 0, kTileDim) * s);
        }
        break;
      case ReduceDim::Col:
        for (int c = 0; c < kTileDim; ++c) {
          store(tile_index(0, c), reduce_max(0, kTileDim, c, c + 1) * s);
        }
        break;
      case ReduceDim::Scalar:
        store(0, reduce_max(0, kTileDim, 0, kTileDim) * s * s);
        break;
    }
    return;
  }
  // Sum / Avg (the scaler tile carries 1/N for Avg).
  auto sum_range = [&](int r0, int r1, int c0, int c1) {
    if (cfg.reference) {
      float acc = 0;
      for (int r = r0; r < r1; ++r) {
        for (int c = c0; c < c1; ++c) {
          acc += a[tile_index(r, c)] * s;
        }
      }
      return static_cast<double>(acc);
    }
    double acc = 0;
    for (int r = r0; r < r1; ++r) {
      for (int c = c0; c < c1; ++c) {
        acc += fidelity_mul(cfg, a[tile_index(r, c)], s);
      }
    }
    return acc;
  };
  auto store = [&](int idx, double v) {
    dst[idx] = dst_round(
        cfg, cfg.reference ? dst[idx] + static_cast<float>(v) : static_cast<float>(dst[idx] + v));
  };
  switch (dim) {
    case ReduceDim::Row:
      for (int r = 0; r < kTileDim; ++r) {
        store(tile_index(r, 0), sum_range(r, r + 1, 0, kTileDim));
      }
      break;
    case ReduceDim::Col:
      for (int c = 0; c < kTileDim; ++c) {
        store(tile_index(0, c), sum_range(0, kTileDim, c, c + 1));
      }
      break;
    case ReduceDim::Scalar: {
      // Row pass (scaled once), then a column pass over the row results (scaled again).
      double total = 0;
      float ref_total = 0;
      for (int r = 0; r < kTileDim; ++r) {
        float row = static_cast<float>(sum_range(r, r + 1, 0, kTileDim));
        if (cfg.reference) {
          ref_total += row * s;
        } else {
          total += fidelity_mul(cfg, row, s);
        }
      }
      store(0, cfg.reference ? static_cast<double>(ref_total) : total);
      break;
    }
  }
}

}  // namespace ttsim::num
