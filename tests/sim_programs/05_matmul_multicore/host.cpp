// Acceptance program 5: multi-core bf16 matmul; output tiles are split over the worker grid with
// split_work_to_cores and each core gets its start tile id and count as runtime args. Written in
// the idioms of current TT-Metalium examples (mesh API, TensorAccessorArgs, tt::tile_size,
// TT_FATAL, fmt; the reader uses the Device 2.0 objects); simcheck only checks the numbers.
#include <fmt/base.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/work_split.hpp>
#include <tuple>

#include "common/sim_check.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

std::shared_ptr<MeshBuffer> dram_tiles(MeshDevice& mesh, uint32_t tiles, uint32_t tile_bytes) {
  DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
  return MeshBuffer::create(ReplicatedBufferConfig{.size = tiles * tile_bytes}, dram, &mesh);
}

void make_cb(Program& program, const CoreRangeSet& cores, tt::CBIndex index, uint32_t tile_bytes) {
  CreateCircularBuffer(program, cores,
                       CircularBufferConfig(2 * tile_bytes, {{index, tt::DataFormat::Float16_b}})
                           .set_page_size(index, tile_bytes));
}

}  // namespace

static int program_main() {
  simcheck::Report report("matmul_multicore");
  // 150 output tiles: uneven on both grids (WH 8x8 -> 3/2 per core, BH 11x10 -> 2/1).
  constexpr uint32_t kMt = 10, kKt = 4, kNt = 15;
  constexpr int kM = kMt * 32, kK = kKt * 32, kN = kNt * 32;
  const uint32_t tile_bytes = tt::tile_size(tt::DataFormat::Float16_b);

  auto mesh = MeshDevice::create_unit_mesh(0);
  MeshCommandQueue& cq = mesh->mesh_command_queue();
  auto a_buf = dram_tiles(*mesh, kMt * kKt, tile_bytes);
  auto b_buf = dram_tiles(*mesh, kKt * kNt, tile_bytes);
  auto c_buf = dram_tiles(*mesh, kMt * kNt, tile_bytes);

  simcheck::Rng rng(5);
  auto a = rng.bf16_vector(kM * kK, -1.0, 1.0);
  auto b = rng.bf16_vector(kK * kN, -1.0, 1.0);
  EnqueueWriteMeshBuffer(cq, a_buf, simcheck::to_bf16(simcheck::to_tiles(a, kM, kK)), false);
  EnqueueWriteMeshBuffer(cq, b_buf, simcheck::to_bf16(simcheck::to_tiles(b, kK, kN)), false);

  const CoreCoord grid = mesh->compute_with_storage_grid_size();
  auto [num_cores, all_cores, group1, group2, per_core1, per_core2] =
      split_work_to_cores(grid, kMt * kNt);
  fmt::print("[matmul_multicore] device {} grid {}x{}: {} cores, {}/{} output tiles per core\n",
             simcheck::device_name(), grid.x, grid.y, num_cores, per_core1, per_core2);

  Program program = CreateProgram();
  for (tt::CBIndex cb : {tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_16}) {
    make_cb(program, all_cores, cb, tile_bytes);
  }
  std::vector<uint32_t> reader_ct;
  TensorAccessorArgs(*a_buf).append_to(reader_ct);
  TensorAccessorArgs(*b_buf).append_to(reader_ct);
  std::vector<uint32_t> writer_ct = {tt::CBIndex::c_16, 1};
  TensorAccessorArgs(*c_buf).append_to(writer_ct);
  KernelHandle reader = CreateKernel(program, "kernels/reader_out_tiles.cpp", all_cores,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                        .noc = NOC::RISCV_1_default,
                                                        .compile_args = reader_ct});
  KernelHandle writer = CreateKernel(program, "../common/kernels/writer_tiles.cpp", all_cores,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default,
                                                        .compile_args = writer_ct});
  KernelHandle compute = CreateKernel(program, "kernels/mm.cpp", all_cores,
                                      ComputeConfig{.math_fidelity = MathFidelity::HiFi4});

  // split_work_to_cores hands out cores column by column (row_wise = false).
  uint32_t start = 0;
  for (uint32_t i = 0; i < num_cores; ++i) {
    const CoreCoord core = {i / grid.y, i % grid.y};
    const uint32_t count = group1.contains(core) ? per_core1 : per_core2;
    SetRuntimeArgs(program, reader, core,
                   {static_cast<uint32_t>(a_buf->address()),
                    static_cast<uint32_t>(b_buf->address()), kKt, kNt, start, count});
    SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c_buf->address()), start, count});
    SetRuntimeArgs(program, compute, core, {count, kKt});
    start += count;
  }
  TT_FATAL(start == kMt * kNt, "work split covers {} of {} output tiles", start, kMt * kNt);
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh->shape()), std::move(program));
  EnqueueMeshWorkload(cq, workload, false);
  Finish(cq);

  std::vector<uint16_t> c_bits;
  EnqueueReadMeshBuffer(cq, c_bits, c_buf, true);
  auto c = simcheck::from_tiles(simcheck::from_bf16(c_bits), kM, kN);
  auto ref = simcheck::matmul_ref(a, b, kM, kK, kN);
  simcheck::MatmulTolerance tol{.fidelity = simcheck::Fidelity::HiFi4, .fp32_dest = false};
  report.check_close("C = A*B", ref.c, c, [&](size_t i) { return tol.at(ref, i, kK); });
  report.check_pcc("C = A*B", ref.c, c, 0.999);
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("matmul_multicore", program_main); }
