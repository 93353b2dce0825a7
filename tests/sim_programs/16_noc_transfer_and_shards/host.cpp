// Acceptance program in current idioms (issue 16): a tile moved between two cores over the NoC
// with a semaphore handshake (bit exact), and row-major data sharded over cores' L1 (each core
// pulls its sticks; the sharded buffer read back equals the source).
#include <fmt/base.h>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

void run(const std::shared_ptr<MeshDevice>& mesh, Program&& program) {
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh->shape()), std::move(program));
  EnqueueMeshWorkload(mesh->mesh_command_queue(), workload, true);
}

void noc_tile_transfer(const std::shared_ptr<MeshDevice>& mesh) {
  constexpr CoreCoord sender = {0, 0};
  constexpr CoreCoord receiver = {0, 1};
  const CoreRange both(sender, receiver);
  const uint32_t tile = tt::tile_size(tt::DataFormat::UInt16);
  DeviceLocalBufferConfig dram{.page_size = tile, .buffer_type = BufferType::DRAM};
  auto src = MeshBuffer::create(ReplicatedBufferConfig{.size = tile}, dram, mesh.get());
  auto dst = MeshBuffer::create(ReplicatedBufferConfig{.size = tile}, dram, mesh.get());
  std::vector<uint16_t> in(tile / sizeof(uint16_t));
  for (size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<uint16_t>(i * 31 + 7);
  }
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in, true);

  Program program = CreateProgram();
  CreateCircularBuffer(program, both,
                       CircularBufferConfig(tile, {{tt::CBIndex::c_0, tt::DataFormat::UInt16}})
                           .set_page_size(tt::CBIndex::c_0, tile));
  uint32_t ready = CreateSemaphore(program, both, 0);
  uint32_t data = CreateSemaphore(program, both, 0);
  std::vector<uint32_t> send_ct = {ready, data}, recv_ct = {ready, data};
  TensorAccessorArgs(*src).append_to(send_ct);
  TensorAccessorArgs(*dst).append_to(recv_ct);
  auto s = CreateKernel(program, "kernels/sender.cpp", sender,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                           .noc = NOC::RISCV_0_default,
                                           .compile_args = send_ct});
  auto r = CreateKernel(program, "kernels/receiver.cpp", receiver,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                           .noc = NOC::RISCV_0_default,
                                           .compile_args = recv_ct});
  CoreCoord rp = mesh->worker_core_from_logical_core(receiver);
  CoreCoord sp = mesh->worker_core_from_logical_core(sender);
  SetRuntimeArgs(program, s, sender,
                 {static_cast<uint32_t>(src->address()), static_cast<uint32_t>(rp.x),
                  static_cast<uint32_t>(rp.y)});
  SetRuntimeArgs(program, r, receiver,
                 {static_cast<uint32_t>(dst->address()), static_cast<uint32_t>(sp.x),
                  static_cast<uint32_t>(sp.y)});
  run(mesh, std::move(program));
  std::vector<uint16_t> out;
  EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst, true);
  TT_FATAL(out == in, "tile moved from {} to {} differs", sender, receiver);
  fmt::print("noc tile transfer ok\n");
}

void shard_row_major(const std::shared_ptr<MeshDevice>& mesh) {
  constexpr uint32_t n_cores = 4, sticks_per_core = 8, stick_elems = 16;
  constexpr uint32_t stick_bytes = stick_elems * sizeof(bfloat16);
  constexpr uint32_t n_sticks = n_cores * sticks_per_core;
  const CoreRange cores({0, 0}, {n_cores - 1, 0});
  DeviceLocalBufferConfig dram{.page_size = stick_bytes, .buffer_type = BufferType::DRAM};
  auto src =
      MeshBuffer::create(ReplicatedBufferConfig{.size = n_sticks * stick_bytes}, dram, mesh.get());
  ShardSpecBuffer spec(CoreRangeSet(cores), {sticks_per_core, stick_elems},
                       ShardOrientation::ROW_MAJOR, {1, stick_elems}, {n_sticks, 1});
  DeviceLocalBufferConfig l1{
      .page_size = stick_bytes,
      .buffer_type = BufferType::L1,
      .sharding_args = BufferShardingArgs(spec, TensorMemoryLayout::HEIGHT_SHARDED)};
  auto sharded =
      MeshBuffer::create(ReplicatedBufferConfig{.size = n_sticks * stick_bytes}, l1, mesh.get());
  std::vector<bfloat16> in(n_sticks * stick_elems);
  for (size_t i = 0; i < in.size(); ++i) {
    in[i] = bfloat16(static_cast<float>(i % 251) - 100.0f);
  }
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in, true);

  Program program = CreateProgram();
  std::vector<uint32_t> ct = {stick_bytes};
  TensorAccessorArgs(*src).append_to(ct);
  auto k = CreateKernel(program, "kernels/shard_reader_rm.cpp", cores,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                           .noc = NOC::RISCV_1_default,
                                           .compile_args = ct});
  uint32_t i = 0;
  for (const CoreCoord& core : cores) {
    SetRuntimeArgs(
        program, k, core,
        {static_cast<uint32_t>(src->address()), static_cast<uint32_t>(sharded->address()),
         i * sticks_per_core, sticks_per_core});
    ++i;
  }
  run(mesh, std::move(program));
  std::vector<bfloat16> out;
  EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, sharded, true);
  TT_FATAL(out.size() == in.size(), "read {} values", out.size());
  for (size_t j = 0; j < in.size(); ++j) {
    TT_FATAL(out[j].to_uint16() == in[j].to_uint16(), "element {} differs", j);
  }
  fmt::print("row-major shards ok\n");
}

}  // namespace

int main() {
  auto mesh = MeshDevice::create_unit_mesh(0);
  noc_tile_transfer(mesh);
  shard_row_major(mesh);
  mesh->close();
  fmt::print("PASS\n");
  return 0;
}
