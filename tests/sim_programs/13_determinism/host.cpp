// Acceptance program 13: determinism. The multi-core matmul (program 5's reader and compute) runs
// twice on freshly opened devices in one process; outputs must match bit for bit and every core's
// simulated end cycle (read by its writer through ttsim_cycle) must match exactly. Written in the
// idioms of current TT-Metalium examples (mesh API, TensorAccessorArgs, tt::tile_size, constexpr
// CoreCoord, fmt); simcheck only checks the numbers.
#include <fmt/base.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tuple>

#include <tt-metalium/work_split.hpp>

#include "ttsim/simulator.hpp"

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

namespace {

constexpr uint32_t kMt = 6, kKt = 3, kNt = 11;
constexpr int kM = kMt * 32, kK = kKt * 32, kN = kNt * 32;
constexpr uint32_t kCyclePage = 64;

struct RunResult {
  std::vector<uint16_t> c;
  std::vector<uint64_t> end_cycles;  // per core, in work order
  uint64_t program_cycles = 0;       // the simulator's device cycle count of the program
};

RunResult run_once(const std::vector<uint16_t>& a_tiles, const std::vector<uint16_t>& b_tiles) {
  const uint32_t tile_bytes = tt::tile_size(tt::DataFormat::Float16_b);
  auto mesh = MeshDevice::create_unit_mesh(0);
  auto a_buf = make_buffer(*mesh, kMt * kKt * tile_bytes, tile_bytes);
  auto b_buf = make_buffer(*mesh, kKt * kNt * tile_bytes, tile_bytes);
  auto c_buf = make_buffer(*mesh, kMt * kNt * tile_bytes, tile_bytes);
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), a_buf, a_tiles, false);
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), b_buf, b_tiles, false);

  CoreCoord grid = mesh->compute_with_storage_grid_size();
  auto [num_cores, all_cores, group1, group2, per_core1, per_core2] =
      split_work_to_cores(grid, kMt * kNt);
  auto cyc_buf = make_buffer(*mesh, num_cores * kCyclePage, kCyclePage);

  Program program = CreateProgram();
  make_cb(program, all_cores, tt::CBIndex::c_0, 2, tile_bytes);
  make_cb(program, all_cores, tt::CBIndex::c_1, 2, tile_bytes);
  make_cb(program, all_cores, tt::CBIndex::c_16, 2, tile_bytes);
  make_cb(program, all_cores, tt::CBIndex::c_17, 1, kCyclePage);
  std::vector<uint32_t> reader_ct, writer_ct;
  TensorAccessorArgs(*a_buf).append_to(reader_ct);
  TensorAccessorArgs(*b_buf).append_to(reader_ct);
  TensorAccessorArgs(*c_buf).append_to(writer_ct);
  TensorAccessorArgs(*cyc_buf).append_to(writer_ct);
  KernelHandle reader =
      CreateKernel(program, "../05_matmul_multicore/kernels/reader_out_tiles.cpp", all_cores,
                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                      .noc = NOC::RISCV_1_default,
                                      .compile_args = reader_ct});
  KernelHandle writer = CreateKernel(program, "kernels/writer_cycles.cpp", all_cores,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default,
                                                        .compile_args = writer_ct});
  KernelHandle compute = CreateKernel(program, "../05_matmul_multicore/kernels/mm.cpp", all_cores,
                                      ComputeConfig{.math_fidelity = MathFidelity::HiFi2});
  uint32_t start = 0;
  for (uint32_t i = 0; i < num_cores; ++i) {
    const CoreCoord core = {i / grid.y, i % grid.y};  // split_work_to_cores: column by column
    uint32_t count = group1.contains(core) ? per_core1 : per_core2;
    SetRuntimeArgs(program, reader, core,
                   {static_cast<uint32_t>(a_buf->address()),
                    static_cast<uint32_t>(b_buf->address()), kKt, kNt, start, count});
    SetRuntimeArgs(program, writer, core,
                   {static_cast<uint32_t>(c_buf->address()), start, count,
                    static_cast<uint32_t>(cyc_buf->address()), i});
    SetRuntimeArgs(program, compute, core, {count, kKt});
    start += count;
  }
  run(*mesh, program);

  RunResult r;
  r.program_cycles = ttsim::Simulator::last_program_cycles(*mesh);
  r.c = read<uint16_t>(*mesh, c_buf);
  auto words = read<uint32_t>(*mesh, cyc_buf);
  for (uint32_t i = 0; i < num_cores; ++i) {
    size_t w = static_cast<size_t>(i) * kCyclePage / 4;
    r.end_cycles.push_back(static_cast<uint64_t>(words[w]) | static_cast<uint64_t>(words[w + 1])
                                                                 << 32);
  }
  mesh->close();
  return r;
}

}  // namespace

static int program_main() {
  simcheck::Report report("determinism");
  simcheck::Rng rng(13);
  auto a = rng.bf16_vector(kM * kK, -1.0, 1.0);
  auto b = rng.bf16_vector(kK * kN, -1.0, 1.0);
  auto a_tiles = simcheck::to_bf16(simcheck::to_tiles(a, kM, kK));
  auto b_tiles = simcheck::to_bf16(simcheck::to_tiles(b, kK, kN));

  RunResult first = run_once(a_tiles, b_tiles);
  RunResult second = run_once(a_tiles, b_tiles);
  report.check_equal("output bits, run 1 vs run 2", first.c, second.c);
  report.check_equal("per-core end cycles, run 1 vs run 2", first.end_cycles, second.end_cycles);
  report.expect(
      "device cycles (ttsim::Simulator::last_program_cycles) equal",
      first.program_cycles == second.program_cycles && first.program_cycles > 0,
      std::to_string(first.program_cycles) + " vs " + std::to_string(second.program_cycles));
  bool all_nonzero = !first.end_cycles.empty();
  uint64_t max_cycle = 0;
  for (uint64_t cyc : first.end_cycles) {
    all_nonzero &= cyc > 0;
    max_cycle = std::max(max_cycle, cyc);
  }
  report.expect("every core reports simulated time", all_nonzero,
                "(max end cycle " + std::to_string(max_cycle) + ")");

  // The runs must also be right, not just equal.
  auto c = simcheck::from_tiles(simcheck::from_bf16(first.c), kM, kN);
  auto ref = simcheck::matmul_ref(a, b, kM, kK, kN);
  simcheck::MatmulTolerance tol{.fidelity = simcheck::Fidelity::HiFi2, .fp32_dest = false};
  report.check_close("C = A*B", ref.c, c, [&](size_t i) { return tol.at(ref, i, kK); });
  return report.exit_code();
}

// `--fingerprint`: one run, printing a line that must be identical in every process (the
// cross-process ctest compares two of them): program cycles, per-core end cycles and an FNV-1a
// hash of the output bits.
static int fingerprint_main() {
  simcheck::Rng rng(13);
  auto a = rng.bf16_vector(kM * kK, -1.0, 1.0);
  auto b = rng.bf16_vector(kK * kN, -1.0, 1.0);
  RunResult r = run_once(simcheck::to_bf16(simcheck::to_tiles(a, kM, kK)),
                         simcheck::to_bf16(simcheck::to_tiles(b, kK, kN)));
  uint64_t h = 0xcbf29ce484222325ull;
  auto mix = [&](uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h = (h ^ ((v >> (8 * i)) & 0xff)) * 0x100000001b3ull;
    }
  };
  for (uint16_t v : r.c) {
    mix(v);
  }
  for (uint64_t c : r.end_cycles) {
    mix(c);
  }
  fmt::print("FINGERPRINT cycles={} cores={} hash={:016x}\n", r.program_cycles, r.end_cycles.size(),
             h);
  return r.program_cycles > 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--fingerprint") {
    return simcheck::guarded_main("determinism", fingerprint_main);
  }
  return simcheck::guarded_main("determinism", program_main);
}
