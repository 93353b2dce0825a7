// Acceptance program 11: bf16 eltwise add over height-sharded L1 buffers (ShardSpecBuffer) on 4
// cores, twice: through TensorAccessor with sharded args (each core works on another core's shard),
// and with CBs aliasing the local shards (set_globally_allocated_address). Written in the idioms of
// current TT-Metalium examples (mesh API, TensorAccessorArgs, tt::tile_size, constexpr CoreCoord);
// simcheck only checks the numbers.
#include <stdexcept>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include <tt-metalium/buffer.hpp>

#include "common/sim_check.h"

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

// One CB of `pages` pages of `page_bytes` in `format` on every core of `cores`.
template <typename Cores>
CBHandle make_cb(Program& program, const Cores& cores, tt::CBIndex index, uint32_t pages,
                 uint32_t page_bytes, tt::DataFormat format = tt::DataFormat::Float16_b) {
  return CreateCircularBuffer(
      program, cores,
      CircularBufferConfig(pages * page_bytes, {{index, format}}).set_page_size(index, page_bytes));
}

// Enqueues `program` on the whole mesh and waits for it.
void run(MeshDevice& mesh, Program& program) {
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh.shape()), std::move(program));
  EnqueueMeshWorkload(mesh.mesh_command_queue(), workload, false);
  Finish(mesh.mesh_command_queue());
}

template <typename T>
std::vector<T> read(MeshDevice& mesh, const std::shared_ptr<MeshBuffer>& buf) {
  std::vector<T> out;
  EnqueueReadMeshBuffer(mesh.mesh_command_queue(), out, buf, true);
  return out;
}

}  // namespace

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

std::shared_ptr<MeshBuffer> sharded_buffer(MeshDevice& mesh, const CoreRange& cores) {
  ShardSpecBuffer spec(CoreRangeSet(cores), {kHt / kCores * 32, kWt * 32},
                       ShardOrientation::ROW_MAJOR, {32, 32}, {kHt, kWt});
  DeviceLocalBufferConfig local{};
  local.page_size = tt::tile_size(tt::DataFormat::Float16_b);
  local.buffer_type = BufferType::L1;
  set_height_sharding(local, spec);
  ReplicatedBufferConfig global{.size = kHt * kWt * tt::tile_size(tt::DataFormat::Float16_b)};
  return MeshBuffer::create(global, local, &mesh);
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
                const std::shared_ptr<MeshBuffer>& buf) {
  CircularBufferConfig cfg =
      CircularBufferConfig(kTilesPerCore * tt::tile_size(tt::DataFormat::Float16_b),
                           {{static_cast<uint8_t>(index), tt::DataFormat::Float16_b}})
          .set_page_size(index, tt::tile_size(tt::DataFormat::Float16_b))
          .set_globally_allocated_address(backing_buffer(*buf));
  CreateCircularBuffer(program, cores, cfg);
}

// Variant 1: TensorAccessor with sharded compile-time args. Core i adds the shard of core i+1
// (mod 4): its reader and writer address pages in another core's L1 through the accessor.
std::vector<float> run_accessor_variant(MeshDevice& mesh, const CoreRange& cores,
                                        const std::vector<uint16_t>& a,
                                        const std::vector<uint16_t>& b) {
  auto a_buf = sharded_buffer(mesh, cores);
  auto b_buf = sharded_buffer(mesh, cores);
  auto c_buf = sharded_buffer(mesh, cores);
  EnqueueWriteMeshBuffer(mesh.mesh_command_queue(), a_buf, a, false);
  EnqueueWriteMeshBuffer(mesh.mesh_command_queue(), b_buf, b, false);

  Program program = CreateProgram();
  const uint32_t tile = tt::tile_size(tt::DataFormat::Float16_b);
  make_cb(program, cores, tt::CBIndex::c_0, 2, tile);
  make_cb(program, cores, tt::CBIndex::c_1, 2, tile);
  make_cb(program, cores, tt::CBIndex::c_16, 2, tile);
  std::vector<uint32_t> reader_ct, writer_ct;
  TensorAccessorArgs(*a_buf).append_to(reader_ct);
  TensorAccessorArgs(*b_buf).append_to(reader_ct);
  TensorAccessorArgs(*c_buf).append_to(writer_ct);
  KernelHandle reader =
      CreateKernel(program, "../02_eltwise_add_multicore/kernels/reader.cpp", cores,
                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                      .noc = NOC::RISCV_1_default,
                                      .compile_args = reader_ct});
  KernelHandle writer =
      CreateKernel(program, "../02_eltwise_add_multicore/kernels/writer.cpp", cores,
                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                      .noc = NOC::RISCV_0_default,
                                      .compile_args = writer_ct});
  KernelHandle compute = CreateKernel(program, "../02_eltwise_add_multicore/kernels/add.cpp", cores,
                                      ComputeConfig{.math_fidelity = MathFidelity::HiFi4});
  for (uint32_t i = 0; i < kCores; ++i) {
    CoreCoord core{0, i};
    uint32_t start = ((i + 1) % kCores) * kTilesPerCore;
    SetRuntimeArgs(program, reader, core,
                   {static_cast<uint32_t>(a_buf->address()),
                    static_cast<uint32_t>(b_buf->address()), start, kTilesPerCore});
    SetRuntimeArgs(program, writer, core,
                   {static_cast<uint32_t>(c_buf->address()), start, kTilesPerCore});
    SetRuntimeArgs(program, compute, core, {kTilesPerCore});
  }
  run(mesh, program);
  return simcheck::from_bf16(read<uint16_t>(mesh, c_buf));
}

// Variant 2: the CBs alias each core's local shards; no NoC traffic at all.
std::vector<float> run_aliased_variant(MeshDevice& mesh, const CoreRange& cores,
                                       const std::vector<uint16_t>& a,
                                       const std::vector<uint16_t>& b) {
  auto a_buf = sharded_buffer(mesh, cores);
  auto b_buf = sharded_buffer(mesh, cores);
  auto c_buf = sharded_buffer(mesh, cores);
  EnqueueWriteMeshBuffer(mesh.mesh_command_queue(), a_buf, a, false);
  EnqueueWriteMeshBuffer(mesh.mesh_command_queue(), b_buf, b, false);

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
  run(mesh, program);
  return simcheck::from_bf16(read<uint16_t>(mesh, c_buf));
}

}  // namespace

static int program_main() {
  simcheck::Report report("sharded_eltwise");
  constexpr uint32_t kElems = kHt * kWt * 1024;
  auto mesh = MeshDevice::create_unit_mesh(0);
  CoreRange cores({0, 0}, {0, kCores - 1});
  simcheck::Rng rng(11);
  auto a = rng.bf16_vector(kElems, -8.0, 8.0);
  auto b = rng.bf16_vector(kElems, -8.0, 8.0);
  std::vector<double> ref(kElems);
  for (uint32_t i = 0; i < kElems; ++i) {
    ref[i] = static_cast<double>(a[i]) + static_cast<double>(b[i]);
  }
  auto tol = [&](size_t i) { return simcheck::eltwise_bf16_tol(ref[i]); };

  auto c1 = run_accessor_variant(*mesh, cores, simcheck::to_bf16(a), simcheck::to_bf16(b));
  report.check_close("sharded a+b via TensorAccessor (remote shards)", ref, c1, tol);
  report.check_pcc("sharded a+b via TensorAccessor (remote shards)", ref, c1, 0.999);
  auto c2 = run_aliased_variant(*mesh, cores, simcheck::to_bf16(a), simcheck::to_bf16(b));
  report.check_close("sharded a+b via CBs aliasing the shards", ref, c2, tol);
  report.check_pcc("sharded a+b via CBs aliasing the shards", ref, c2, 0.999);
  mesh->close();
  return report.exit_code();
}

int main() { return simcheck::guarded_main("sharded_eltwise", program_main); }
