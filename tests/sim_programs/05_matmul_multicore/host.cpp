// Acceptance program 5: multi-core bf16 matmul; output tiles are split over the worker grid with
// split_work_to_cores and each core gets its start tile id and count as runtime args.
#include <tuple>

#include <tt-metalium/work_split.hpp>

#include "common/host_util.h"
#include "common/sim_check.h"

using namespace tt::tt_metal;

static int program_main() {
  simcheck::Report report("matmul_multicore");
  // 150 output tiles: uneven on both grids (WH 8x8 -> 3/2 per core, BH 11x10 -> 2/1).
  constexpr uint32_t kMt = 10, kKt = 4, kNt = 15;
  constexpr int kM = kMt * 32, kK = kKt * 32, kN = kNt * 32;
  const uint32_t tile_bytes = simhost::kBf16TileBytes;

  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto a_buf = simhost::make_buffer(*mesh, kMt * kKt * tile_bytes, tile_bytes);
  auto b_buf = simhost::make_buffer(*mesh, kKt * kNt * tile_bytes, tile_bytes);
  auto c_buf = simhost::make_buffer(*mesh, kMt * kNt * tile_bytes, tile_bytes);

  simcheck::Rng rng(5);
  auto a = rng.bf16_vector(kM * kK, -1.0, 1.0);
  auto b = rng.bf16_vector(kK * kN, -1.0, 1.0);
  simhost::write(*mesh, a_buf, simcheck::to_bf16(simcheck::to_tiles(a, kM, kK)));
  simhost::write(*mesh, b_buf, simcheck::to_bf16(simcheck::to_tiles(b, kK, kN)));

  CoreCoord grid = mesh->compute_with_storage_grid_size();
  auto [num_cores, all_cores, group1, group2, per_core1, per_core2] =
      split_work_to_cores(grid, kMt * kNt);
  std::printf("[matmul_multicore] device %s grid %zux%zu: %u cores, %u/%u output tiles per core\n",
              simcheck::device_name(), grid.x, grid.y, num_cores, per_core1, per_core2);

  Program program = CreateProgram();
  simhost::make_cb(program, all_cores, tt::CBIndex::c_0, 2, tile_bytes);
  simhost::make_cb(program, all_cores, tt::CBIndex::c_1, 2, tile_bytes);
  simhost::make_cb(program, all_cores, tt::CBIndex::c_16, 2, tile_bytes);
  std::vector<uint32_t> reader_ct;
  simhost::append_accessor(reader_ct, a_buf);
  simhost::append_accessor(reader_ct, b_buf);
  std::vector<uint32_t> writer_ct = {tt::CBIndex::c_16, 1};
  simhost::append_accessor(writer_ct, c_buf);
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

  uint32_t start = 0;
  for (uint32_t i = 0; i < num_cores; ++i) {
    CoreCoord core = simhost::nth_core(i, grid);
    uint32_t count = group1.contains(core) ? per_core1 : per_core2;
    SetRuntimeArgs(program, reader, core,
                   {static_cast<uint32_t>(a_buf->address()),
                    static_cast<uint32_t>(b_buf->address()), kKt, kNt, start, count});
    SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c_buf->address()), start, count});
    SetRuntimeArgs(program, compute, core, {count, kKt});
    start += count;
  }
  report.expect("work split covers every output tile", start == kMt * kNt);
  simhost::run(*mesh, program);

  auto c = simcheck::from_tiles(simcheck::from_bf16(simhost::read<uint16_t>(*mesh, c_buf)), kM, kN);
  auto ref = simcheck::matmul_ref(a, b, kM, kK, kN);
  simcheck::MatmulTolerance tol{.fidelity = simcheck::Fidelity::HiFi4, .fp32_dest = false};
  report.check_close("C = A*B", ref.c, c, [&](size_t i) { return tol.at(ref, i, kK); });
  report.check_pcc("C = A*B", ref.c, c, 0.999);
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("matmul_multicore", program_main); }
