// Acceptance program 4 (era-A host and kernels): single-core bf16 matmul run at LoFi, HiFi2 and
// HiFi4 (fp32 DST) and HiFi4 with bf16 DST; each result must meet its fidelity's tolerance and the
// error must shrink as fidelity rises.
#include <cstdio>
#include <memory>
#include <vector>

#include <tt-metalium/device.hpp>
#include <tt-metalium/host_api.hpp>

#include "common/sim_check.h"

using namespace tt::tt_metal;
using simcheck::Fidelity;

namespace {

constexpr uint32_t kMt = 2, kKt = 8, kNt = 3;
constexpr int kM = kMt * 32, kK = kKt * 32, kN = kNt * 32;
constexpr uint32_t kTileBytes = 2048;

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

std::shared_ptr<Buffer> dram_buffer(IDevice* device, uint32_t tiles) {
  InterleavedBufferConfig cfg{.device = device,
                              .size = tiles * kTileBytes,
                              .page_size = kTileBytes,
                              .buffer_type = BufferType::DRAM};
  return CreateBuffer(cfg);
}

// Runs C = A*B on core (0,0) and returns C row-major.
std::vector<float> run_matmul(IDevice* device, const std::vector<float>& a,
                              const std::vector<float>& b, Fidelity fidelity, bool fp32_dest) {
  CommandQueue& cq = device->command_queue();
  auto a_buf = dram_buffer(device, kMt * kKt);
  auto b_buf = dram_buffer(device, kKt * kNt);
  auto c_buf = dram_buffer(device, kMt * kNt);
  std::vector<uint32_t> a_words =
      simcheck::pack_words(simcheck::to_bf16(simcheck::to_tiles(a, kM, kK)));
  std::vector<uint32_t> b_words =
      simcheck::pack_words(simcheck::to_bf16(simcheck::to_tiles(b, kK, kN)));
  EnqueueWriteBuffer(cq, a_buf, a_words, false);
  EnqueueWriteBuffer(cq, b_buf, b_words, false);

  Program program = CreateProgram();
  CoreCoord core{0, 0};
  for (uint32_t cb : {0u, 1u, 16u}) {
    CircularBufferConfig cfg =
        CircularBufferConfig(2 * kTileBytes,
                             {{static_cast<uint8_t>(cb), tt::DataFormat::Float16_b}})
            .set_page_size(cb, kTileBytes);
    CreateCircularBuffer(program, core, cfg);
  }
  KernelHandle reader = CreateKernel(
      program, "kernels/reader_mm.cpp", core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default});
  KernelHandle writer = CreateKernel(
      program, "kernels/writer_mm.cpp", core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
  CreateKernel(program, "kernels/mm.cpp", core,
               ComputeConfig{.math_fidelity = to_sdk(fidelity),
                             .fp32_dest_acc_en = fp32_dest,
                             .compile_args = {kMt, kKt, kNt}});
  SetRuntimeArgs(program, reader, core,
                 {static_cast<uint32_t>(a_buf->address()), static_cast<uint32_t>(b_buf->address()),
                  kMt, kKt, kNt});
  SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c_buf->address()), kMt * kNt});
  EnqueueProgram(cq, program, false);
  Finish(cq);

  std::vector<uint32_t> c_words(kMt * kNt * kTileBytes / 4);
  EnqueueReadBuffer(cq, c_buf, c_words, true);
  auto c_tiles = simcheck::from_bf16(simcheck::unpack_words(c_words, kM * kN));
  return simcheck::from_tiles(c_tiles, kM, kN);
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

  IDevice* device = CreateDevice(0);
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
    std::vector<float> c = run_matmul(device, a, b, run.fidelity, run.fp32_dest);
    simcheck::MatmulTolerance tol{.fidelity = run.fidelity, .fp32_dest = run.fp32_dest};
    std::string what = std::string(simcheck::fidelity_name(run.fidelity)) +
                       (run.fp32_dest ? " fp32-dst" : " bf16-dst");
    report.check_close(what, ref.c, c, [&](size_t i) { return tol.at(ref, i, kK); });
    run.mean_err = mean_abs_err(ref.c, c);
    for (size_t i = 0; i < ref.c.size(); ++i) {
      run.mean_tol += tol.at(ref, i, kK) / ref.c.size();
    }
    std::printf("[matmul_single_core] %s: mean |err| %.6g, mean tolerance %.6g\n", what.c_str(),
                run.mean_err, run.mean_tol);
  }
  // Fidelity must matter in the direction the multiplier's dropped bits predict.
  report.expect("tolerance tightens LoFi > HiFi2 > HiFi4",
                runs[0].mean_tol > runs[1].mean_tol && runs[1].mean_tol > runs[2].mean_tol);
  report.expect("LoFi error exceeds HiFi2 error", runs[0].mean_err > runs[1].mean_err);
  report.expect("LoFi error exceeds HiFi4 error", runs[0].mean_err > runs[2].mean_err);
  report.expect("HiFi2 error not below HiFi4 error", runs[1].mean_err >= runs[2].mean_err);
  CloseDevice(device);
  return report.exit_code();
}

int main() { return simcheck::guarded_main("matmul_single_core", program_main); }
