// Acceptance program 2: eltwise add of many tiles over all worker cores, the tiles split with
// split_work_to_cores (two core groups with different tile counts); once in bf16 and once with
// Bfp8_b inputs and output (block-float unpack and pack on the device). Written in the idioms of
// current TT-Metalium examples (mesh API, TensorAccessorArgs, tt::tile_size, TT_FATAL, fmt);
// simcheck only checks the numbers.
#include <fmt/base.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/work_split.hpp>

#include <cstdint>
#include <string>
#include <tuple>

#include "common/sim_check.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

constexpr uint32_t kTiles = 150;
constexpr uint32_t kElems = kTiles * 1024;

std::shared_ptr<MeshBuffer> dram_tiles(MeshDevice& mesh, uint32_t tile_bytes) {
  DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
  return MeshBuffer::create(ReplicatedBufferConfig{.size = kTiles * tile_bytes}, dram, &mesh);
}

// C = A + B with A, B, C stored in `format` (raw tile bytes in and out).
std::vector<uint8_t> run_add(MeshDevice& mesh, simcheck::Report& report, tt::DataFormat format,
                             const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  MeshCommandQueue& cq = mesh.mesh_command_queue();
  const uint32_t tb = tt::tile_size(format);
  auto a_buf = dram_tiles(mesh, tb);
  auto b_buf = dram_tiles(mesh, tb);
  auto c_buf = dram_tiles(mesh, tb);
  EnqueueWriteMeshBuffer(cq, a_buf, a, false);
  EnqueueWriteMeshBuffer(cq, b_buf, b, false);

  const CoreCoord grid = mesh.compute_with_storage_grid_size();
  auto [num_cores, all_cores, group1, group2, per_core1, per_core2] =
      split_work_to_cores(grid, kTiles);
  fmt::print("[eltwise_add_multicore] device {} grid {}x{}: {} cores, {}/{} tiles per core\n",
             simcheck::device_name(), grid.x, grid.y, num_cores, per_core1, per_core2);
  report.expect("work split uses more than one core", num_cores > 1);
  // The simulated device must be the one asked for: Wormhole's worker grid is 8 wide, Blackhole's
  // at least 10 (11x10 or 13x10 depending on harvesting).
  bool blackhole = std::string(simcheck::device_name()) == "blackhole";
  report.expect("grid matches TTSIM_DEVICE", blackhole ? grid.x >= 10 : grid.x == 8);

  Program program = CreateProgram();
  for (tt::CBIndex cb : {tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_16}) {
    CreateCircularBuffer(program, all_cores,
                         CircularBufferConfig(2 * tb, {{cb, format}}).set_page_size(cb, tb));
  }

  std::vector<uint32_t> reader_ct, writer_ct;
  TensorAccessorArgs(*a_buf).append_to(reader_ct);
  TensorAccessorArgs(*b_buf).append_to(reader_ct);
  TensorAccessorArgs(*c_buf).append_to(writer_ct);
  KernelHandle reader = CreateKernel(program, "kernels/reader.cpp", all_cores,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                        .noc = NOC::RISCV_1_default,
                                                        .compile_args = reader_ct});
  KernelHandle writer = CreateKernel(program, "kernels/writer.cpp", all_cores,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default,
                                                        .compile_args = writer_ct});
  KernelHandle compute = CreateKernel(program, "kernels/add.cpp", all_cores,
                                      ComputeConfig{.math_fidelity = MathFidelity::HiFi4});

  // split_work_to_cores hands out cores column by column (row_wise = false).
  uint32_t start = 0;
  for (uint32_t i = 0; i < num_cores; ++i) {
    const CoreCoord core = {i / grid.y, i % grid.y};
    const uint32_t count = group1.contains(core) ? per_core1 : per_core2;
    SetRuntimeArgs(program, reader, core,
                   {static_cast<uint32_t>(a_buf->address()),
                    static_cast<uint32_t>(b_buf->address()), start, count});
    SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c_buf->address()), start, count});
    SetRuntimeArgs(program, compute, core, {count});
    start += count;
  }
  TT_FATAL(start == kTiles, "work split covers {} of {} tiles", start, kTiles);
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh.shape()), std::move(program));
  EnqueueMeshWorkload(cq, workload, false);
  Finish(cq);
  std::vector<uint8_t> c;
  EnqueueReadMeshBuffer(cq, c, c_buf, true);
  return c;
}

std::vector<uint8_t> bytes_of(const std::vector<uint16_t>& v) {
  std::vector<uint8_t> out(v.size() * 2);
  for (size_t i = 0; i < v.size(); ++i) {
    out[2 * i] = static_cast<uint8_t>(v[i]);
    out[2 * i + 1] = static_cast<uint8_t>(v[i] >> 8);
  }
  return out;
}

std::vector<float> bf16_of(const std::vector<uint8_t>& bytes) {
  std::vector<float> out(bytes.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = simcheck::from_bf16(static_cast<uint16_t>(bytes[2 * i] | bytes[2 * i + 1] << 8));
  }
  return out;
}

}  // namespace

static int program_main() {
  simcheck::Report report("eltwise_add_multicore");
  auto mesh = MeshDevice::create_unit_mesh(0);
  simcheck::Rng rng(2);

  {  // bf16: the sum is rounded once into DST (the packer then copies bf16 exactly)
    auto a = rng.bf16_vector(kElems, -4.0, 4.0);
    auto b = rng.bf16_vector(kElems, -4.0, 4.0);
    auto c = bf16_of(run_add(*mesh, report, tt::DataFormat::Float16_b,
                             bytes_of(simcheck::to_bf16(a)), bytes_of(simcheck::to_bf16(b))));
    std::vector<double> ref(kElems);
    for (uint32_t i = 0; i < kElems; ++i) {
      ref[i] = static_cast<double>(a[i]) + static_cast<double>(b[i]);
    }
    report.check_close("bf16 a+b", ref, c,
                       [&](size_t i) { return simcheck::eltwise_bf16_tol(ref[i]); });
    report.check_pcc("bf16 a+b", ref, c, 0.999);
  }
  {  // Bfp8_b: exact block-float inputs; the sum is rounded into 16-bit DST, then packed to
     // Bfp8_b (one step of its group's grid, see bfp8b_pack_tol).
    auto a = simcheck::bfp8b_values(rng, kTiles, -2, 1);
    auto b = simcheck::bfp8b_values(rng, kTiles, -2, 1);
    auto c = simcheck::unpack_bfp8b(run_add(*mesh, report, tt::DataFormat::Bfp8_b,
                                            simcheck::pack_bfp8b(a), simcheck::pack_bfp8b(b)));
    std::vector<double> ref(kElems);
    for (uint32_t i = 0; i < kElems; ++i) {
      ref[i] = static_cast<double>(a[i]) + static_cast<double>(b[i]);
    }
    std::vector<double> tol = simcheck::bfp8b_pack_tol(ref);
    report.check_close("Bfp8_b a+b", ref, c,
                       [&](size_t i) { return tol[i] + simcheck::eltwise_bf16_tol(ref[i]); });
    report.check_pcc("Bfp8_b a+b", ref, c, 0.999);
  }
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("eltwise_add_multicore", program_main); }
