// Integration of the core with the compute ops and headers: eltwise add and an era-A matmul run
// through reader -> compute -> writer; DST contract violations are reported.
#include <gtest/gtest.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "sim/numerics/numerics.h"
#include "test_util.h"
#include "ttsim/simulator.hpp"
#include "ttsim/stats.hpp"

using namespace tt::tt_metal;
namespace num = ttsim::num;

namespace {

constexpr uint32_t kTile = 2048;

struct Result {
  std::vector<uint16_t> out;
  std::string error;
};

// Runs reader_two -> `compute` -> writer_out on core (1,1) over n input tile pairs, producing
// n_out output tiles.
Result run(const std::string& compute, const std::vector<uint16_t>& a,
           const std::vector<uint16_t>& b, uint32_t n, uint32_t n_out, ComputeConfig cfg,
           std::vector<uint32_t> compute_rt) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  distributed::DeviceLocalBufferConfig local{.page_size = kTile, .buffer_type = BufferType::DRAM};
  auto ba = distributed::MeshBuffer::create({.size = kTile * n}, local, mesh.get());
  auto bb = distributed::MeshBuffer::create({.size = kTile * n}, local, mesh.get());
  auto bc = distributed::MeshBuffer::create({.size = kTile * n_out}, local, mesh.get());
  distributed::EnqueueWriteMeshBuffer(cq, ba, a);
  distributed::EnqueueWriteMeshBuffer(cq, bb, b);
  Program p = CreateProgram();
  CoreCoord core{1, 1};
  for (uint8_t cb : {0, 1, 16}) {
    CreateCircularBuffer(p, core,
                         CircularBufferConfig(2 * kTile, {{cb, tt::DataFormat::Float16_b}})
                             .set_page_size(cb, kTile));
  }
  std::vector<uint32_t> rct, wct;
  TensorAccessorArgs(*ba).append_to(rct);
  TensorAccessorArgs(*bb).append_to(rct);
  TensorAccessorArgs(*bc).append_to(wct);
  auto r = CreateKernel(p, kernel("reader_two.cpp"), core, ReaderDataMovementConfig(rct));
  auto w = CreateKernel(p, kernel("writer_out.cpp"), core, WriterDataMovementConfig(wct));
  auto c = CreateKernel(p, kernel(compute), core, cfg);
  SetRuntimeArgs(p, r, core, {uint32_t(ba->address()), uint32_t(bb->address()), n});
  SetRuntimeArgs(p, w, core, {uint32_t(bc->address()), n_out});
  if (!compute_rt.empty()) {
    SetRuntimeArgs(p, c, core, compute_rt);
  }
  distributed::MeshWorkload wl;
  wl.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(p));
  Result res;
  try {
    distributed::EnqueueMeshWorkload(cq, wl, true);
    distributed::EnqueueReadMeshBuffer(cq, res.out, bc);
  } catch (const SimulatorError& e) {
    res.error = e.what();
  }
  mesh->close();
  return res;
}

float bf(uint16_t v) { return num::bf16_to_float(v); }

}  // namespace

TEST(Compute, EltwiseAddThroughComputeHeaders) {
  constexpr uint32_t n = 3;
  std::vector<uint16_t> a(n * 1024), b(n * 1024);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = num::float_to_bf16(float(int(i % 97) - 48) * 0.25f);
    b[i] = num::float_to_bf16(float(int(i % 13) - 6) * 0.5f);
  }
  auto r = run("add_compute.cpp", a, b, n, n, ComputeConfig{}, {n});
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.out.size(), a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(bf(r.out[i]), bf(a[i]) + bf(b[i])) << i;
  }
}

TEST(Compute, TileAddressAndValueOfTheFront) {
  constexpr uint32_t n = 2;
  std::vector<uint16_t> a(n * 1024), b(n * 1024);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = num::float_to_bf16(float(i % 89) * 0.5f);
    b[i] = num::float_to_bf16(1.0f);
  }
  testing::internal::CaptureStdout();
  auto r = run("tile_value_compute.cpp", a, b, n, n, ComputeConfig{}, {});
  std::string out = testing::internal::GetCapturedStdout();
  ASSERT_EQ(r.error, "");
  // Word 1 of tile 1 holds elements 2 and 3 of that tile (little endian).
  const uint32_t word = uint32_t(a[1024 + 2]) | uint32_t(a[1024 + 3]) << 16;
  EXPECT_NE(out.find("tile value " + std::to_string(word) + " stride 2048"), std::string::npos)
      << out;
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(bf(r.out[i]), bf(a[i]) + bf(b[i])) << i;
  }
}

TEST(Compute, EraAMatmulThroughComputeHeaders) {
  constexpr uint32_t Mt = 2, Kt = 2, Nt = 2;
  // Row-major A (64x64) and B (64x64) with small integers, so every sum is exact in bf16.
  std::vector<float> A(64 * 64), B(64 * 64);
  for (int i = 0; i < 64 * 64; ++i) {
    A[i] = float((i * 7) % 5 - 2);
    B[i] = float((i * 3) % 5 - 2);
  }
  auto tile_of = [](const std::vector<float>& m, uint32_t tr, uint32_t tc) {
    std::vector<uint16_t> t(1024);
    for (int r = 0; r < 32; ++r) {
      for (int c = 0; c < 32; ++c) {
        t[num::tile_index(r, c)] = num::float_to_bf16(m[(tr * 32 + r) * 64 + tc * 32 + c]);
      }
    }
    return t;
  };
  std::vector<uint16_t> as, bs;  // streamed in (mt, nt, kt) order
  for (uint32_t mt = 0; mt < Mt; ++mt) {
    for (uint32_t nt = 0; nt < Nt; ++nt) {
      for (uint32_t kt = 0; kt < Kt; ++kt) {
        auto ta = tile_of(A, mt, kt), tb = tile_of(B, kt, nt);
        as.insert(as.end(), ta.begin(), ta.end());
        bs.insert(bs.end(), tb.begin(), tb.end());
      }
    }
  }
  ComputeConfig cfg{.math_fidelity = MathFidelity::HiFi4, .compile_args = {Mt, Kt, Nt}};
  auto r = run("mm_compute.cpp", as, bs, Mt * Nt * Kt, Mt * Nt, cfg, {});
  ASSERT_EQ(r.error, "");
  for (uint32_t mt = 0; mt < Mt; ++mt) {
    for (uint32_t nt = 0; nt < Nt; ++nt) {
      for (int rr = 0; rr < 32; ++rr) {
        for (int cc = 0; cc < 32; ++cc) {
          float want = 0;
          for (int k = 0; k < 64; ++k) {
            want += A[(mt * 32 + rr) * 64 + k] * B[k * 64 + nt * 32 + cc];
          }
          float got = bf(r.out[(mt * Nt + nt) * 1024 + num::tile_index(rr, cc)]);
          ASSERT_EQ(got, want) << mt << "," << nt << " (" << rr << "," << cc << ")";
        }
      }
    }
  }
}

TEST(Compute, DstOverflowIsReported) {
  std::vector<uint16_t> a(1024, 0), b(1024, 0);
  ComputeConfig cfg{.defines = {{"DST_INDEX", "8"}}};
  auto r = run("add_compute.cpp", a, b, 1, 1, cfg, {1});
  EXPECT_NE(r.error.find("DST overflow: tile index 8 but DST holds 8 tiles (16-bit, half-sync)"),
            std::string::npos)
      << r.error;
  ComputeConfig fp32{.fp32_dest_acc_en = true, .defines = {{"DST_INDEX", "4"}}};
  r = run("add_compute.cpp", a, b, 1, 1, fp32, {1});
  EXPECT_NE(r.error.find("DST holds 4 tiles (fp32, half-sync)"), std::string::npos) << r.error;
  ComputeConfig full{.dst_full_sync_en = true, .defines = {{"DST_INDEX", "15"}}};
  r = run("add_compute.cpp", a, b, 1, 1, full, {1});
  EXPECT_EQ(r.error, "") << "index 15 fits a full-sync 16-bit DST";
}

// Modes a compute kernel sets (here the packer's L1 accumulation) belong to that kernel: a later
// kernel that skips the full init still packs plainly, wherever its task happens to be allocated.
TEST(Compute, ComputeStateDoesNotLeakIntoALaterKernel) {
  constexpr uint32_t n = 4;  // the output CB holds 2 pages: accumulation would add earlier tiles
  std::vector<uint16_t> a(n * 1024), b(n * 1024);
  for (size_t i = 0; i < a.size(); ++i) {
    a[i] = num::float_to_bf16(float(int(i % 31) - 15));
    b[i] = num::float_to_bf16(float(int(i % 7) - 3) * 0.5f);
  }
  ComputeConfig acc{.defines = {{"PACK_L1_ACC", "1"}}};
  auto with_acc = run("add_compute.cpp", a, b, n, n, acc, {n});
  ASSERT_EQ(with_acc.error, "");
  // The mode is in effect there: tile 2 lands on tile 0's page and adds to it.
  ASSERT_EQ(bf(with_acc.out[2 * 1024 + 5]),
            bf(a[5]) + bf(b[5]) + bf(a[2 * 1024 + 5]) + bf(b[2 * 1024 + 5]));
  ComputeConfig bare{.defines = {{"NO_HW_STARTUP", "1"}}};
  for (int rep = 0; rep < 3; ++rep) {
    auto r = run("add_compute.cpp", a, b, n, n, bare, {n});
    ASSERT_EQ(r.error, "");
    ASSERT_EQ(r.out.size(), a.size());
    for (size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(bf(r.out[i]), bf(a[i]) + bf(b[i])) << i;
    }
    ASSERT_EQ(run("add_compute.cpp", a, b, n, n, acc, {n}).error, "");
  }
}

// Two programs run back to back in one process get identical, independent statistics: nothing
// of the first run (timelines, NoC bookings, counters) carries into the second.
TEST(Compute, BackToBackRunsHaveIdenticalIndependentStats) {
  constexpr uint32_t n = 3;
  std::vector<uint16_t> a(n * 1024, num::float_to_bf16(1.0f)), b = a;
  ttsim::RunCapture capture;  // run() opens and closes a device of its own
  ASSERT_EQ(run("add_compute.cpp", a, b, n, n, ComputeConfig{}, {n}).error, "");
  ttsim::RunStats first = capture.last();
  ASSERT_EQ(run("add_compute.cpp", a, b, n, n, ComputeConfig{}, {n}).error, "");
  const ttsim::RunStats& second = capture.last();
  EXPECT_GT(first.device_cycles, 0u);
  EXPECT_EQ(ttsim::run_stats_json(first), ttsim::run_stats_json(second));
  const ttsim::RunStats& total = capture.total();
  EXPECT_EQ(total.programs, 2u);
  EXPECT_EQ(total.device_cycles, 2 * first.device_cycles);
  EXPECT_EQ(total.noc_bytes, 2 * first.noc_bytes);
  EXPECT_EQ(total.tile_ops, 2 * first.tile_ops);
}

TEST(Compute, PackBeforeCommitIsReported) {
  std::vector<uint16_t> a(1024, 0), b(1024, 0);
  const char* src =
      "#include \"api/compute/eltwise_binary.h\"\n#include \"api/compute/tile_move_copy.h\"\n"
      "void kernel_main() { binary_op_init_common(0, 1, 16); add_tiles_init(0, 1);"
      " cb_wait_front(0, 1); cb_wait_front(1, 1); tile_regs_acquire(); add_tiles(0, 1, 0, 0, 0);"
      " cb_reserve_back(16, 1); pack_tile(0, 16); }\n";
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  Program p = CreateProgram();
  CoreCoord core{0, 0};
  for (uint8_t cb : {0, 1, 16}) {
    CreateCircularBuffer(p, core,
                         CircularBufferConfig(2 * kTile, {{cb, tt::DataFormat::Float16_b}})
                             .set_page_size(cb, kTile));
  }
  CreateKernelFromString(
      p,
      "#include \"api/dataflow/dataflow_api.h\"\nvoid kernel_main() { cb_reserve_back(0, 1);"
      " cb_push_back(0, 1); cb_reserve_back(1, 1); cb_push_back(1, 1); }\n",
      core, DataMovementConfig{});
  CreateKernelFromString(p, src, core, ComputeConfig{});
  std::string err;
  try {
    EnqueueProgram(mesh->command_queue(), p, true);
  } catch (const SimulatorError& e) {
    err = e.what();
  }
  EXPECT_NE(err.find("packs from DST before tile_regs_commit/tile_regs_wait"), std::string::npos)
      << err;
  mesh->close();
}
