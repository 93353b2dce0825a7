// Acceptance program 12: one negative case per simulator error class, chosen by argv[1]. Each case
// must make the run fail with a clear message and a non-zero exit (never a hang or crash);
// common/expect_failure.cmake checks both. Written in the idioms of current TT-Metalium examples
// (mesh API, TensorAccessorArgs, tt::tile_size, constexpr CoreCoord, fmt).
#include <fmt/base.h>

#include <cstring>
#include <string>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "common/host_util.h"
#include "common/sim_check.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

using simhost::make_buffer;
using simhost::make_cb;
using simhost::run;

}  // namespace

namespace {

constexpr CoreCoord kCore = {0, 0};

KernelHandle dm_kernel(Program& program, const char* path, const std::vector<uint32_t>& ct = {}) {
  return CreateKernel(program, path, kCore,
                      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                         .noc = NOC::RISCV_0_default,
                                         .compile_args = ct});
}

int run_case(const std::string& which) {
  auto mesh = MeshDevice::create_unit_mesh(0);
  Program program = CreateProgram();
  const uint32_t tile = tt::tile_size(tt::DataFormat::Float16_b);
  std::shared_ptr<MeshBuffer> buf;  // must outlive the run (a freed buffer is its own error)
  if (which == "deadlock") {
    make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    make_cb(program, kCore, tt::CBIndex::c_16, 2, tile);
    CreateKernel(program, "kernels/wait_forever.cpp", kCore, ComputeConfig{});
  } else if (which == "cb_pop_more_than_waited") {
    make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    dm_kernel(program, "kernels/pop_more.cpp");
  } else if (which == "cb_noncumulative_wait") {
    make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    make_cb(program, kCore, tt::CBIndex::c_16, 2, tile);
    dm_kernel(program, "kernels/push_two.cpp");
    CreateKernel(program, "kernels/noncumulative_wait.cpp", kCore, ComputeConfig{});
  } else if (which == "noc_outside_l1" || which == "noc_outside_buffer") {
    buf = make_buffer(*mesh, 2 * tile, tile);
    make_cb(program, kCore, tt::CBIndex::c_0, 1, tile);
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*buf).append_to(ct);
    bool l1 = which == "noc_outside_l1";
    KernelHandle k =
        dm_kernel(program, l1 ? "kernels/noc_bad_l1.cpp" : "kernels/noc_bad_dram.cpp", ct);
    SetRuntimeArgs(program, k, kCore, {static_cast<uint32_t>(buf->address()), 2u << 20});
  } else if (which == "l1_overflow") {
    // A 600 KiB L1 buffer plus 1000 KiB of CBs: each fits alone, together they exceed the L1
    // of either device (WH 1464 KiB, BH 1536 KiB).
    buf = make_buffer(*mesh, 600 * 1024, 600 * 1024, BufferType::L1);
    make_cb(program, kCore, tt::CBIndex::c_0, 250, tile);
    make_cb(program, kCore, tt::CBIndex::c_1, 250, tile);
    dm_kernel(program, "kernels/empty.cpp");
  } else if (which == "dst_overflow") {
    make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    make_cb(program, kCore, tt::CBIndex::c_16, 2, tile);
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
    make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    make_cb(program, kCore, tt::CBIndex::c_16, 2, tile);
    CreateKernel(program, "kernels/broken_compute.cpp", kCore, ComputeConfig{});
  } else if (which == "unsupported_noc_call") {
    dm_kernel(program, "kernels/unsupported_noc_call.cpp");
  } else if (which == "unsupported_fpu_op") {
    make_cb(program, kCore, tt::CBIndex::c_0, 2, tile);
    make_cb(program, kCore, tt::CBIndex::c_16, 2, tile);
    CreateKernel(program, "kernels/unsupported_fpu_op.cpp", kCore, ComputeConfig{});
  } else {
    fmt::print(stderr, "unknown case '{}'\n", which);
    return 64;
  }
  run(*mesh, program);
  mesh->close();
  // Reaching this point means the simulator accepted a broken program.
  fmt::print("[negative] case '{}' ran to completion without an error\n", which);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: {} <case>\n", argv[0]);
    return 64;
  }
  std::string which = argv[1];
  return simcheck::guarded_main("negative", [&] { return run_case(which); });
}
