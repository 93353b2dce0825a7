// Acceptance program 1: DRAM loopback through one core's L1 (noc_async_read/noc_async_write);
// the copy must be bit exact.
#include <cstdio>

#include "common/host_util.h"
#include "common/sim_check.h"

using namespace tt::tt_metal;

static int program_main() {
  simcheck::Report report("loopback");
  constexpr uint32_t kPageBytes = 1024;
  constexpr uint32_t kPages = 37;  // not a multiple of either device's DRAM bank count
  constexpr uint32_t kBytes = kPageBytes * kPages;

  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto src = simhost::make_buffer(*mesh, kBytes, kPageBytes);
  auto dst = simhost::make_buffer(*mesh, kBytes, kPageBytes);
  auto scratch = simhost::make_buffer(*mesh, kPageBytes, kPageBytes, BufferType::L1);

  simcheck::Rng rng(1);
  std::vector<uint32_t> input(kBytes / 4);
  for (auto& w : input) {
    w = static_cast<uint32_t>(rng.next());
  }
  std::vector<uint32_t> poison(kBytes / 4, 0xdeadbeefu);
  simhost::write(*mesh, src, input);
  simhost::write(*mesh, dst, poison);

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
  simhost::run(*mesh, program);

  auto out = simhost::read<uint32_t>(*mesh, dst);
  report.check_equal("dram->l1->dram copy", input, out);
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("loopback", program_main); }
