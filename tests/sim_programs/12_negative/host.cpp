// Acceptance program 12: one negative case per simulator error class, chosen by argv[1]. Each
// case must make the run fail with a clear message and a non-zero exit (never a hang or crash);
// common/expect_failure.cmake checks both.
#include <cstdio>
#include <cstring>
#include <string>

#include "common/host_util.h"
#include "common/sim_check.h"

using namespace tt::tt_metal;

namespace {

const CoreCoord kCore{0, 0};

KernelHandle dm_kernel(Program& program, const char* path, const std::vector<uint32_t>& ct = {}) {
  return CreateKernel(program, path, kCore,
                      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                         .noc = NOC::RISCV_0_default,
                                         .compile_args = ct});
}

int run_case(const std::string& which) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  Program program = CreateProgram();
  const uint32_t tile = simhost::kBf16TileBytes;
  simhost::MeshBufferPtr buf;  // must outlive the run (a freed buffer is its own error)
  if (which == "deadlock") {
    simhost::make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    simhost::make_cb(program, kCore, tt::CBIndex::c_16, 2, tile);
    CreateKernel(program, "kernels/wait_forever.cpp", kCore, ComputeConfig{});
  } else if (which == "cb_pop_more_than_waited") {
    simhost::make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    dm_kernel(program, "kernels/pop_more.cpp");
  } else if (which == "cb_noncumulative_wait") {
    simhost::make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    simhost::make_cb(program, kCore, tt::CBIndex::c_16, 2, tile);
    dm_kernel(program, "kernels/push_two.cpp");
    CreateKernel(program, "kernels/noncumulative_wait.cpp", kCore, ComputeConfig{});
  } else if (which == "noc_outside_l1" || which == "noc_outside_buffer") {
    buf = simhost::make_buffer(*mesh, 2 * tile, tile);
    simhost::make_cb(program, kCore, tt::CBIndex::c_0, 1, tile);
    std::vector<uint32_t> ct;
    simhost::append_accessor(ct, buf);
    bool l1 = which == "noc_outside_l1";
    KernelHandle k =
        dm_kernel(program, l1 ? "kernels/noc_bad_l1.cpp" : "kernels/noc_bad_dram.cpp", ct);
    SetRuntimeArgs(program, k, kCore, {static_cast<uint32_t>(buf->address()), 2u << 20});
  } else if (which == "l1_overflow") {
    // A 600 KiB L1 buffer plus 1000 KiB of CBs: each fits alone, together they exceed the L1
    // of either device (WH 1464 KiB, BH 1536 KiB).
    buf = simhost::make_buffer(*mesh, 600 * 1024, 600 * 1024, BufferType::L1);
    simhost::make_cb(program, kCore, tt::CBIndex::c_0, 250, tile);
    simhost::make_cb(program, kCore, tt::CBIndex::c_1, 250, tile);
    dm_kernel(program, "kernels/empty.cpp");
  } else if (which == "dst_overflow") {
    simhost::make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    simhost::make_cb(program, kCore, tt::CBIndex::c_16, 2, tile);
    CreateKernel(program, "kernels/dst_overflow.cpp", kCore, ComputeConfig{});
  } else if (which == "too_many_runtime_args") {
    KernelHandle k = dm_kernel(program, "kernels/many_args.cpp");
    std::vector<uint32_t> args(342);
    for (uint32_t i = 0; i < args.size(); ++i) {
      args[i] = i;
    }
    SetRuntimeArgs(program, k, kCore, args);
  } else if (which == "wild_pointer") {
    dm_kernel(program, "kernels/wild_pointer.cpp");
  } else if (which == "compile_error") {
    simhost::make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    simhost::make_cb(program, kCore, tt::CBIndex::c_16, 2, tile);
    CreateKernel(program, "kernels/broken_compute.cpp", kCore, ComputeConfig{});
  } else if (which == "unsupported_noc_call") {
    dm_kernel(program, "kernels/unsupported_noc_call.cpp");
  } else if (which == "unsupported_fpu_op") {
    simhost::make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    simhost::make_cb(program, kCore, tt::CBIndex::c_16, 2, tile);
    CreateKernel(program, "kernels/unsupported_fpu_op.cpp", kCore, ComputeConfig{});
  } else {
    std::fprintf(stderr, "unknown case '%s'\n", which.c_str());
    return 64;
  }
  simhost::run(*mesh, program);
  mesh->close();
  // Reaching this point means the simulator accepted a broken program.
  std::printf("[negative] case '%s' ran to completion without an error\n", which.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <case>\n", argv[0]);
    return 64;
  }
  std::string which = argv[1];
  return simcheck::guarded_main("negative", [&] { return run_case(which); });
}
