// The REDUCE_OP / REDUCE_DIM defines style (host-side defines select the reduction; the kernel
// calls reduce_init/reduce_tile without template arguments), plus untilize_block, transpose_wh
// and copy_block_matmul_partials, on the fake core.
#define REDUCE_OP PoolType::AVG
#define REDUCE_DIM ReduceDim::REDUCE_SCALAR
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "api/compute/compute_kernel_hw_startup.h"
#include "api/compute/reduce.h"
#include "api/compute/tile_move_copy.h"
#include "api/compute/transpose_wh.h"
#include "api/compute/untilize.h"
#include "fake_compute.h"

namespace {

using ttsim::test::FakeCompute;
namespace num = ttsim::num;
using tt::DataFormat;

TEST(ComputeApi, ReduceDefinesSelectScalarAverage) {
  FakeCompute f;
  f.cfg.fp32_dest_acc = true;
  f.add_cb(0, DataFormat::Float16_b, 1);
  f.add_cb(2, DataFormat::Float16_b, 1);
  f.add_cb(16, DataFormat::Float32, 1);
  std::vector<float> x(1024);
  for (int i = 0; i < 1024; ++i) {
    x[i] = static_cast<float>(i % 8);  // mean 3.5
  }
  f.push_tiles(0, x);
  f.push_tiles(2, std::vector<float>(1024, 1.0f / 32));  // 1/sqrt(N): applied twice
  reduce_init(0, 2, 16);
  cb_wait_front(0, 1);
  cb_wait_front(2, 1);
  tile_regs_acquire();
  reduce_tile(0, 2, 0, 0, 0);
  reduce_uninit();
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(16, 1);
  pack_tile(0, 16);
  cb_push_back(16, 1);
  tile_regs_release();
  auto out = f.pop_tiles(16, 1);
  EXPECT_EQ(out[0], 3.5f);
  EXPECT_EQ(out[1], 0.0f);
}

TEST(ComputeApi, UntilizeTransposeAndPartials) {
  FakeCompute f;
  f.cfg.fp32_dest_acc = true;
  f.add_cb(0, DataFormat::Float32, 2);
  f.add_cb(1, DataFormat::Float32, 2);
  f.add_cb(16, DataFormat::Float32, 2);
  f.add_cb(17, DataFormat::Float32, 3);
  std::vector<float> t(2048);
  for (int i = 0; i < 2048; ++i) {
    t[i] = static_cast<float>(i);
  }
  f.push_tiles(0, t);
  f.push_tiles(1, t);
  untilize_init(0, 16);
  cb_wait_front(0, 2);
  cb_reserve_back(16, 2);
  untilize_block(0, 2, 16);
  cb_push_back(16, 2);
  cb_pop_front(0, 2);
  auto raw = f.pop_raw(16, 2);  // 32 rows x 64 floats
  std::vector<float> rm(2048);
  std::memcpy(rm.data(), raw.data(), raw.size());
  EXPECT_EQ(rm[5 * 64 + 33], t[1024 + num::tile_index(5, 1)]);
  EXPECT_EQ(rm[20 * 64 + 7], t[num::tile_index(20, 7)]);

  transpose_wh_init(1, 17);
  cb_wait_front(1, 2);
  tile_regs_acquire();
  transpose_wh_tile(1, 0, 0);
  copy_tile_to_dst_init_short(1);
  copy_block_matmul_partials(1, 0, 1, 2);  // tiles 0, 1 -> DST 1, 2
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(17, 3);
  pack_tile_block(0, 17, 3);
  cb_push_back(17, 3);
  tile_regs_release();
  auto out = f.pop_tiles(17, 3);
  EXPECT_EQ(out[num::tile_index(3, 9)], t[num::tile_index(9, 3)]);
  for (int i = 0; i < 2048; ++i) {
    ASSERT_EQ(out[1024 + i], t[i]);
  }
}

}  // namespace

namespace {

// An init inside an acquire does not make DST fresh again: the running max survives it.
TEST(ComputeApi, InitInsideAcquireKeepsRunningMax) {
  ttsim::test::FakeCompute f;
  f.cfg.fp32_dest_acc = true;
  f.add_cb(0, tt::DataFormat::Float16_b, 2);
  f.add_cb(2, tt::DataFormat::Float16_b, 1);
  f.add_cb(16, tt::DataFormat::Float32, 1);
  f.push_tiles(0, std::vector<float>(1024, -1.0f));
  f.push_tiles(0, std::vector<float>(1024, -5.0f));
  f.push_tiles(2, std::vector<float>(1024, 1.0f));
  cb_wait_front(0, 2);
  cb_wait_front(2, 1);
  tile_regs_acquire();
  reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(0, 2, 16);
  reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>(0, 2, 0, 0, 0);
  compute_kernel_hw_startup(0, 2, 16);
  reduce_init<PoolType::MAX, ReduceDim::REDUCE_ROW>(0, 2, 16);
  reduce_tile<PoolType::MAX, ReduceDim::REDUCE_ROW>(0, 2, 1, 0, 0);
  tile_regs_commit();
  tile_regs_wait();
  cb_reserve_back(16, 1);
  pack_tile(0, 16);
  cb_push_back(16, 1);
  tile_regs_release();
  EXPECT_EQ(f.pop_tiles(16, 1)[0], -1.0f);
}

}  // namespace
