// Acceptance program 3: an SFPU chain relu -> neg -> exp -> sqrt -> recip on several tiles of one
// core, checked against exp(max(x,0)/2) in double. Written in the idioms of current TT-Metalium
// examples (mesh API, TensorAccessorArgs, tt::tile_size, constexpr CoreCoord, TT_FATAL);
// simcheck only checks the numbers.
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include <cmath>

#include "common/sim_check.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

// Tolerance: relu and neg are exact on bf16 values. exp, sqrt and recip each round their result
// into bf16 DST (2u) and may add approximation error of the same order (allow 2u more each);
// sqrt halves the relative error it receives, recip passes it on. Relative bound:
//   0.5*(4u) [exp] + 4u [sqrt] + 4u [recip] = 10u, plus 2u for the packer = 12u.
static double chain_tol(double ref) { return 12.0 * simcheck::kUnitBf16 * std::fabs(ref) + 1e-30; }

static int program_main() {
  simcheck::Report report("sfpu_chain");
  constexpr uint32_t kTiles = 8;
  constexpr uint32_t kElems = kTiles * 1024;
  const uint32_t tile_bytes = tt::tile_size(tt::DataFormat::Float16_b);

  auto mesh = MeshDevice::create_unit_mesh(0);
  MeshCommandQueue& cq = mesh->mesh_command_queue();
  const DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
  const ReplicatedBufferConfig size{.size = kTiles * tile_bytes};
  auto in_buf = MeshBuffer::create(size, dram, mesh.get());
  auto out_buf = MeshBuffer::create(size, dram, mesh.get());

  simcheck::Rng rng(3);
  auto x = rng.bf16_vector(kElems, -3.0, 3.0);
  EnqueueWriteMeshBuffer(cq, in_buf, simcheck::to_bf16(x), false);

  Program program = CreateProgram();
  constexpr CoreCoord core = {0, 0};
  for (tt::CBIndex cb : {tt::CBIndex::c_0, tt::CBIndex::c_16}) {
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(4 * tile_bytes, {{cb, tt::DataFormat::Float16_b}})
                             .set_page_size(cb, tile_bytes));
  }
  std::vector<uint32_t> reader_ct = {tt::CBIndex::c_0, 2};
  std::vector<uint32_t> writer_ct = {tt::CBIndex::c_16, 2};
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
  KernelHandle compute =
      CreateKernel(program, "kernels/chain.cpp", core, ComputeConfig{.math_approx_mode = false});
  SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(in_buf->address()), 0u, kTiles});
  SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(out_buf->address()), 0u, kTiles});
  TT_FATAL(kTiles % 2 == 0, "the chain kernel takes tiles in pairs, not {}", kTiles);
  SetRuntimeArgs(program, compute, core, {kTiles / 2});
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh->shape()), std::move(program));
  EnqueueMeshWorkload(cq, workload, false);
  Finish(cq);

  std::vector<uint16_t> y_bits;
  EnqueueReadMeshBuffer(cq, y_bits, out_buf, true);
  auto y = simcheck::from_bf16(y_bits);
  std::vector<double> ref(kElems);
  for (uint32_t i = 0; i < kElems; ++i) {
    ref[i] = std::exp(std::max(0.0, static_cast<double>(x[i])) / 2.0);
  }
  report.check_close("exp(max(x,0)/2)", ref, y, [&](size_t i) { return chain_tol(ref[i]); });
  report.check_pcc("exp(max(x,0)/2)", ref, y, 0.999);
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("sfpu_chain", program_main); }
