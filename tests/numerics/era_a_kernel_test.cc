// An era-A compute kernel (compute_kernel_api/ includes, namespace NAMESPACE / void MAIN,
// mm_init + 6-argument matmul_tiles, acquire_dst/release_dst) compiled unchanged and run on the
// fake core.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "compute_kernel_api.h"
#include "compute_kernel_api/eltwise_unary/gelu.h"
#include "compute_kernel_api/matmul.h"
#include "compute_kernel_api/tile_move_copy.h"
#include "fake_compute.h"

namespace NAMESPACE {
void MAIN {
  uint32_t cb_a = 0, cb_b = 1, cb_out = 16;
  mm_init(cb_a, cb_b, cb_out);
  acquire_dst();
  cb_wait_front(cb_a, 1);
  cb_wait_front(cb_b, 1);
  matmul_tiles(cb_a, cb_b, 0, 0, 0, true);  // in1 transposed
  cb_pop_front(cb_a, 1);
  cb_pop_front(cb_b, 1);
  gelu_tile_init<false>();
  gelu_tile<false>(0);
  cb_reserve_back(cb_out, 1);
  pack_tile(0, cb_out);
  cb_push_back(cb_out, 1);
  release_dst();
}
}  // namespace NAMESPACE

namespace {

namespace num = ttsim::num;

TEST(ComputeApi, EraAKernelRunsUnchanged) {
  ttsim::test::FakeCompute f;
  f.cfg.fp32_dest_acc = true;
  f.add_cb(0, tt::DataFormat::Float16_b, 1);
  f.add_cb(1, tt::DataFormat::Float16_b, 1);
  f.add_cb(16, tt::DataFormat::Float32, 1);
  std::vector<float> a(1024), b(1024);
  for (int i = 0; i < 1024; ++i) {
    a[i] = static_cast<float>(i % 5) * 0.125f;
    b[i] = static_cast<float>(i % 3) * 0.25f - 0.25f;
  }
  f.push_tiles(0, a);
  f.push_tiles(1, b);
  NAMESPACE::ttsim_kernel_main();
  auto out = f.pop_tiles(16, 1);
  for (int i = 0; i < 32; ++i) {
    for (int j = 0; j < 32; ++j) {
      double acc = 0;
      for (int k = 0; k < 32; ++k) {
        acc += double(a[num::tile_index(i, k)]) * b[num::tile_index(j, k)];
      }
      float x = static_cast<float>(acc);
      float want = 0.5f * x * (1.0f + std::erf(x * 0.7071067811865476f));
      ASSERT_FLOAT_EQ(out[num::tile_index(i, j)], want) << i << "," << j;
    }
  }
}

}  // namespace
