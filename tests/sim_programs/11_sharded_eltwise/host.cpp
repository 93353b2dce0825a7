// Acceptance program 11: bf16 eltwise add over height-sharded L1 buffers (ShardSpecBuffer) on 4
// cores; the CBs alias the local shards (set_globally_allocated_address), so no NoC traffic.
#include <stdexcept>

#include <tt-metalium/buffer.hpp>

#include "common/host_util.h"
#include "common/sim_check.h"

using namespace tt::tt_metal;

namespace {

constexpr uint32_t kCores = 4, kHt = 8, kWt = 2;
constexpr uint32_t kTilesPerCore = kHt * kWt / kCores;

// The SDK spells the sharding of a DeviceLocalBufferConfig two ways: `.sharding_args =
// BufferShardingArgs(spec, layout)` (newest) and `.buffer_layout` + `.shard_parameters` (2025);
// use whichever the headers provide (names kept dependent so the other branch is never checked).
template <typename Config>
void set_height_sharding(Config& cfg, const ShardSpecBuffer& spec) {
  if constexpr (requires { cfg.sharding_args; }) {
    cfg.sharding_args = decltype(cfg.sharding_args)(spec, TensorMemoryLayout::HEIGHT_SHARDED);
  } else {
    cfg.buffer_layout = TensorMemoryLayout::HEIGHT_SHARDED;
    cfg.shard_parameters = spec;
  }
}

simhost::MeshBufferPtr sharded_buffer(distributed::MeshDevice& mesh, const CoreRange& cores) {
  ShardSpecBuffer spec(CoreRangeSet(cores), {kHt / kCores * 32, kWt * 32},
                       ShardOrientation::ROW_MAJOR, {32, 32}, {kHt, kWt});
  distributed::DeviceLocalBufferConfig local{};
  local.page_size = simhost::kBf16TileBytes;
  local.buffer_type = BufferType::L1;
  set_height_sharding(local, spec);
  distributed::ReplicatedBufferConfig global{.size = kHt * kWt * simhost::kBf16TileBytes};
  return distributed::MeshBuffer::create(global, local, &mesh);
}

// The SDK's MeshBuffer::get_backing_buffer() (what aliasing CBs take); kept dependent so a
// simulator without it still builds and the program reports the gap at run time.
template <typename MeshBufferT>
const Buffer& backing_buffer(MeshBufferT& buf) {
  if constexpr (requires { buf.get_backing_buffer(); }) {
    return *buf.get_backing_buffer();
  } else {
    throw std::runtime_error("MeshBuffer::get_backing_buffer() is missing");
  }
}

void aliased_cb(Program& program, const CoreRange& cores, uint32_t index,
                const simhost::MeshBufferPtr& buf) {
  CircularBufferConfig cfg =
      CircularBufferConfig(kTilesPerCore * simhost::kBf16TileBytes,
                           {{static_cast<uint8_t>(index), tt::DataFormat::Float16_b}})
          .set_page_size(index, simhost::kBf16TileBytes)
          .set_globally_allocated_address(backing_buffer(*buf));
  CreateCircularBuffer(program, cores, cfg);
}

}  // namespace

static int program_main() {
  simcheck::Report report("sharded_eltwise");
  constexpr uint32_t kElems = kHt * kWt * 1024;
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  CoreRange cores({0, 0}, {0, kCores - 1});
  auto a_buf = sharded_buffer(*mesh, cores);
  auto b_buf = sharded_buffer(*mesh, cores);
  auto c_buf = sharded_buffer(*mesh, cores);

  simcheck::Rng rng(11);
  auto a = rng.bf16_vector(kElems, -8.0, 8.0);
  auto b = rng.bf16_vector(kElems, -8.0, 8.0);
  simhost::write(*mesh, a_buf, simcheck::to_bf16(a));
  simhost::write(*mesh, b_buf, simcheck::to_bf16(b));

  Program program = CreateProgram();
  aliased_cb(program, cores, tt::CBIndex::c_0, a_buf);
  aliased_cb(program, cores, tt::CBIndex::c_1, b_buf);
  aliased_cb(program, cores, tt::CBIndex::c_16, c_buf);
  KernelHandle mover = CreateKernel(
      program, "kernels/shard_in_out.cpp", cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default});
  KernelHandle compute = CreateKernel(program, "../02_eltwise_add_multicore/kernels/add.cpp", cores,
                                      ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
  SetRuntimeArgs(program, mover, cores, {kTilesPerCore});
  SetRuntimeArgs(program, compute, cores, {kTilesPerCore});
  simhost::run(*mesh, program);

  auto c = simcheck::from_bf16(simhost::read<uint16_t>(*mesh, c_buf));
  std::vector<double> ref(kElems);
  for (uint32_t i = 0; i < kElems; ++i) {
    ref[i] = static_cast<double>(a[i]) + static_cast<double>(b[i]);
  }
  report.check_close("sharded a+b", ref, c,
                     [&](size_t i) { return simcheck::eltwise_bf16_tol(ref[i]); });
  report.check_pcc("sharded a+b", ref, c, 0.999);
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("sharded_eltwise", program_main); }
