// Acceptance program 4: single-core bf16 matmul run at LoFi, HiFi2 and HiFi4 (fp32 DST) and HiFi4
// with bf16 DST; each result must meet its fidelity's tolerance and the error must shrink as
// fidelity rises. Written in the idioms of current TT-Metalium examples (mesh API,
// TensorAccessorArgs, constexpr CoreCoord, fmt; the reader and writer use the Device 2.0 objects);
// simcheck only checks the numbers.
#include <fmt/base.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include <memory>
#include <vector>

#include "common/sim_check.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;
using simcheck::Fidelity;

namespace {

constexpr uint32_t kMt = 2, kKt = 8, kNt = 3;
constexpr int kM = kMt * 32, kK = kKt * 32, kN = kNt * 32;
const uint32_t kTileBytes = tt::tile_size(tt::DataFormat::Float16_b);

MathFidelity to_sdk(Fidelity f) {
  switch (f) {
    case Fidelity::LoFi:
      return MathFidelity::LoFi;
    case Fidelity::HiFi2:
      return MathFidelity::HiFi2;
    case Fidelity::HiFi3:
      return MathFidelity::HiFi3;
    case Fidelity::HiFi4:
      return MathFidelity::HiFi4;
  }
  return MathFidelity::HiFi4;
}

std::shared_ptr<MeshBuffer> dram_buffer(MeshDevice& mesh, uint32_t tiles) {
  DeviceLocalBufferConfig dram{.page_size = kTileBytes, .buffer_type = BufferType::DRAM};
  return MeshBuffer::create(ReplicatedBufferConfig{.size = tiles * kTileBytes}, dram, &mesh);
}

// Runs C = A*B on core (0,0) and returns C row-major.
std::vector<float> run_matmul(MeshDevice& mesh, const std::vector<float>& a,
                              const std::vector<float>& b, Fidelity fidelity, bool fp32_dest) {
  MeshCommandQueue& cq = mesh.mesh_command_queue();
  auto a_buf = dram_buffer(mesh, kMt * kKt);
  auto b_buf = dram_buffer(mesh, kKt * kNt);
  auto c_buf = dram_buffer(mesh, kMt * kNt);
  EnqueueWriteMeshBuffer(cq, a_buf, simcheck::to_bf16(simcheck::to_tiles(a, kM, kK)), false);
  EnqueueWriteMeshBuffer(cq, b_buf, simcheck::to_bf16(simcheck::to_tiles(b, kK, kN)), false);

  Program program = CreateProgram();
  constexpr CoreCoord core = {0, 0};
  for (tt::CBIndex cb : {tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_16}) {
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(2 * kTileBytes, {{cb, tt::DataFormat::Float16_b}})
                             .set_page_size(cb, kTileBytes));
  }
  std::vector<uint32_t> reader_ct, writer_ct;
  TensorAccessorArgs(*a_buf).append_to(reader_ct);
  TensorAccessorArgs(*b_buf).append_to(reader_ct);
  TensorAccessorArgs(*c_buf).append_to(writer_ct);
  KernelHandle reader = CreateKernel(program, "kernels/reader_mm.cpp", core,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                        .noc = NOC::RISCV_1_default,
                                                        .compile_args = reader_ct});
  KernelHandle writer = CreateKernel(program, "kernels/writer_mm.cpp", core,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default,
                                                        .compile_args = writer_ct});
  CreateKernel(program, "kernels/mm.cpp", core,
               ComputeConfig{.math_fidelity = to_sdk(fidelity),
                             .fp32_dest_acc_en = fp32_dest,
                             .compile_args = {kMt, kKt, kNt}});
  SetRuntimeArgs(program, reader, core,
                 {static_cast<uint32_t>(a_buf->address()), static_cast<uint32_t>(b_buf->address()),
                  kMt, kKt, kNt});
  SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c_buf->address()), kMt * kNt});
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh.shape()), std::move(program));
  EnqueueMeshWorkload(cq, workload, false);
  Finish(cq);

  std::vector<uint16_t> c_bits;
  EnqueueReadMeshBuffer(cq, c_bits, c_buf, true);
  return simcheck::from_tiles(simcheck::from_bf16(c_bits), kM, kN);
}

double mean_abs_err(const std::vector<double>& ref, const std::vector<float>& got) {
  double s = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    s += std::fabs(ref[i] - got[i]);
  }
  return s / ref.size();
}

}  // namespace

static int program_main() {
  simcheck::Report report("matmul_single_core");
  simcheck::Rng rng(4);
  auto a = rng.bf16_vector(kM * kK, -1.0, 1.0);
  auto b = rng.bf16_vector(kK * kN, -1.0, 1.0);
  simcheck::MatmulRef ref = simcheck::matmul_ref(a, b, kM, kK, kN);

  auto mesh = MeshDevice::create_unit_mesh(0);
  struct Run {
    Fidelity fidelity;
    bool fp32_dest;
    double mean_err = 0, mean_tol = 0;
  };
  std::vector<Run> runs = {{Fidelity::LoFi, true},
                           {Fidelity::HiFi2, true},
                           {Fidelity::HiFi4, true},
                           {Fidelity::HiFi4, false}};
  for (Run& run : runs) {
    std::vector<float> c = run_matmul(*mesh, a, b, run.fidelity, run.fp32_dest);
    simcheck::MatmulTolerance tol{.fidelity = run.fidelity, .fp32_dest = run.fp32_dest};
    std::string what = std::string(simcheck::fidelity_name(run.fidelity)) +
                       (run.fp32_dest ? " fp32-dst" : " bf16-dst");
    report.check_close(what, ref.c, c, [&](size_t i) { return tol.at(ref, i, kK); });
    run.mean_err = mean_abs_err(ref.c, c);
    for (size_t i = 0; i < ref.c.size(); ++i) {
      run.mean_tol += tol.at(ref, i, kK) / ref.c.size();
    }
    fmt::print("[matmul_single_core] {}: mean |err| {:.6g}, mean tolerance {:.6g}\n", what,
               run.mean_err, run.mean_tol);
  }
  // Fidelity must matter in the direction the multiplier's dropped bits predict.
  report.expect("tolerance tightens LoFi > HiFi2 > HiFi4",
                runs[0].mean_tol > runs[1].mean_tol && runs[1].mean_tol > runs[2].mean_tol);
  report.expect("LoFi error exceeds HiFi2 error", runs[0].mean_err > runs[1].mean_err);
  report.expect("LoFi error exceeds HiFi4 error", runs[0].mean_err > runs[2].mean_err);
  report.expect("HiFi2 error not below HiFi4 error", runs[1].mean_err >= runs[2].mean_err);
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("matmul_single_core", program_main); }
