// Acceptance program 1: loopback through one core's L1 scratch (noc_async_read DRAM -> L1,
// noc_async_write L1 -> DRAM); the copy must be bit exact. Also run with the source or the
// destination an L1-interleaved buffer (pages spread over the workers' L1 banks).
#include <cstdio>
#include <string>

#include "common/host_util.h"
#include "common/sim_check.h"

using namespace tt::tt_metal;

namespace {

constexpr uint32_t kPageBytes = 1024;
constexpr uint32_t kPages = 37;  // not a multiple of either device's DRAM or L1 bank count
constexpr uint32_t kBytes = kPageBytes * kPages;

std::vector<uint32_t> copy_through_core(distributed::MeshDevice& mesh, BufferType src_type,
                                        BufferType dst_type, const std::vector<uint32_t>& input) {
  auto src = simhost::make_buffer(mesh, kBytes, kPageBytes, src_type);
  auto dst = simhost::make_buffer(mesh, kBytes, kPageBytes, dst_type);
  auto scratch = simhost::make_buffer(mesh, kPageBytes, kPageBytes, BufferType::L1);
  simhost::write(mesh, src, input);
  simhost::write(mesh, dst, std::vector<uint32_t>(kBytes / 4, 0xdeadbeefu));

  Program program = CreateProgram();
  CoreCoord core{0, 0};
  std::vector<uint32_t> ct;
  simhost::append_accessor(ct, src);
  simhost::append_accessor(ct, dst);
  KernelHandle k = CreateKernel(program, "kernels/loopback.cpp", core,
                                DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                   .noc = NOC::RISCV_0_default,
                                                   .compile_args = ct});
  SetRuntimeArgs(program, k, core,
                 {static_cast<uint32_t>(src->address()), static_cast<uint32_t>(dst->address()),
                  static_cast<uint32_t>(scratch->address()), kPages, kPageBytes});
  simhost::run(mesh, program);
  return simhost::read<uint32_t>(mesh, dst);
}

}  // namespace

static int program_main() {
  simcheck::Report report("loopback");
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  simcheck::Rng rng(1);
  std::vector<uint32_t> input(kBytes / 4);
  for (auto& w : input) {
    w = static_cast<uint32_t>(rng.next());
  }
  report.check_equal("DRAM -> L1 -> DRAM", input,
                     copy_through_core(*mesh, BufferType::DRAM, BufferType::DRAM, input));
  report.check_equal("L1-interleaved -> L1 -> DRAM", input,
                     copy_through_core(*mesh, BufferType::L1, BufferType::DRAM, input));
  report.check_equal("DRAM -> L1 -> L1-interleaved", input,
                     copy_through_core(*mesh, BufferType::DRAM, BufferType::L1, input));
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("loopback", program_main); }
