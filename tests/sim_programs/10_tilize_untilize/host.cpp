// Acceptance program 10: tilize then untilize. Program 1 tilizes row-major sticks with tilize_block
// (checked bit exact against the SDK's host tilize_nfaces); program 2 untilizes those tiles back
// with untilize_block (checked bit exact against the original rows). Written in the idioms of
// current TT-Metalium examples (mesh API, TensorAccessorArgs, tt::tile_size, constexpr CoreCoord);
// simcheck only checks the numbers.
#if __has_include(<tt-metalium/tilize_utils.hpp>)
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tilize_utils.hpp>
#define HAVE_TILIZE_UTILS 1
#endif

#include "common/host_util.h"
#include "common/sim_check.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

using simhost::make_buffer;
using simhost::make_cb;
using simhost::read;
using simhost::run;

}  // namespace

static int program_main() {
  simcheck::Report report("tilize_untilize");
  constexpr uint32_t kHt = 3, kWt = 4;
  constexpr uint32_t kH = kHt * 32, kW = kWt * 32;
  constexpr uint32_t kStickBytes = kW * 2;
  const uint32_t tile_bytes = tt::tile_size(tt::DataFormat::Float16_b);
  const uint32_t total_bytes = kH * kW * 2;

  auto mesh = MeshDevice::create_unit_mesh(0);
  auto rm_in = make_buffer(*mesh, total_bytes, kStickBytes);
  auto tiled = make_buffer(*mesh, total_bytes, tile_bytes);
  auto rm_out = make_buffer(*mesh, total_bytes, kStickBytes);

  simcheck::Rng rng(10);
  std::vector<uint16_t> rows = simcheck::to_bf16(rng.bf16_vector(kH * kW, -100.0, 100.0));
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), rm_in, rows, false);
  constexpr CoreCoord core = {0, 0};

  {  // tilize
    Program program = CreateProgram();
    make_cb(program, core, tt::CBIndex::c_0, kWt, tile_bytes);
    make_cb(program, core, tt::CBIndex::c_16, kWt, tile_bytes);
    std::vector<uint32_t> reader_ct, writer_ct = {tt::CBIndex::c_16, kWt};
    TensorAccessorArgs(*rm_in).append_to(reader_ct);
    TensorAccessorArgs(*tiled).append_to(writer_ct);
    KernelHandle reader =
        CreateKernel(program, "kernels/reader_sticks.cpp", core,
                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                        .noc = NOC::RISCV_1_default,
                                        .compile_args = reader_ct});
    KernelHandle writer =
        CreateKernel(program, "../common/kernels/writer_tiles.cpp", core,
                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                        .noc = NOC::RISCV_0_default,
                                        .compile_args = writer_ct});
    CreateKernel(program, "kernels/tilize.cpp", core, ComputeConfig{.compile_args = {kHt, kWt}});
    SetRuntimeArgs(program, reader, core,
                   {static_cast<uint32_t>(rm_in->address()), kHt, kWt, kStickBytes});
    SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(tiled->address()), 0u, kHt * kWt});
    run(*mesh, program);
  }
  auto got_tiles = read<uint16_t>(*mesh, tiled);
#ifdef HAVE_TILIZE_UTILS
  report.check_equal("tilize_block vs tilize_nfaces", tilize_nfaces(rows, kH, kW), got_tiles);
#else
  // The SDK ships tilize_nfaces in tt-metalium/tilize_utils.hpp; the simulator must too.
  report.fail("tilize_block vs tilize_nfaces", "tt-metalium/tilize_utils.hpp is missing");
#endif
  report.check_equal("tilize_block vs checker's own tile order", simcheck::to_tiles(rows, kH, kW),
                     got_tiles);

  {  // untilize
    Program program = CreateProgram();
    make_cb(program, core, tt::CBIndex::c_0, kWt, tile_bytes);
    make_cb(program, core, tt::CBIndex::c_16, kWt, tile_bytes);
    std::vector<uint32_t> reader_ct = {tt::CBIndex::c_0, kWt}, writer_ct;
    TensorAccessorArgs(*tiled).append_to(reader_ct);
    TensorAccessorArgs(*rm_out).append_to(writer_ct);
    KernelHandle reader =
        CreateKernel(program, "../common/kernels/reader_tiles.cpp", core,
                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                        .noc = NOC::RISCV_1_default,
                                        .compile_args = reader_ct});
    KernelHandle writer =
        CreateKernel(program, "kernels/writer_sticks.cpp", core,
                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                        .noc = NOC::RISCV_0_default,
                                        .compile_args = writer_ct});
    CreateKernel(program, "kernels/untilize.cpp", core, ComputeConfig{.compile_args = {kHt, kWt}});
    SetRuntimeArgs(program, reader, core, {static_cast<uint32_t>(tiled->address()), 0u, kHt * kWt});
    SetRuntimeArgs(program, writer, core,
                   {static_cast<uint32_t>(rm_out->address()), kHt, kWt, kStickBytes});
    run(*mesh, program);
  }
  report.check_equal("untilize_block round trip", rows, read<uint16_t>(*mesh, rm_out));
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("tilize_untilize", program_main); }
