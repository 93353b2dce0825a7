// FPU numerics: DST rounding, fidelity phases (hand-computed), matmul, eltwise binary with
// broadcast, reduce.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "sim/numerics/numerics.h"

namespace ttsim::num {
namespace {

MathConfig cfg_of(MathFidelity fid, bool fp32 = true) {
  MathConfig c;
  c.fidelity = fid;
  c.fp32_dest_acc = fp32;
  return c;
}

using Tile = std::vector<float>;
Tile zeros() { return Tile(kTileElems, 0.0f); }
float& at(Tile& t, int r, int c) { return t[tile_index(r, c)]; }

TEST(Fpu, DstRound) {
  MathConfig c;
  EXPECT_EQ(dst_round(c, 1.00390625f), 1.0f);  // bf16 DST: 1 + 2^-8 ties to even
  EXPECT_EQ(dst_round(c, 1.01171875f), 1.015625f);
  c.dst16_format = DataFormat::Float16;
  EXPECT_EQ(dst_round(c, 1.00390625f), 1.00390625f);  // fp16 keeps 10 bits
  EXPECT_EQ(dst_round(c, 70000.0f), INFINITY);
  c.fp32_dest_acc = true;
  EXPECT_EQ(dst_round(c, 1.0000001f), 1.0000001f);
  MathConfig r;
  r.reference = true;
  EXPECT_EQ(dst_round(r, 1.0000001f), 1.0000001f);
}

TEST(Fpu, FidelityPhasesHandComputed) {
  // Both operands 1 + 2^-7: only the lowest mantissa bit set, which is SrcA's lo part (3 bits)
  // and SrcB's lo part (1 bit).
  float x = 1.0078125f;
  EXPECT_EQ(fidelity_mul(cfg_of(MathFidelity::LoFi), x, x), 1.0);
  EXPECT_EQ(fidelity_mul(cfg_of(MathFidelity::HiFi2), x, x), 1.0078125);  // + A.lo*B.hi
  EXPECT_EQ(fidelity_mul(cfg_of(MathFidelity::HiFi3), x, x), 1.015625);   // + A.hi*B.lo
  EXPECT_EQ(fidelity_mul(cfg_of(MathFidelity::HiFi4), x, x), 1.015625 + 1.0 / 16384);
  // All mantissa bits set (1.9921875): SrcA hi = 1.9375, SrcB hi = 1.984375.
  float y = 1.9921875f;
  EXPECT_EQ(fidelity_mul(cfg_of(MathFidelity::LoFi), y, y), 1.9375 * 1.984375);
  EXPECT_EQ(fidelity_mul(cfg_of(MathFidelity::HiFi2), y, y), 1.9921875 * 1.984375);
  EXPECT_EQ(fidelity_mul(cfg_of(MathFidelity::HiFi4), y, y), 1.9921875 * 1.9921875);
  // Signs and exponents carry through; bits below bf16 precision never reach the multiplier.
  EXPECT_EQ(fidelity_mul(cfg_of(MathFidelity::HiFi4), -3.0f, 0.25f), -0.75);
  EXPECT_EQ(fidelity_mul(cfg_of(MathFidelity::HiFi4), 1.00390625f, 1.0f), 1.0);
  EXPECT_TRUE(std::isnan(fidelity_mul(cfg_of(MathFidelity::HiFi4), 0.0f, INFINITY)));
  EXPECT_EQ(fidelity_mul(cfg_of(MathFidelity::LoFi), -2.0f, INFINITY), -INFINITY);
  MathConfig ref;
  ref.reference = true;
  ref.fidelity = MathFidelity::LoFi;
  EXPECT_EQ(fidelity_mul(ref, 1.00390625f, 1.0f), 1.00390625);
}

TEST(Fpu, MatmulMapsIn0ToSrcB) {
  // in0 = 1 + 2^-7 (its lowest bit is SrcB's lo), in1 = 1: HiFi2 drops SrcB's lo bit.
  Tile a = zeros(), b = zeros(), d = zeros();
  at(a, 0, 0) = 1.0078125f;
  at(b, 0, 0) = 1.0f;
  matmul_tile(cfg_of(MathFidelity::HiFi2), a.data(), b.data(), false, d.data());
  EXPECT_EQ(at(d, 0, 0), 1.0f);
  // The other way round the bit is SrcA's lo, which HiFi2 keeps.
  Tile d2 = zeros();
  matmul_tile(cfg_of(MathFidelity::HiFi2), b.data(), a.data(), false, d2.data());
  EXPECT_EQ(at(d2, 0, 0), 1.0078125f);
}

Tile pattern(int seed) {
  Tile t(kTileElems);
  for (int r = 0; r < kTileDim; ++r) {
    for (int c = 0; c < kTileDim; ++c) {
      // bf16-exact values (<= 8 significant bits).
      at(t, r, c) = static_cast<float>(((r * 7 + c * 13 + seed * 5) % 19) - 9) / 8.0f;
    }
  }
  return t;
}

TEST(Fpu, MatmulHiFi4ExactForBf16Inputs) {
  Tile a = pattern(1), b = pattern(2), d = zeros();
  for (int i = 0; i < kTileElems; ++i) {
    d[i] = 0.5f;  // accumulates onto DST
  }
  matmul_tile(cfg_of(MathFidelity::HiFi4), a.data(), b.data(), false, d.data());
  Tile dt = zeros();
  matmul_tile(cfg_of(MathFidelity::HiFi4), a.data(), b.data(), true, dt.data());
  for (int i = 0; i < kTileDim; ++i) {
    for (int j = 0; j < kTileDim; ++j) {
      double want = 0.5, want_t = 0;
      for (int k = 0; k < kTileDim; ++k) {
        want += double(at(a, i, k)) * at(b, k, j);
        want_t += double(at(a, i, k)) * at(b, j, k);
      }
      EXPECT_EQ(at(d, i, j), float(want));
      EXPECT_EQ(at(dt, i, j), float(want_t));
    }
  }
}

// matmul_tile accumulates, per DST element and in k order, exactly the products fidelity_mul
// forms (in1 is SrcA, in0 SrcB), for every fidelity, both DST widths, transposed or not, and
// with an Inf operand (which takes the general path); bit for bit.
TEST(Fpu, MatmulEqualsPerElementFidelityProducts) {
  Tile a = pattern(3), b = pattern(4);
  for (int i = 0; i < kTileElems; i += 37) {
    a[i] *= 1000.0f;  // spread the exponents
    b[(i * 7) % kTileElems] *= 1e-3f;
  }
  for (bool with_inf : {false, true}) {
    Tile ai = a;
    if (with_inf) {
      ai[tile_index(3, 5)] = INFINITY;
    }
    for (MathFidelity fid :
         {MathFidelity::LoFi, MathFidelity::HiFi2, MathFidelity::HiFi3, MathFidelity::HiFi4}) {
      for (bool fp32 : {true, false}) {
        for (bool tr : {false, true}) {
          MathConfig cfg = cfg_of(fid, fp32);
          Tile d = zeros();
          for (int i = 0; i < kTileElems; ++i) {
            d[i] = 0.25f * float(i % 5);
          }
          Tile want = d;
          matmul_tile(cfg, ai.data(), b.data(), tr, d.data());
          for (int i = 0; i < kTileDim; ++i) {
            for (int j = 0; j < kTileDim; ++j) {
              double acc = at(want, i, j);
              for (int k = 0; k < kTileDim; ++k) {
                acc += fidelity_mul(cfg, tr ? at(b, j, k) : at(b, k, j), at(ai, i, k));
              }
              const float w = dst_round(cfg, float(acc));
              const float got = at(d, i, j);
              ASSERT_TRUE(std::memcmp(&w, &got, sizeof w) == 0)
                  << "fidelity " << int(fid) << " fp32 " << fp32 << " transposed " << tr << " inf "
                  << with_inf << " at " << i << "," << j << ": " << got << " vs " << w;
            }
          }
        }
      }
    }
  }
}

TEST(Fpu, MatmulLowFidelityLosesPrecisionAndBf16DstRounds) {
  Tile a(kTileElems, 1.9921875f), b(kTileElems, 1.9921875f);
  Tile lo = zeros(), hi = zeros(), hi16 = zeros();
  matmul_tile(cfg_of(MathFidelity::LoFi), a.data(), b.data(), false, lo.data());
  matmul_tile(cfg_of(MathFidelity::HiFi4), a.data(), b.data(), false, hi.data());
  matmul_tile(cfg_of(MathFidelity::HiFi4, false), a.data(), b.data(), false, hi16.data());
  EXPECT_EQ(lo[0], float(32 * 1.9375 * 1.984375));
  EXPECT_EQ(hi[0], float(32 * 1.9921875 * 1.9921875));
  EXPECT_EQ(hi16[0], bf16_to_float(float_to_bf16(hi[0])));
  EXPECT_NE(hi16[0], hi[0]);
}

TEST(Fpu, MatmulReferenceIsPlainFloat) {
  MathConfig ref;
  ref.reference = true;
  ref.fidelity = MathFidelity::LoFi;
  Tile a(kTileElems, 1.0001f), b(kTileElems, 3.0f), d = zeros();
  matmul_tile(ref, a.data(), b.data(), false, d.data());
  float want = 0;
  for (int k = 0; k < 32; ++k) {
    want += 1.0001f * 3.0f;
  }
  EXPECT_EQ(d[0], want);
}

TEST(Fpu, BinaryBroadcasts) {
  MathConfig c = cfg_of(MathFidelity::HiFi4);
  Tile a = zeros(), b = zeros(), d = zeros();
  for (int r = 0; r < 32; ++r) {
    for (int col = 0; col < 32; ++col) {
      at(a, r, col) = 100.0f * r + col;
      at(b, r, col) = 1000.0f * (r + 1) + 10000.0f * (col + 1);
    }
  }
  binary_tile(c, BinaryOp::Add, BcastDim::None, a.data(), b.data(), d.data(), false);
  EXPECT_EQ(at(d, 5, 7), 507.0f + 6000.0f + 80000.0f);
  binary_tile(c, BinaryOp::Add, BcastDim::Rows, a.data(), b.data(), d.data(), false);
  EXPECT_EQ(at(d, 5, 7), 507.0f + 1000.0f + 80000.0f);  // row 0 of b
  binary_tile(c, BinaryOp::Sub, BcastDim::Cols, a.data(), b.data(), d.data(), false);
  EXPECT_EQ(at(d, 5, 7), 507.0f - (6000.0f + 10000.0f));  // column 0 of b
  binary_tile(c, BinaryOp::Mul, BcastDim::Scalar, a.data(), b.data(), d.data(), false);
  // 507 and 11000 need more than bf16's 8 significant bits: the multiplier sees 506 * 10944.
  EXPECT_EQ(at(d, 5, 7), 506.0f * 10944.0f);
  // acc_to_dest adds to what DST holds.
  Tile d2(kTileElems, 1.0f);
  binary_tile(c, BinaryOp::Add, BcastDim::None, a.data(), a.data(), d2.data(), true);
  EXPECT_EQ(at(d2, 3, 4), 1.0f + 2 * 304.0f);
}

TEST(Fpu, BinaryMulUsesFidelityAddDoesNot) {
  MathConfig lo = cfg_of(MathFidelity::LoFi, false);
  Tile a(kTileElems, 1.0078125f), d = zeros();
  binary_tile(lo, BinaryOp::Mul, BcastDim::None, a.data(), a.data(), d.data(), false);
  EXPECT_EQ(d[0], 1.0f);
  binary_tile(lo, BinaryOp::Add, BcastDim::None, a.data(), a.data(), d.data(), false);
  EXPECT_EQ(d[0], 2.015625f);
}

TEST(Fpu, ReduceSumRowColScalar) {
  MathConfig c = cfg_of(MathFidelity::HiFi4);
  Tile a = zeros(), s = zeros();
  for (int r = 0; r < 32; ++r) {
    for (int col = 0; col < 32; ++col) {
      at(a, r, col) = r + col / 32.0f;
    }
  }
  s[0] = 1.0f;
  Tile d(kTileElems, 7.0f);
  reduce_tile(c, PoolType::Sum, ReduceDim::Row, a.data(), s.data(), d.data());
  EXPECT_EQ(at(d, 3, 0), 7.0f + 32 * 3 + 15.5f);  // accumulates into DST's column 0
  EXPECT_EQ(at(d, 3, 1), 7.0f);                   // elsewhere untouched
  Tile dc = zeros();
  reduce_tile(c, PoolType::Sum, ReduceDim::Col, a.data(), s.data(), dc.data());
  EXPECT_EQ(at(dc, 0, 4), 496.0f + 4.0f);
  EXPECT_EQ(at(dc, 1, 4), 0.0f);
  Tile ds = zeros();
  for (int r = 0; r < 32; ++r) {
    for (int col = 0; col < 32; ++col) {
      at(a, r, col) = r % 4;
    }
  }
  s[0] = 0.5f;  // Scalar applies the scaler twice (AVG over a tile uses 1/sqrt(N))
  reduce_tile(c, PoolType::Avg, ReduceDim::Scalar, a.data(), s.data(), ds.data());
  EXPECT_EQ(ds[0], 32 * 48 * 0.25f);
  EXPECT_EQ(ds[1], 0.0f);
}

TEST(Fpu, ReduceMaxScalesAndHandlesFreshDst) {
  MathConfig c = cfg_of(MathFidelity::LoFi);
  Tile a = zeros(), s = zeros(), d = zeros();
  for (int r = 0; r < 32; ++r) {
    for (int col = 0; col < 32; ++col) {
      at(a, r, col) = -100.0f - r + col * 0.5f;
    }
  }
  s[0] = 2.0f;
  Tile stale = zeros();
  reduce_tile(c, PoolType::Max, ReduceDim::Row, a.data(), s.data(), stale.data());
  EXPECT_EQ(at(stale, 2, 0), 0.0f);  // not fresh: combines with the 0 DST holds
  reduce_tile(c, PoolType::Max, ReduceDim::Row, a.data(), s.data(), d.data(), true);
  EXPECT_EQ(at(d, 2, 0), 2.0f * (-102.0f + 15.5f));  // fresh DST: negative max stored
  // Accumulating a second tile keeps the larger value.
  Tile a2(kTileElems, -1000.0f);
  at(a2, 2, 5) = -10.0f;
  reduce_tile(c, PoolType::Max, ReduceDim::Row, a2.data(), s.data(), d.data());
  EXPECT_EQ(at(d, 2, 0), -20.0f);
  EXPECT_EQ(at(d, 3, 0), 2.0f * (-103.0f + 15.5f));
  Tile dc = zeros();
  reduce_tile(c, PoolType::Max, ReduceDim::Col, a.data(), s.data(), dc.data(), true);
  EXPECT_EQ(at(dc, 0, 4), 2.0f * (-100.0f + 2.0f));
  Tile ds = zeros();
  reduce_tile(c, PoolType::Max, ReduceDim::Scalar, a.data(), s.data(), ds.data(), true);
  EXPECT_EQ(ds[0], 4.0f * (-100.0f + 15.5f));
}

TEST(Fpu, ReduceSumUsesFidelity) {
  MathConfig lo = cfg_of(MathFidelity::LoFi);
  Tile a(kTileElems, 1.0078125f), s = zeros(), d = zeros();
  s[0] = 1.0f;
  reduce_tile(lo, PoolType::Sum, ReduceDim::Row, a.data(), s.data(), d.data());
  EXPECT_EQ(d[0], 32.0f);  // SrcA's lo bits dropped at LoFi
  MathConfig hi = cfg_of(MathFidelity::HiFi2);
  Tile d2 = zeros();
  reduce_tile(hi, PoolType::Sum, ReduceDim::Row, a.data(), s.data(), d2.data());
  EXPECT_EQ(d2[0], 32.25f);
}

}  // namespace
}  // namespace ttsim::num
