// Acceptance program 6: blocked bf16 matmul with operand reuse on a 2x2 core grid; each core owns a
// 4x4-tile output block computed in 2x4 subblocks over 3 K blocks, spilling and reloading partial
// sums through c_24. Run with matmul_block, with nested matmul_tiles, and with the SDK's
// compute_kernel_lib::matmul_block helper (the spelling of the current matmul examples).
#include <map>
#include <string>
#include <utility>

#include "common/host_util.h"
#include "common/sim_check.h"

using namespace tt::tt_metal;

namespace {

constexpr uint32_t kPerCoreM = 4, kPerCoreN = 4, kBlockW = 2, kSubH = 2, kSubW = 4;
constexpr uint32_t kCoresY = 2, kCoresX = 2;
constexpr uint32_t kMt = kPerCoreM * kCoresY, kNt = kPerCoreN * kCoresX, kKt = 6;
constexpr int kM = kMt * 32, kK = kKt * 32, kN = kNt * 32;

enum class Compute { MatmulBlock, MatmulTiles, Helper };

std::vector<float> run(distributed::MeshDevice& mesh, const std::vector<float>& a,
                       const std::vector<float>& b, Compute compute) {
  const uint32_t tile_bytes = simhost::kBf16TileBytes;
  auto a_buf = simhost::make_buffer(mesh, kMt * kKt * tile_bytes, tile_bytes);
  auto b_buf = simhost::make_buffer(mesh, kKt * kNt * tile_bytes, tile_bytes);
  auto c_buf = simhost::make_buffer(mesh, kMt * kNt * tile_bytes, tile_bytes);
  simhost::write(mesh, a_buf, simcheck::to_bf16(simcheck::to_tiles(a, kM, kK)));
  simhost::write(mesh, b_buf, simcheck::to_bf16(simcheck::to_tiles(b, kK, kN)));

  Program program = CreateProgram();
  CoreRange cores({0, 0}, {kCoresX - 1, kCoresY - 1});
  simhost::make_cb(program, cores, tt::CBIndex::c_0, 2 * kPerCoreM * kBlockW, tile_bytes);
  simhost::make_cb(program, cores, tt::CBIndex::c_1, 2 * kBlockW * kPerCoreN, tile_bytes);
  simhost::make_cb(program, cores, tt::CBIndex::c_16, kPerCoreM * kPerCoreN, tile_bytes);
  simhost::make_cb(program, cores, tt::CBIndex::c_24, kPerCoreM * kPerCoreN, tile_bytes);

  std::vector<uint32_t> reader_ct = {kKt, kNt, kPerCoreM, kPerCoreN, kBlockW};
  simhost::append_accessor(reader_ct, a_buf);
  simhost::append_accessor(reader_ct, b_buf);
  std::vector<uint32_t> writer_ct = {kNt, kPerCoreM, kPerCoreN, kSubH, kSubW};
  simhost::append_accessor(writer_ct, c_buf);
  KernelHandle reader = CreateKernel(program, "kernels/reader_blocks.cpp", cores,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                        .noc = NOC::RISCV_1_default,
                                                        .compile_args = reader_ct});
  KernelHandle writer = CreateKernel(program, "kernels/writer_subblocks.cpp", cores,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default,
                                                        .compile_args = writer_ct});
  std::map<std::string, std::string> defines;
  if (compute == Compute::MatmulTiles) {
    defines["USE_MATMUL_TILES"] = "1";
  }
  CreateKernel(program,
               compute == Compute::Helper ? "kernels/bmm_helper.cpp" : "kernels/bmm_block.cpp",
               cores,
               ComputeConfig{.math_fidelity = MathFidelity::HiFi4,
                             .compile_args = {kKt, kPerCoreM, kPerCoreN, kBlockW, kSubH, kSubW},
                             .defines = defines});
  for (uint32_t y = 0; y < kCoresY; ++y) {
    for (uint32_t x = 0; x < kCoresX; ++x) {
      CoreCoord core{x, y};
      uint32_t m0 = y * kPerCoreM, n0 = x * kPerCoreN;
      SetRuntimeArgs(program, reader, core,
                     {static_cast<uint32_t>(a_buf->address()),
                      static_cast<uint32_t>(b_buf->address()), m0, n0});
      SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c_buf->address()), m0, n0});
    }
  }
  simhost::run(mesh, program);
  return simcheck::from_tiles(simcheck::from_bf16(simhost::read<uint16_t>(mesh, c_buf)), kM, kN);
}

}  // namespace

static int program_main() {
  simcheck::Report report("matmul_blocked");
  simcheck::Rng rng(6);
  auto a = rng.bf16_vector(kM * kK, -1.0, 1.0);
  auto b = rng.bf16_vector(kK * kN, -1.0, 1.0);
  auto ref = simcheck::matmul_ref(a, b, kM, kK, kN);
  // Spilling partials to bf16 c_24 adds one bf16 rounding per K block on top of the DST
  // accumulation roundings, both already covered by the bf16-DST term of the tolerance.
  simcheck::MatmulTolerance tol{.fidelity = simcheck::Fidelity::HiFi4, .fp32_dest = false};

  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  for (auto [compute, what] : {std::pair{Compute::MatmulBlock, "matmul_block"},
                               std::pair{Compute::MatmulTiles, "nested matmul_tiles"},
                               std::pair{Compute::Helper, "compute_kernel_lib::matmul_block"}}) {
    std::vector<float> c = run(*mesh, a, b, compute);
    report.check_close(what, ref.c, c, [&](size_t i) { return tol.at(ref, i, kK); });
    report.check_pcc(what, ref.c, c, 0.999);
  }
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("matmul_blocked", program_main); }
