// Acceptance program in current idioms (issue 16): hello-world data-movement and compute kernels
// with DPRINT, two integers added in a RISC and in compute, a program dispatched over a mesh
// range, and a ShardedBufferConfig (Shape2D) buffer written and read per shard.
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
  EnqueueMeshWorkload(mesh->mesh_command_queue(), workload, false);
  Finish(mesh->mesh_command_queue());
}

void hello(const std::shared_ptr<MeshDevice>& mesh) {
  constexpr CoreCoord core = {0, 0};
  Program program = CreateProgram();
  CreateKernel(
      program, "kernels/hello_dm.cpp", core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
  CreateKernel(program, "kernels/hello_compute.cpp", core, ComputeConfig{});
  run(mesh, std::move(program));
}

void add_in_riscv(const std::shared_ptr<MeshDevice>& mesh) {
  constexpr CoreCoord core = {1, 1};
  DeviceLocalBufferConfig dram{.page_size = sizeof(uint32_t), .buffer_type = BufferType::DRAM};
  ReplicatedBufferConfig one{.size = sizeof(uint32_t)};
  auto a = MeshBuffer::create(one, dram, mesh.get());
  auto b = MeshBuffer::create(one, dram, mesh.get());
  auto c = MeshBuffer::create(one, dram, mesh.get());
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), a, std::vector<uint32_t>{14});
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), b, std::vector<uint32_t>{7});
  Program program = CreateProgram();
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(64, {{tt::CBIndex::c_0, tt::DataFormat::UInt32}})
                           .set_page_size(tt::CBIndex::c_0, 64));
  auto k = CreateKernel(
      program, "kernels/add_in_riscv.cpp", core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
  SetRuntimeArgs(program, k, core,
                 {static_cast<uint32_t>(a->address()), static_cast<uint32_t>(b->address()),
                  static_cast<uint32_t>(c->address())});
  run(mesh, std::move(program));
  std::vector<uint32_t> out;
  EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, c, true);
  TT_FATAL(out.size() == 1 && out[0] == 21, "riscv: 14 + 7 gave {}", out.at(0));
  fmt::print("riscv add ok\n");
}

void add_in_compute(const std::shared_ptr<MeshDevice>& mesh) {
  constexpr CoreCoord core = {0, 0};
  constexpr uint32_t tile = sizeof(bfloat16) * tt::constants::TILE_HW;
  DeviceLocalBufferConfig dram{.page_size = tile, .buffer_type = BufferType::DRAM};
  ReplicatedBufferConfig one{.size = tile};
  auto a = MeshBuffer::create(one, dram, mesh.get());
  auto b = MeshBuffer::create(one, dram, mesh.get());
  auto c = MeshBuffer::create(one, dram, mesh.get());
  auto& cq = mesh->mesh_command_queue();
  EnqueueWriteMeshBuffer(cq, a, std::vector<bfloat16>(tt::constants::TILE_HW, bfloat16(14.0f)));
  EnqueueWriteMeshBuffer(cq, b, std::vector<bfloat16>(tt::constants::TILE_HW, bfloat16(7.0f)));
  Program program = CreateProgram();
  for (uint32_t cb : {tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_16}) {
    CreateCircularBuffer(
        program, core,
        CircularBufferConfig(tile, {{cb, tt::DataFormat::Float16_b}}).set_page_size(cb, tile));
  }
  std::vector<uint32_t> rd_ct, wr_ct;
  TensorAccessorArgs(*a).append_to(rd_ct);
  TensorAccessorArgs(*b).append_to(rd_ct);
  TensorAccessorArgs(*c).append_to(wr_ct);
  auto rd = CreateKernel(program, "kernels/reader_two_tiles.cpp", core,
                         DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                            .noc = NOC::RISCV_1_default,
                                            .compile_args = rd_ct});
  auto wr = CreateKernel(program, "kernels/writer_tile.cpp", core,
                         DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                            .noc = NOC::RISCV_0_default,
                                            .compile_args = wr_ct});
  CreateKernel(program, "kernels/add_tiles.cpp", core, ComputeConfig{});
  SetRuntimeArgs(program, rd, core,
                 {static_cast<uint32_t>(a->address()), static_cast<uint32_t>(b->address())});
  SetRuntimeArgs(program, wr, core, {static_cast<uint32_t>(c->address())});
  run(mesh, std::move(program));
  std::vector<bfloat16> out;
  EnqueueReadMeshBuffer(cq, out, c, true);
  for (size_t i = 0; i < out.size(); ++i) {
    TT_FATAL(static_cast<float>(out[i]) == 21.0f, "compute: element {} is {}", i,
             static_cast<float>(out[i]));
  }
  fmt::print("compute add ok\n");
}

// ShardedBufferConfig over the mesh: one 32x32 uint32 shard per device (one device here).
void sharded_rw(const std::shared_ptr<MeshDevice>& mesh) {
  auto shard = Shape2D{32, 32};
  auto global = Shape2D{32 * mesh->num_rows(), 32 * mesh->num_cols()};
  uint32_t tile = tt::tile_size(tt::DataFormat::UInt32);
  distributed::ShardedBufferConfig cfg{
      .global_size = global.height() * global.width() * sizeof(uint32_t),
      .global_buffer_shape = global,
      .shard_shape = shard,
      .shard_orientation = ShardOrientation::ROW_MAJOR};
  DeviceLocalBufferConfig local{.page_size = tile, .buffer_type = BufferType::L1};
  auto buf = MeshBuffer::create(cfg, local, mesh.get());
  std::vector<uint32_t> in(shard.height() * shard.width());
  for (size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<uint32_t>(i * 2654435761u);
  }
  auto& cq = mesh->mesh_command_queue();
  WriteShard(cq, buf, in, MeshCoordinate(0, 0));
  std::vector<uint32_t> out;
  ReadShard(cq, out, buf, MeshCoordinate(0, 0));
  TT_FATAL(out == in, "shard round trip differs");
  fmt::print("sharded buffer rw ok\n");
}

}  // namespace

int main() {
  auto mesh = MeshDevice::create_unit_mesh(0);
  hello(mesh);
  add_in_riscv(mesh);
  add_in_compute(mesh);
  sharded_rw(mesh);
  mesh->close();
  fmt::print("PASS\n");
  return 0;
}
