// Acceptance program 21: a compute kernel with its own SFPI code (vFloat arithmetic, a fused
// multiply-add, v_if / v_elseif / v_else with a nested v_if, dst_reg[] indexing by tile and
// dst_reg++ walking, sfpi::setsgn) checked bit for bit against the SFPU's arithmetic computed on
// the host, with a 16-bit DST (Float16_b tiles: SFPSTORE truncates to bf16) and a 32-bit DST
// (Float32 tiles, fp32_dest_acc_en). Inputs are bf16 values so every product is exact in FP32 and
// the one rounding of each MAD is the IEEE one on both architectures.
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include <bit>
#include <cmath>

#include "common/sim_check.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

constexpr uint32_t kPairs = 3;

// What the kernel computes for one element; `store` is what SFPSTORE leaves in DST.
float expected(float a, float b, float (*store)(float)) {
  float r = std::fma(a, b, 0.5f);
  if (a < 0.0f) {
    r = -a;
  } else if (a > b) {
    r = a - b;
  } else if (b >= 2.0f) {
    r = 1.0f;
  }
  r = store(r);
  return r > 4.0f ? -r : r;
}

float truncate_bf16(float v) {
  return std::bit_cast<float>(std::bit_cast<uint32_t>(v) & 0xffff0000u);
}
float keep(float v) { return v; }

void run_case(simcheck::Report& report, MeshDevice& mesh, bool fp32) {
  const tt::DataFormat fmt = fp32 ? tt::DataFormat::Float32 : tt::DataFormat::Float16_b;
  const uint32_t tile_bytes = tt::tile_size(fmt);
  MeshCommandQueue& cq = mesh.mesh_command_queue();
  const DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
  auto in_buf =
      MeshBuffer::create(ReplicatedBufferConfig{.size = 2 * kPairs * tile_bytes}, dram, &mesh);
  auto out_buf =
      MeshBuffer::create(ReplicatedBufferConfig{.size = kPairs * tile_bytes}, dram, &mesh);

  // Tiles interleaved a0 b0 a1 b1 ...: one reader fills one CB with the pairs.
  simcheck::Rng rng(21);
  std::vector<float> in = rng.bf16_vector(2 * kPairs * 1024, -3.0, 3.0);
  std::vector<float> want(kPairs * 1024);
  for (uint32_t p = 0; p < kPairs; ++p) {
    for (uint32_t e = 0; e < 1024; ++e) {
      want[p * 1024 + e] =
          expected(in[(2 * p) * 1024 + e], in[(2 * p + 1) * 1024 + e], fp32 ? keep : truncate_bf16);
    }
  }
  if (fp32) {
    EnqueueWriteMeshBuffer(cq, in_buf, in, false);
  } else {
    EnqueueWriteMeshBuffer(cq, in_buf, simcheck::to_bf16(in), false);
  }

  Program program = CreateProgram();
  constexpr CoreCoord core = {0, 0};
  for (tt::CBIndex cb : {tt::CBIndex::c_0, tt::CBIndex::c_16}) {
    CreateCircularBuffer(
        program, core,
        CircularBufferConfig(4 * tile_bytes, {{cb, fmt}}).set_page_size(cb, tile_bytes));
  }
  std::vector<uint32_t> reader_ct = {tt::CBIndex::c_0, 2};
  std::vector<uint32_t> writer_ct = {tt::CBIndex::c_16, 1};
  TensorAccessorArgs(*in_buf).append_to(reader_ct);
  TensorAccessorArgs(*out_buf).append_to(writer_ct);
  KernelHandle reader = CreateKernel(program, "../common/kernels/reader_tiles.cpp", core,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                        .noc = NOC::RISCV_1_default,
                                                        .compile_args = reader_ct});
  KernelHandle writer = CreateKernel(program, "../common/kernels/writer_tiles.cpp", core,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default,
                                                        .compile_args = writer_ct});
  KernelHandle compute = CreateKernel(program, "kernels/sfpi_select.cpp", core,
                                      ComputeConfig{.fp32_dest_acc_en = fp32});
  SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(in_buf->address()), 0u, 2 * kPairs});
  SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(out_buf->address()), 0u, kPairs});
  SetRuntimeArgs(program, compute, core, {kPairs});
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh.shape()), std::move(program));
  EnqueueMeshWorkload(cq, workload, false);
  Finish(cq);

  std::vector<uint32_t> want_bits(want.size()), got_bits(want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    want_bits[i] = std::bit_cast<uint32_t>(want[i]);
  }
  if (fp32) {
    std::vector<float> got;
    EnqueueReadMeshBuffer(cq, got, out_buf, true);
    for (size_t i = 0; i < got.size() && i < got_bits.size(); ++i) {
      got_bits[i] = std::bit_cast<uint32_t>(got[i]);
    }
  } else {
    std::vector<uint16_t> got;
    EnqueueReadMeshBuffer(cq, got, out_buf, true);
    for (size_t i = 0; i < got.size() && i < got_bits.size(); ++i) {
      got_bits[i] = static_cast<uint32_t>(got[i]) << 16;
    }
  }
  report.check_equal(fp32 ? "sfpi select, fp32 DST" : "sfpi select, bf16 DST (truncating store)",
                     want_bits, got_bits);
}

int program_main() {
  simcheck::Report report("sfpi");
  auto mesh = MeshDevice::create_unit_mesh(0);
  run_case(report, *mesh, false);
  run_case(report, *mesh, true);
  mesh->close();
  return report.exit_code();
}

}  // namespace

int main() { return simcheck::guarded_main("sfpi", program_main); }
