// Acceptance program 8: row max and row sum of a 64x256 bf16 matrix with reduce_init/reduce_tile
// and a scaler tile the reader writes through get_write_ptr. Row max must be exact. Written in the
// idioms of current TT-Metalium examples (mesh API, TensorAccessorArgs, tt::tile_size, constexpr
// CoreCoord); simcheck only checks the numbers.
#include <algorithm>
#include <cmath>
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
using simhost::read;
using simhost::run;

}  // namespace

// Row sum tolerance: the FPU reduces each 32-wide tile row, then each of the Wt reduce_tile calls
// adds into bf16 DST: 2u per rounding of a partial (bounded by the max |prefix sum| at tile
// boundaries), two roundings per tile, random sign -> sqrt growth; the packer rounds once more
// (2u|ref|). Safety factor 2. Row max involves no arithmetic: it must be exact.
static double row_sum_tol(double ref, double max_partial, int wt) {
  double u = simcheck::kUnitBf16;
  return 2.0 * (2.0 * u * std::sqrt(2.0 * wt) * max_partial + 2.0 * u * std::fabs(ref)) + 1e-30;
}

static int program_main() {
  simcheck::Report report("reduce_rows");
  constexpr uint32_t kHt = 2, kWt = 8;
  constexpr int kH = kHt * 32, kW = kWt * 32;
  const uint32_t tile_bytes = tt::tile_size(tt::DataFormat::Float16_b);

  auto mesh = MeshDevice::create_unit_mesh(0);
  auto in_buf = make_buffer(*mesh, kHt * kWt * tile_bytes, tile_bytes);
  auto max_buf = make_buffer(*mesh, kHt * tile_bytes, tile_bytes);
  auto sum_buf = make_buffer(*mesh, kHt * tile_bytes, tile_bytes);
  simcheck::Rng rng(8);
  auto x = rng.bf16_vector(kH * kW, -2.0, 2.0);
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), in_buf,
                         simcheck::to_bf16(simcheck::to_tiles(x, kH, kW)), false);

  Program program = CreateProgram();
  constexpr CoreCoord core = {0, 0};
  make_cb(program, core, tt::CBIndex::c_0, kHt * kWt, tile_bytes);
  make_cb(program, core, tt::CBIndex::c_2, 1, tile_bytes);
  make_cb(program, core, tt::CBIndex::c_16, 2, tile_bytes);
  make_cb(program, core, tt::CBIndex::c_17, 2, tile_bytes);
  std::vector<uint32_t> reader_ct, writer_ct;
  TensorAccessorArgs(*in_buf).append_to(reader_ct);
  TensorAccessorArgs(*max_buf).append_to(writer_ct);
  TensorAccessorArgs(*sum_buf).append_to(writer_ct);
  KernelHandle reader = CreateKernel(program, "kernels/reader_scaler.cpp", core,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                        .noc = NOC::RISCV_1_default,
                                                        .compile_args = reader_ct});
  KernelHandle writer = CreateKernel(program, "kernels/writer_two.cpp", core,
                                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                        .noc = NOC::RISCV_0_default,
                                                        .compile_args = writer_ct});
  CreateKernel(program, "kernels/reduce_rows.cpp", core,
               ComputeConfig{.math_fidelity = MathFidelity::HiFi4, .compile_args = {kHt, kWt}});
  SetRuntimeArgs(program, reader, core,
                 {static_cast<uint32_t>(in_buf->address()), kHt * kWt,
                  static_cast<uint32_t>(simcheck::to_bf16(1.0f))});
  SetRuntimeArgs(
      program, writer, core,
      {static_cast<uint32_t>(max_buf->address()), static_cast<uint32_t>(sum_buf->address()), kHt});
  run(*mesh, program);

  // Outputs are Ht tiles of 32x32 whose column 0 holds the per-row results.
  auto max_out = simcheck::from_tiles(simcheck::from_bf16(read<uint16_t>(*mesh, max_buf)), kH, 32);
  auto sum_out = simcheck::from_tiles(simcheck::from_bf16(read<uint16_t>(*mesh, sum_buf)), kH, 32);
  std::vector<uint16_t> want_max(kH), got_max(kH);
  std::vector<double> ref_sum(kH), max_partial(kH);
  std::vector<float> got_sum(kH);
  bool other_columns_zero = true;
  for (int r = 0; r < kH; ++r) {
    float m = x[static_cast<size_t>(r) * kW];
    double s = 0, a = 0;
    for (int c = 0; c < kW; ++c) {
      float v = x[static_cast<size_t>(r) * kW + c];
      m = std::max(m, v);
      s += v;
      if (c % 32 == 31) {
        a = std::max(a, std::fabs(s));  // max |prefix sum| at tile boundaries
      }
    }
    want_max[r] = simcheck::to_bf16(m);
    got_max[r] = simcheck::to_bf16(max_out[static_cast<size_t>(r) * 32]);
    ref_sum[r] = s;
    max_partial[r] = a;
    got_sum[r] = sum_out[static_cast<size_t>(r) * 32];
    for (int c = 1; c < 32; ++c) {
      other_columns_zero &= max_out[static_cast<size_t>(r) * 32 + c] == 0.0f &&
                            sum_out[static_cast<size_t>(r) * 32 + c] == 0.0f;
    }
  }
  report.check_equal("row max (column 0)", want_max, got_max);
  report.check_close("row sum (column 0)", ref_sum, got_sum,
                     [&](size_t i) { return row_sum_tol(ref_sum[i], max_partial[i], kWt); });
  report.expect("REDUCE_ROW leaves columns 1..31 zero", other_columns_zero);
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("reduce_rows", program_main); }
