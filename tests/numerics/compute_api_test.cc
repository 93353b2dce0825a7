// Compute kernels written against the SDK headers (era C spellings) run on the fake core: each
// test checks the kernel's output tiles against values computed independently on the host.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <vector>

#include "api/compute/bcast.h"
#include "api/compute/binary_max_min.h"
#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/eltwise_binary.h"
#include "api/compute/eltwise_unary/binop_with_scalar.h"
#include "api/compute/eltwise_unary/eltwise_unary.h"
#include "api/compute/eltwise_unary/exp.h"
#include "api/compute/eltwise_unary/fill.h"
#include "api/compute/eltwise_unary/gelu.h"
#include "api/compute/eltwise_unary/relu.h"
#include "api/compute/eltwise_unary/sqrt.h"
#include "api/compute/matmul.h"
#include "api/compute/pack_untilize.h"
#include "api/compute/reduce.h"
#include "api/compute/tile_move_copy.h"
#include "api/compute/tilize.h"
#include "api/compute/untilize.h"
#include "fake_compute.h"

namespace {

using ttsim::test::FakeCompute;
using ttsim::test::KernelFailure;
namespace num = ttsim::num;
using tt::DataFormat;

constexpr uint32_t c_in0 = 0, c_in1 = 1, c_in2 = 2, c_out = 16, c_out1 = 17;

float bf(float v) { return num::bf16_to_float(num::float_to_bf16(v)); }

// Tiles of bf16-exact values, different per tile and seed.
std::vector<float> tiles(int n, int seed, float scale = 1.0f) {
  std::vector<float> v(size_t(n) * 1024);
  for (size_t i = 0; i < v.size(); ++i) {
    v[i] = bf(scale * static_cast<float>(static_cast<int>((i * 7 + seed * 131) % 97) - 48) / 16.0f);
  }
  return v;
}
float at(const std::vector<float>& t, int tile, int r, int c) {
  return t[size_t(tile) * 1024 + num::tile_index(r, c)];
}

// ---- kernels ------------------------------------------------------------------------------
void eltwise_add_kernel(uint32_t n) {
  binary_op_init_common(c_in0, c_in1, c_out);
  add_tiles_init(c_in0, c_in1);
  for (uint32_t i = 0; i < n; ++i) {
    cb_wait_front(c_in0, 1);
    cb_wait_front(c_in1, 1);
    tile_regs_acquire();
    add_tiles(c_in0, c_in1, 0, 0, 0);
    tile_regs_commit();
    tile_regs_wait();
    cb_reserve_back(c_out, 1);
    pack_tile(0, c_out);
    cb_push_back(c_out, 1);
    cb_pop_front(c_in0, 1);
    cb_pop_front(c_in1, 1);
    tile_regs_release();
  }
}

TEST(ComputeApi, EltwiseAdd) {
  FakeCompute f;
  f.add_cb(c_in0, DataFormat::Float16_b, 4);
  f.add_cb(c_in1, DataFormat::Float16_b, 4);
  f.add_cb(c_out, DataFormat::Float16_b, 4);
  auto a = tiles(3, 1), b = tiles(3, 2);
  f.push_tiles(c_in0, a);
  f.push_tiles(c_in1, b);
  eltwise_add_kernel(3);
  auto out = f.pop_tiles(c_out, 3);
  for (size_t i = 0; i < out.size(); ++i) {
    ASSERT_EQ(out[i], bf(a[i] + b[i])) << i;
  }
  EXPECT_GT(f.charged["add_tiles"], 0u);
  EXPECT_GT(f.charged["pack_tile"], 0u);
}

void sfpu_chain_kernel() {
  init_sfpu(c_in0, c_out);
  cb_wait_front(c_in0, 2);
  tile_regs_acquire();
  copy_tile_init(c_in0);
  copy_tile(c_in0, 0, 0);
  copy_tile(c_in0, 1, 1);
  exp_tile_init();
  exp_tile(0);
  relu_tile_init();
  relu_tile(1);
  sqrt_tile_init();
  sqrt_tile(1);
  binop_with_scalar_tile_init();
  mul_unary_tile(1, std::bit_cast<uint32_t>(2.0f));
  binary_max_tile_init();
  binary_max_tile(0, 1, 2);  // third DST tile = max(exp(x0), 2*sqrt(relu(x1)))
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(c_out, 3);
  for (uint32_t i = 0; i < 3; ++i) {
    pack_tile(i, c_out);  // sequential: pages 0, 1, 2
  }
  cb_push_back(c_out, 3);
  cb_pop_front(c_in0, 2);
  tile_regs_release();
}

TEST(ComputeApi, SfpuChainRoundsThroughBf16Dst) {
  FakeCompute f;
  f.add_cb(c_in0, DataFormat::Float16_b, 2);
  f.add_cb(c_out, DataFormat::Float32, 3);
  auto x = tiles(2, 3, 0.25f);
  f.push_tiles(c_in0, x);
  sfpu_chain_kernel();
  auto out = f.pop_tiles(c_out, 3);
  for (int i = 0; i < 1024; ++i) {
    float e = bf(std::exp(x[i]));
    float s = bf(2.0f * bf(std::sqrt(bf(std::max(x[1024 + i], 0.0f)))));
    ASSERT_EQ(out[i], e) << i;
    ASSERT_EQ(out[1024 + i], s) << i;
    ASSERT_EQ(out[2048 + i], std::max(e, s)) << i;
  }
}

void matmul_kernel(uint32_t mt, uint32_t kt, uint32_t nt) {
  compute_kernel_hw_startup<SrcOrder::Reverse>(c_in0, c_in1, c_out);
  matmul_init(c_in0, c_in1);
  for (uint32_t m = 0; m < mt; ++m) {
    for (uint32_t n = 0; n < nt; ++n) {
      tile_regs_acquire();
      for (uint32_t k = 0; k < kt; ++k) {
        cb_wait_front(c_in0, 1);
        cb_wait_front(c_in1, 1);
        matmul_tiles(c_in0, c_in1, 0, 0, 0);
        cb_pop_front(c_in0, 1);
        cb_pop_front(c_in1, 1);
      }
      tile_regs_commit();
      tile_regs_wait();
      cb_reserve_back(c_out, 1);
      pack_tile(0, c_out);
      cb_push_back(c_out, 1);
      tile_regs_release();
    }
  }
}

// C = A x B for one output tile over kt inner tiles, with the numerics library as the oracle.
std::vector<float> run_matmul(MathFidelity fid, bool fp32_dst, const std::vector<float>& a,
                              const std::vector<float>& b, uint64_t* cycles) {
  FakeCompute f;
  f.cfg.fidelity = fid;
  f.cfg.fp32_dest_acc = fp32_dst;
  f.add_cb(c_in0, DataFormat::Float16_b, 4);
  f.add_cb(c_in1, DataFormat::Float16_b, 4);
  f.add_cb(c_out, DataFormat::Float32, 2);
  f.push_tiles(c_in0, a);
  f.push_tiles(c_in1, b);
  matmul_kernel(1, 2, 1);
  *cycles = f.charged["matmul_tiles"];
  return f.pop_tiles(c_out, 1);
}

TEST(ComputeApi, MatmulFidelityAndAccumulation) {
  auto a = tiles(2, 4, 1.37f), b = tiles(2, 5, 0.91f);
  uint64_t c_lo = 0, c_hi = 0;
  auto hi = run_matmul(MathFidelity::HiFi4, true, a, b, &c_hi);
  auto lo = run_matmul(MathFidelity::LoFi, true, a, b, &c_lo);
  double max_err_hi = 0, max_err_lo = 0;
  for (int i = 0; i < 32; ++i) {
    for (int j = 0; j < 32; ++j) {
      double want = 0;
      for (int t = 0; t < 2; ++t) {
        for (int k = 0; k < 32; ++k) {
          want += double(at(a, t, i, k)) * at(b, t, k, j);
        }
      }
      max_err_hi = std::max(max_err_hi, std::fabs(hi[num::tile_index(i, j)] - want));
      max_err_lo = std::max(max_err_lo, std::fabs(lo[num::tile_index(i, j)] - want));
    }
  }
  EXPECT_LT(max_err_hi, 1e-4);  // bf16 inputs, HiFi4, fp32 DST: exact up to fp32 accumulation
  EXPECT_GT(max_err_lo, 1e-3);  // LoFi drops low mantissa bits
  EXPECT_EQ(c_hi, 4 * c_lo - 3 * 2 * 2 * 8);  // phases x 16 cycles; unpack cost is the same
}

void matmul_block_kernel() {
  mm_block_init(c_in0, c_in1, c_out, 0, 2, 2, 1);
  cb_wait_front(c_in0, 2);
  cb_wait_front(c_in1, 2);
  tile_regs_acquire();
  matmul_block(c_in0, c_in1, 0, 0, 0, false, 2, 2, 1);  // 2x2 outputs from a 2x1 by 1x2 block
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(c_out, 4);
  pack_tile_block(0, c_out, 4);
  cb_push_back(c_out, 4);
  tile_regs_release();
}

TEST(ComputeApi, MatmulBlockLayout) {
  FakeCompute f;
  f.cfg.fp32_dest_acc = true;
  f.add_cb(c_in0, DataFormat::Float16_b, 2);
  f.add_cb(c_in1, DataFormat::Float16_b, 2);
  f.add_cb(c_out, DataFormat::Float32, 4);
  auto a = tiles(2, 6), b = tiles(2, 7);
  f.push_tiles(c_in0, a);
  f.push_tiles(c_in1, b);
  matmul_block_kernel();
  auto out = f.pop_tiles(c_out, 4);
  for (int r = 0; r < 2; ++r) {
    for (int c = 0; c < 2; ++c) {
      double want = 0;
      for (int k = 0; k < 32; ++k) {
        want += double(at(a, r, 3, k)) * at(b, c, k, 5);
      }
      EXPECT_FLOAT_EQ(at(out, r * 2 + c, 3, 5), float(want)) << r << c;
    }
  }
}

void reduce_kernel(uint32_t wt) {
  compute_kernel_hw_startup(c_in0, c_in2, c_out);
  reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(c_in0, c_in2, c_out);
  cb_wait_front(c_in2, 1);
  tile_regs_acquire();
  for (uint32_t t = 0; t < wt; ++t) {
    cb_wait_front(c_in0, 1);
    reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>(c_in0, c_in2, 0, 0, 0);
    cb_pop_front(c_in0, 1);
  }
  reduce_uninit();
  reduce_init<PoolType::SUM, ReduceDim::REDUCE_COL>(c_in1, c_in2, c_out);
  cb_wait_front(c_in1, 1);
  reduce_tile<PoolType::SUM, ReduceDim::REDUCE_COL>(c_in1, c_in2, 0, 0, 1);
  cb_pop_front(c_in1, 1);
  reduce_uninit();
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(c_out, 2);
  pack_tile(0, c_out);
  pack_tile(1, c_out);
  cb_push_back(c_out, 2);
  tile_regs_release();
}

TEST(ComputeApi, ReduceRowMaxOverTilesAndColSum) {
  FakeCompute f;
  f.cfg.fp32_dest_acc = true;
  f.add_cb(c_in0, DataFormat::Float16_b, 2);
  f.add_cb(c_in1, DataFormat::Float16_b, 1);
  f.add_cb(c_in2, DataFormat::Float16_b, 1);
  f.add_cb(c_out, DataFormat::Float32, 2);
  auto x = tiles(2, 8, -1.0f);
  for (float& v : x) {
    v -= 8.0f;  // all negative: the max must not be clamped at DST's zero
  }
  auto y = tiles(1, 9);
  std::vector<float> scaler(1024, 0.0f);
  for (int face = 0; face < 4; ++face) {
    for (int c = 0; c < 16; ++c) {
      scaler[face * 256 + c] = 1.0f;  // SDK scaler layout
    }
  }
  f.push_tiles(c_in0, x);
  f.push_tiles(c_in1, y);
  f.push_tiles(c_in2, scaler);
  reduce_kernel(2);
  auto out = f.pop_tiles(c_out, 2);
  for (int r = 0; r < 32; ++r) {
    float m = -INFINITY;
    for (int t = 0; t < 2; ++t) {
      for (int c = 0; c < 32; ++c) {
        m = std::max(m, at(x, t, r, c));
      }
    }
    EXPECT_EQ(at(out, 0, r, 0), m) << r;
    EXPECT_EQ(at(out, 0, r, 1), 0.0f);
  }
  for (int c = 0; c < 32; ++c) {
    float s = 0;
    for (int r = 0; r < 32; ++r) {
      s += at(y, 0, r, c);
    }
    EXPECT_FLOAT_EQ(at(out, 1, 0, c), s) << c;
    EXPECT_EQ(at(out, 1, 1, c), 0.0f);
  }
}

void bcast_kernel() {
  init_bcast<ELWSUB, BroadcastType::COL>(c_in0, c_in1, c_out);
  cb_wait_front(c_in0, 1);
  cb_wait_front(c_in1, 1);
  tile_regs_acquire();
  sub_bcast_cols_init_short(c_in0, c_in1);
  sub_tiles_bcast_cols(c_in0, c_in1, 0, 0, 0);
  mul_tiles_bcast<BroadcastType::ROW>(c_in0, c_in1, 0, 0, 1);
  add_bcast_scalar_init_short(c_in0, c_in1);
  add_tiles_bcast_scalar(c_in0, c_in1, 0, 0, 2);
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(c_out, 3);
  pack_tile<true>(2, c_out, 0);  // out of order: DST 2 to page 0
  pack_tile<true>(0, c_out, 1);
  pack_tile<true>(1, c_out, 2);
  cb_push_back(c_out, 3);
  tile_regs_release();
}

TEST(ComputeApi, BroadcastsAndOutOfOrderPack) {
  FakeCompute f;
  f.cfg.fp32_dest_acc = true;
  f.add_cb(c_in0, DataFormat::Float16_b, 1);
  f.add_cb(c_in1, DataFormat::Float16_b, 1);
  f.add_cb(c_out, DataFormat::Float32, 3);
  auto a = tiles(1, 10), b = tiles(1, 11);
  f.push_tiles(c_in0, a);
  f.push_tiles(c_in1, b);
  bcast_kernel();
  auto out = f.pop_tiles(c_out, 3);
  for (int r = 0; r < 32; ++r) {
    for (int c = 0; c < 32; ++c) {
      ASSERT_EQ(at(out, 0, r, c), at(a, 0, r, c) + at(b, 0, 0, 0));
      ASSERT_EQ(at(out, 1, r, c), at(a, 0, r, c) - at(b, 0, r, 0));
      ASSERT_EQ(at(out, 2, r, c), at(a, 0, r, c) * at(b, 0, 0, c));
    }
  }
}

void acc_and_reuse_kernel() {
  binary_op_init_common(c_in0, c_in1, c_out);
  cb_wait_front(c_in0, 1);
  cb_wait_front(c_in1, 1);
  tile_regs_acquire();
  fill_tile_init();
  fill_tile(0, 10.0f);
  add_tiles_init(c_in0, c_in1, true);  // acc_to_dest: DST += a + b
  add_tiles(c_in0, c_in1, 0, 0, 0);
  copy_tile_to_dst_init_short(c_in0, 1);  // transposing copy
  copy_tile(c_in0, 0, 1);
  binary_dest_reuse_tiles_init<ELWSUB, EltwiseBinaryReuseDestType::DEST_TO_SRCB>(c_in1);
  binary_dest_reuse_tiles<ELWSUB, EltwiseBinaryReuseDestType::DEST_TO_SRCB>(c_in1, 0, 1);
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(c_out, 2);
  pack_tile(0, c_out);
  pack_tile(1, c_out);
  cb_push_back(c_out, 2);
  tile_regs_release();
}

TEST(ComputeApi, AccToDestTransposeCopyAndDestReuse) {
  FakeCompute f;
  f.cfg.fp32_dest_acc = true;
  f.add_cb(c_in0, DataFormat::Float16_b, 1);
  f.add_cb(c_in1, DataFormat::Float16_b, 1);
  f.add_cb(c_out, DataFormat::Float32, 2);
  auto a = tiles(1, 12), b = tiles(1, 13);
  f.push_tiles(c_in0, a);
  f.push_tiles(c_in1, b);
  acc_and_reuse_kernel();
  auto out = f.pop_tiles(c_out, 2);
  for (int r = 0; r < 32; ++r) {
    for (int c = 0; c < 32; ++c) {
      ASSERT_EQ(at(out, 0, r, c), 10.0f + (at(a, 0, r, c) + at(b, 0, r, c)));
      ASSERT_EQ(at(out, 1, r, c), at(b, 0, r, c) - at(a, 0, c, r));  // SrcB = DST (transposed a)
    }
  }
}

void tilize_untilize_kernel() {
  compute_kernel_hw_startup(c_in0, c_out);
  tilize_init(c_in0, 2, c_out);
  cb_wait_front(c_in0, 2);
  cb_reserve_back(c_out, 2);
  tilize_block(c_in0, 2, c_out);
  cb_push_back(c_out, 2);
  cb_pop_front(c_in0, 2);
  tilize_uninit(c_in0, c_out);
  // Back to row-major through pack_untilize (one row block of two tiles).
  pack_untilize_init<2>(c_out, c_out1);
  cb_wait_front(c_out, 2);
  cb_reserve_back(c_out1, 2);
  pack_untilize_block<2>(c_out, 1, c_out1);
  cb_push_back(c_out1, 2);
  cb_pop_front(c_out, 2);
  pack_untilize_uninit(c_out1);
}

TEST(ComputeApi, TilizeThenPackUntilizeRoundTrips) {
  FakeCompute f;
  f.add_cb(c_in0, DataFormat::Float16_b, 2);
  f.add_cb(c_out, DataFormat::Float16_b, 2);
  f.add_cb(c_out1, DataFormat::Float16_b, 2);
  std::vector<uint8_t> rm(2 * 2048);
  for (int i = 0; i < 2048; ++i) {
    uint16_t h = num::float_to_bf16(static_cast<float>(i % 512) - 256.0f);
    rm[2 * i] = h & 0xff;
    rm[2 * i + 1] = h >> 8;
  }
  f.push_raw(c_in0, rm);
  tilize_untilize_kernel();
  // Peek at the tilized tiles before they were consumed: check via the final row-major output.
  auto back = f.pop_raw(c_out1, 2);
  EXPECT_EQ(back, rm);
}

TEST(ComputeApi, TilizeProducesTileOrder) {
  FakeCompute f;
  f.add_cb(c_in0, DataFormat::Float16_b, 2);
  f.add_cb(c_out, DataFormat::Float32, 2);
  std::vector<uint8_t> rm(2 * 2048);
  for (int i = 0; i < 2048; ++i) {  // 32 rows x 64 columns, value = row * 64 + col
    uint16_t h = num::float_to_bf16(static_cast<float>(i));
    rm[2 * i] = h & 0xff;
    rm[2 * i + 1] = h >> 8;
  }
  f.push_raw(c_in0, rm);
  tilize_init(c_in0, 2, c_out);
  cb_wait_front(c_in0, 2);
  cb_reserve_back(c_out, 2);
  tilize_block(c_in0, 2, c_out);
  cb_push_back(c_out, 2);
  auto t = f.pop_tiles(c_out, 2);
  EXPECT_EQ(at(t, 0, 3, 5), bf(3 * 64 + 5));
  EXPECT_EQ(at(t, 1, 17, 20), bf(17 * 64 + 32 + 20));
}

TEST(ComputeApi, ErrorsAreReportedNotCrashes) {
  FakeCompute f;
  f.add_cb(c_in0, DataFormat::Int8, 1);
  f.add_cb(c_out, DataFormat::Float16_b, 1);
  f.cbs[c_in0].avail = 1;
  tile_regs_acquire();
  copy_tile_init(c_in0);
  EXPECT_THROW(copy_tile(c_in0, 0, 0), KernelFailure);           // unsupported format
  EXPECT_THROW(exp_tile(0, (int)VectorMode::R), KernelFailure);  // partial vector mode
  EXPECT_THROW(relu_tile(9), KernelFailure);                     // DST overflow (bf16 half-sync: 8)
  tile_regs_commit();
  EXPECT_THROW(relu_tile(0), KernelFailure);  // math after commit
  tile_regs_wait();
  EXPECT_THROW(pack_tile(0, c_out), KernelFailure);  // nothing reserved
}

}  // namespace

namespace {

// DST's 16-bit format follows the unpacked inputs: Float16 CBs give an fp16 DST (10 mantissa
// bits), anything else bf16; fp32_dest_acc keeps fp32.
float copy_through_dst(DataFormat in_fmt, bool fp32_dst, float v) {
  FakeCompute f;
  f.cfg.fp32_dest_acc = fp32_dst;
  f.add_cb(c_in0, in_fmt, 1);
  f.add_cb(c_out, DataFormat::Float32, 1);
  f.push_tiles(c_in0, std::vector<float>(1024, v));
  unary_op_init_common(c_in0, c_out);
  copy_tile_init(c_in0);
  cb_wait_front(c_in0, 1);
  tile_regs_acquire();
  copy_tile(c_in0, 0, 0);
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(c_out, 1);
  pack_tile(0, c_out);
  cb_push_back(c_out, 1);
  tile_regs_release();
  return f.pop_tiles(c_out, 1)[5];
}

TEST(ComputeApi, DstFormatFollowsInputs) {
  const float v = 1.0f + 1.0f / 1024;  // exact in fp16, not in bf16
  EXPECT_EQ(copy_through_dst(DataFormat::Float16, false, v), v);
  EXPECT_EQ(copy_through_dst(DataFormat::Float32, false, v), 1.0f);
  EXPECT_EQ(copy_through_dst(DataFormat::Float32, true, v), v);
}

}  // namespace
