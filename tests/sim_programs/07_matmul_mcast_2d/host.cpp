// Acceptance program 7: 2-D multicast bf16 matmul on a 3x3 core grid. Column-0 cores multicast A
// blocks along their row (NoC1), row-0 cores multicast B blocks down their column (NoC0), with the
// sender/receiver semaphore handshake; multicast rectangles use physical coordinates from
// worker_core_from_logical_core. The compute kernel is the blocked one of program 6. Written in the
// idioms of current TT-Metalium examples (mesh API, TensorAccessorArgs, tt::tile_size, constexpr
// CoreCoord); simcheck only checks the numbers.
#include <algorithm>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <utility>

#include "common/host_util.h"
#include "common/sim_check.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

using simhost::make_buffer;
using simhost::make_cb;
using simhost::read;
using simhost::run;

}  // namespace

static int program_main() {
  simcheck::Report report("matmul_mcast_2d");
  constexpr uint32_t kGridX = 3, kGridY = 3;
  constexpr uint32_t kPerCoreM = 2, kPerCoreN = 2, kBlockW = 2, kSubH = 2, kSubW = 2, kKt = 6;
  constexpr uint32_t kMt = kPerCoreM * kGridY, kNt = kPerCoreN * kGridX;
  constexpr int kM = kMt * 32, kK = kKt * 32, kN = kNt * 32;
  const uint32_t tile_bytes = tt::tile_size(tt::DataFormat::Float16_b);

  auto mesh = MeshDevice::create_unit_mesh(0);
  auto a_buf = make_buffer(*mesh, kMt * kKt * tile_bytes, tile_bytes);
  auto b_buf = make_buffer(*mesh, kKt * kNt * tile_bytes, tile_bytes);
  auto c_buf = make_buffer(*mesh, kMt * kNt * tile_bytes, tile_bytes);
  simcheck::Rng rng(7);
  auto a = rng.bf16_vector(kM * kK, -1.0, 1.0);
  auto b = rng.bf16_vector(kK * kN, -1.0, 1.0);
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), a_buf,
                         simcheck::to_bf16(simcheck::to_tiles(a, kM, kK)), false);
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), b_buf,
                         simcheck::to_bf16(simcheck::to_tiles(b, kK, kN)), false);

  Program program = CreateProgram();
  CoreRange cores({0, 0}, {kGridX - 1, kGridY - 1});
  make_cb(program, cores, tt::CBIndex::c_0, 2 * kPerCoreM * kBlockW, tile_bytes);
  make_cb(program, cores, tt::CBIndex::c_1, 2 * kBlockW * kPerCoreN, tile_bytes);
  make_cb(program, cores, tt::CBIndex::c_16, kPerCoreM * kPerCoreN, tile_bytes);
  make_cb(program, cores, tt::CBIndex::c_24, kPerCoreM * kPerCoreN, tile_bytes);
  uint32_t in0_sender_sem = CreateSemaphore(program, cores, 0);
  uint32_t in0_receiver_sem = CreateSemaphore(program, cores, 0);
  uint32_t in1_sender_sem = CreateSemaphore(program, cores, 0);
  uint32_t in1_receiver_sem = CreateSemaphore(program, cores, 0);

  std::vector<uint32_t> in0_ct = {kKt, kPerCoreM, kBlockW};
  TensorAccessorArgs(*a_buf).append_to(in0_ct);
  std::vector<uint32_t> in1_ct = {kKt, kNt, kPerCoreM, kPerCoreN, kBlockW, kSubH, kSubW};
  TensorAccessorArgs(*b_buf).append_to(in1_ct);
  TensorAccessorArgs(*c_buf).append_to(in1_ct);
  // As in real multicast programs, senders and receivers are separate kernels on disjoint core
  // ranges (same source here; the role is also a runtime arg).
  CoreRange in0_senders({0, 0}, {0, kGridY - 1}), in0_receivers({1, 0}, {kGridX - 1, kGridY - 1});
  CoreRange in1_senders({0, 0}, {kGridX - 1, 0}), in1_receivers({0, 1}, {kGridX - 1, kGridY - 1});
  auto in0_kernel = [&](const CoreRange& range) {
    return CreateKernel(program, "kernels/in0_mcast.cpp", range,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                           .noc = NOC::RISCV_1_default,
                                           .compile_args = in0_ct});
  };
  auto in1_kernel = [&](const CoreRange& range) {
    return CreateKernel(program, "kernels/in1_mcast_writer.cpp", range,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                           .noc = NOC::RISCV_0_default,
                                           .compile_args = in1_ct});
  };
  KernelHandle in0_send = in0_kernel(in0_senders), in0_recv = in0_kernel(in0_receivers);
  KernelHandle in1_send = in1_kernel(in1_senders), in1_recv = in1_kernel(in1_receivers);
  CreateKernel(program, "../06_matmul_blocked/kernels/bmm_block.cpp", cores,
               ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                             .compile_args = {kKt, kPerCoreM, kPerCoreN, kBlockW, kSubH, kSubW}});

  for (uint32_t y = 0; y < kGridY; ++y) {
    for (uint32_t x = 0; x < kGridX; ++x) {
      CoreCoord core{x, y};
      uint32_t m0 = y * kPerCoreM, n0 = x * kPerCoreN;
      // in0: row y, sender at column 0, receivers columns 1..X-1; NoC1 takes the rectangle from
      // its bottom-right corner.
      CoreCoord row_sender = mesh->worker_core_from_logical_core({0, y});
      CoreCoord row_start = mesh->worker_core_from_logical_core({1, y});
      CoreCoord row_end = mesh->worker_core_from_logical_core({kGridX - 1, y});
      std::swap(row_start, row_end);
      SetRuntimeArgs(program, x == 0 ? in0_send : in0_recv, core,
                     {static_cast<uint32_t>(a_buf->address()), x == 0 ? 1u : 0u, m0,
                      static_cast<uint32_t>(row_start.x), static_cast<uint32_t>(row_start.y),
                      static_cast<uint32_t>(row_end.x), static_cast<uint32_t>(row_end.y),
                      kGridX - 1, static_cast<uint32_t>(row_sender.x),
                      static_cast<uint32_t>(row_sender.y), in0_sender_sem, in0_receiver_sem});
      // in1: column x, sender at row 0, receivers rows 1..Y-1 on NoC0.
      CoreCoord col_sender = mesh->worker_core_from_logical_core({x, 0});
      CoreCoord col_start = mesh->worker_core_from_logical_core({x, 1});
      CoreCoord col_end = mesh->worker_core_from_logical_core({x, kGridY - 1});
      SetRuntimeArgs(
          program, y == 0 ? in1_send : in1_recv, core,
          {static_cast<uint32_t>(b_buf->address()), y == 0 ? 1u : 0u, n0,
           static_cast<uint32_t>(col_start.x), static_cast<uint32_t>(col_start.y),
           static_cast<uint32_t>(col_end.x), static_cast<uint32_t>(col_end.y), kGridY - 1,
           static_cast<uint32_t>(col_sender.x), static_cast<uint32_t>(col_sender.y), in1_sender_sem,
           in1_receiver_sem, static_cast<uint32_t>(c_buf->address()), m0});
    }
  }
  run(*mesh, program);

  auto c = simcheck::from_tiles(simcheck::from_bf16(read<uint16_t>(*mesh, c_buf)), kM, kN);
  auto ref = simcheck::matmul_ref(a, b, kM, kK, kN);
  simcheck::MatmulTolerance tol{.fidelity = simcheck::Fidelity::HiFi4, .fp32_dest = false};
  report.check_close("C = A*B (2-D mcast)", ref.c, c, [&](size_t i) { return tol.at(ref, i, kK); });
  report.check_pcc("C = A*B (2-D mcast)", ref.c, c, 0.999);
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("matmul_mcast_2d", program_main); }
