// Acceptance program 9 (era-A kernels): row softmax of a 64x128 bf16 matrix on one core:
// row max -> sub_bcast_cols + exp -> row sum -> recip -> mul_bcast_cols. The host is written in
// the idioms of current TT-Metalium examples (mesh API, tt::tile_size, constexpr CoreCoord); the
// kernels keep the InterleavedAddrGenFast spellings, which still compile against the SDK.
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

#include "common/sim_check.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

constexpr uint32_t kHt = 2, kWt = 4;
constexpr int kH = kHt * 32, kW = kWt * 32;
const uint32_t kTileBytes = tt::tile_size(tt::DataFormat::Float16_b);

// Relative tolerance per output, each bf16 rounding or SFPU approximation counted as 2u:
//   x - m rounded (2u|x-m|, R = max |x-m| of the row) becomes a relative error 2uR of exp;
//   exp approximation + rounding 4u; row sum: 2u*sqrt(2*Wt) (positive terms) + pack 2u;
//   recip 4u + pack 2u; the final multiply 2u + pack 2u.
double softmax_rel_tol(double range) {
  double u = simcheck::kUnitBf16;
  return 2.0 * u * range + 4.0 * u + 2.0 * u * std::sqrt(2.0 * kWt) + 2.0 * u + 6.0 * u + 4.0 * u;
}

std::shared_ptr<MeshBuffer> dram_buffer(MeshDevice& mesh, uint32_t tiles) {
  DeviceLocalBufferConfig dram{.page_size = kTileBytes, .buffer_type = BufferType::DRAM};
  return MeshBuffer::create(ReplicatedBufferConfig{.size = tiles * kTileBytes}, dram, &mesh);
}

}  // namespace

static int program_main() {
  simcheck::Report report("softmax");
  simcheck::Rng rng(9);
  auto x = rng.bf16_vector(kH * kW, -2.0, 2.0);

  auto mesh = MeshDevice::create_unit_mesh(0);
  MeshCommandQueue& cq = mesh->mesh_command_queue();
  auto in_buf = dram_buffer(*mesh, kHt * kWt);
  auto out_buf = dram_buffer(*mesh, kHt * kWt);
  EnqueueWriteMeshBuffer(cq, in_buf, simcheck::to_bf16(simcheck::to_tiles(x, kH, kW)), false);

  Program program = CreateProgram();
  constexpr CoreCoord core = {0, 0};
  auto cb = [&](uint32_t index, uint32_t pages) {
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(pages * kTileBytes, {{static_cast<uint8_t>(index),
                                                                    tt::DataFormat::Float16_b}})
                             .set_page_size(index, kTileBytes));
  };
  cb(0, kWt);
  cb(2, 1);
  cb(16, 2);
  cb(24, 1);
  cb(25, kWt);
  cb(26, 1);
  KernelHandle reader = CreateKernel(
      program, "kernels/reader_softmax.cpp", core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default});
  KernelHandle writer = CreateKernel(
      program, "kernels/writer_softmax.cpp", core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
  CreateKernel(program, "kernels/softmax.cpp", core,
               ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .compile_args = {kHt, kWt}});
  SetRuntimeArgs(program, reader, core,
                 {static_cast<uint32_t>(in_buf->address()), kHt, kWt,
                  static_cast<uint32_t>(simcheck::to_bf16(1.0f))});
  SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(out_buf->address()), kHt * kWt});
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh->shape()), std::move(program));
  EnqueueMeshWorkload(cq, workload, false);
  Finish(cq);
  std::vector<uint16_t> out_bits;
  EnqueueReadMeshBuffer(cq, out_bits, out_buf, true);
  auto y = simcheck::from_tiles(simcheck::from_bf16(out_bits), kH, kW);

  std::vector<double> ref(kH * kW), tol(kH * kW);
  for (int r = 0; r < kH; ++r) {
    const float* row = &x[static_cast<size_t>(r) * kW];
    double m = *std::max_element(row, row + kW);
    double mn = *std::min_element(row, row + kW);
    double s = 0;
    for (int c = 0; c < kW; ++c) {
      s += std::exp(row[c] - m);
    }
    for (int c = 0; c < kW; ++c) {
      size_t i = static_cast<size_t>(r) * kW + c;
      ref[i] = std::exp(row[c] - m) / s;
      tol[i] = softmax_rel_tol(m - mn) * ref[i] + 1e-30;
    }
  }
  report.check_close("softmax rows", ref, y, [&](size_t i) { return tol[i]; });
  report.check_pcc("softmax rows", ref, y, 0.999);
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("softmax", program_main); }
