// Acceptance program 1, in the idioms of current TT-Metalium examples: loopback through one
// core's L1 scratch (noc_async_read DRAM -> L1, noc_async_write L1 -> DRAM) that must be bit
// exact; also with the source or the destination an L1-interleaved buffer (pages spread over the
// workers' L1 banks). Mesh API on a unit mesh, TensorAccessorArgs, constexpr CoreCoord, TT_FATAL
// with messages, fmt, and a DPRINT from the kernel (checked by ctest on the output).
#include <fmt/base.h>

#include <cstdint>
#include <random>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <vector>

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

constexpr uint32_t kPageBytes = 1024;
constexpr uint32_t kPages = 37;  // not a multiple of either device's DRAM or L1 bank count
constexpr uint32_t kBytes = kPageBytes * kPages;

std::shared_ptr<MeshBuffer> make_buffer(MeshDevice& mesh, uint32_t bytes, BufferType type) {
  DeviceLocalBufferConfig local{.page_size = kPageBytes, .buffer_type = type};
  return MeshBuffer::create(ReplicatedBufferConfig{.size = bytes}, local, &mesh);
}

std::vector<uint32_t> copy_through_core(MeshDevice& mesh, BufferType src_type, BufferType dst_type,
                                        const std::vector<uint32_t>& input) {
  constexpr CoreCoord core = {0, 0};
  auto src = make_buffer(mesh, kBytes, src_type);
  auto dst = make_buffer(mesh, kBytes, dst_type);
  auto scratch = make_buffer(mesh, kPageBytes, BufferType::L1);
  MeshCommandQueue& cq = mesh.mesh_command_queue();
  EnqueueWriteMeshBuffer(cq, src, input, false);
  EnqueueWriteMeshBuffer(cq, dst, std::vector<uint32_t>(kBytes / 4, 0xdeadbeefu), false);

  Program program = CreateProgram();
  std::vector<uint32_t> compile_args;
  TensorAccessorArgs(*src).append_to(compile_args);
  TensorAccessorArgs(*dst).append_to(compile_args);
  KernelHandle kernel = CreateKernel(program, "kernels/loopback.cpp", core,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default,
                                                        .compile_args = compile_args});
  SetRuntimeArgs(program, kernel, core,
                 {static_cast<uint32_t>(src->address()), static_cast<uint32_t>(dst->address()),
                  static_cast<uint32_t>(scratch->address()), kPages, kPageBytes});
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh.shape()), std::move(program));
  EnqueueMeshWorkload(cq, workload, false);
  Finish(cq);

  std::vector<uint32_t> out;
  EnqueueReadMeshBuffer(cq, out, dst, true);
  return out;
}

void check_copy(const char* what, const std::vector<uint32_t>& input,
                const std::vector<uint32_t>& output) {
  TT_FATAL(output.size() == input.size(), "{}: read {} words, wrote {}", what, output.size(),
           input.size());
  for (size_t i = 0; i < input.size(); ++i) {
    TT_FATAL(output[i] == input[i], "{}: word {} is {:#010x}, expected {:#010x}", what, i,
             output[i], input[i]);
  }
  fmt::print("{}: {} bytes bit exact\n", what, input.size() * sizeof(uint32_t));
}

}  // namespace

int main() {
  auto mesh = MeshDevice::create_unit_mesh(0);
  std::mt19937 rng(1);
  std::vector<uint32_t> input(kBytes / 4);
  for (auto& w : input) {
    w = static_cast<uint32_t>(rng());
  }

  check_copy("DRAM -> L1 -> DRAM", input,
             copy_through_core(*mesh, BufferType::DRAM, BufferType::DRAM, input));
  check_copy("L1-interleaved -> L1 -> DRAM", input,
             copy_through_core(*mesh, BufferType::L1, BufferType::DRAM, input));
  check_copy("DRAM -> L1 -> L1-interleaved", input,
             copy_through_core(*mesh, BufferType::DRAM, BufferType::L1, input));
  mesh->close();
  fmt::print("PASS\n");
  return 0;
}
