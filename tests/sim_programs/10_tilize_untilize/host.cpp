// Acceptance program 10: tilize then untilize. Program 1 tilizes row-major sticks with tilize_block
// (checked bit exact against the SDK's host tilize_nfaces); program 2 untilizes those tiles back
// with untilize_block (checked bit exact against the original rows).
#if __has_include(<tt-metalium/tilize_utils.hpp>)
#include <tt-metalium/tilize_utils.hpp>
#define HAVE_TILIZE_UTILS 1
#endif

#include "common/host_util.h"
#include "common/sim_check.h"

using namespace tt::tt_metal;

static int program_main() {
  simcheck::Report report("tilize_untilize");
  constexpr uint32_t kHt = 3, kWt = 4;
  constexpr uint32_t kH = kHt * 32, kW = kWt * 32;
  constexpr uint32_t kStickBytes = kW * 2;
  const uint32_t tile_bytes = simhost::kBf16TileBytes;
  const uint32_t total_bytes = kH * kW * 2;

  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto rm_in = simhost::make_buffer(*mesh, total_bytes, kStickBytes);
  auto tiled = simhost::make_buffer(*mesh, total_bytes, tile_bytes);
  auto rm_out = simhost::make_buffer(*mesh, total_bytes, kStickBytes);

  simcheck::Rng rng(10);
  std::vector<uint16_t> rows = simcheck::to_bf16(rng.bf16_vector(kH * kW, -100.0, 100.0));
  simhost::write(*mesh, rm_in, rows);
  CoreCoord core{0, 0};

  {  // tilize
    Program program = CreateProgram();
    simhost::make_cb(program, core, tt::CBIndex::c_0, kWt, tile_bytes);
    simhost::make_cb(program, core, tt::CBIndex::c_16, kWt, tile_bytes);
    std::vector<uint32_t> reader_ct, writer_ct = {tt::CBIndex::c_16, kWt};
    simhost::append_accessor(reader_ct, rm_in);
    simhost::append_accessor(writer_ct, tiled);
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
    simhost::run(*mesh, program);
  }
  auto got_tiles = simhost::read<uint16_t>(*mesh, tiled);
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
    simhost::make_cb(program, core, tt::CBIndex::c_0, kWt, tile_bytes);
    simhost::make_cb(program, core, tt::CBIndex::c_16, kWt, tile_bytes);
    std::vector<uint32_t> reader_ct = {tt::CBIndex::c_0, kWt}, writer_ct;
    simhost::append_accessor(reader_ct, tiled);
    simhost::append_accessor(writer_ct, rm_out);
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
    simhost::run(*mesh, program);
  }
  report.check_equal("untilize_block round trip", rows, simhost::read<uint16_t>(*mesh, rm_out));
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("tilize_untilize", program_main); }
