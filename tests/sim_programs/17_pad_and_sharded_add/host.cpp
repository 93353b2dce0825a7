// Acceptance program in current idioms (issue 16): multi-core padding of a row-major tensor
// (rows split over cores with split_work_to_cores, bit exact) and a sharded vector add whose
// CBs alias the L1 shards (BufferShardingArgs, set_globally_allocated_address).
#include <fmt/base.h>

#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/work_split.hpp>

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

namespace {

void run(const std::shared_ptr<MeshDevice>& mesh, Program&& program) {
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh->shape()), std::move(program));
  EnqueueMeshWorkload(mesh->mesh_command_queue(), workload, true);
}

void pad_multi_core(const std::shared_ptr<MeshDevice>& mesh) {
  constexpr uint32_t rows = 50, in_elems = 32, out_elems = 64;
  const bfloat16 pad(-1.25f);
  auto& cq = mesh->mesh_command_queue();
  DeviceLocalBufferConfig in_cfg{.page_size = in_elems * 2, .buffer_type = BufferType::DRAM};
  DeviceLocalBufferConfig out_cfg{.page_size = out_elems * 2, .buffer_type = BufferType::DRAM};
  auto src =
      MeshBuffer::create(ReplicatedBufferConfig{.size = rows * in_elems * 2}, in_cfg, mesh.get());
  auto dst =
      MeshBuffer::create(ReplicatedBufferConfig{.size = rows * out_elems * 2}, out_cfg, mesh.get());
  std::vector<bfloat16> in(rows * in_elems);
  for (size_t i = 0; i < in.size(); ++i) {
    in[i] = bfloat16(static_cast<float>(i % 97));
  }
  EnqueueWriteMeshBuffer(cq, src, in, true);

  auto [n_cores, all, group1, group2, rows1, rows2] = split_work_to_cores(CoreCoord{4, 2}, rows);
  Program program = CreateProgram();
  CreateCircularBuffer(
      program, all,
      CircularBufferConfig(out_elems * 2, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
          .set_page_size(tt::CBIndex::c_0, out_elems * 2));
  std::vector<uint32_t> ct = {in_elems, out_elems};
  TensorAccessorArgs(*src).append_to(ct);
  TensorAccessorArgs(*dst).append_to(ct);
  auto k = CreateKernel(program, "kernels/pad_rows.cpp", all,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                           .noc = NOC::RISCV_0_default,
                                           .compile_args = ct});
  uint32_t row = 0;
  for (const CoreCoord& core : corerange_to_cores(all, std::nullopt, true)) {
    uint32_t n = group1.contains(core) ? rows1 : rows2;
    SetRuntimeArgs(program, k, core,
                   {static_cast<uint32_t>(src->address()), static_cast<uint32_t>(dst->address()),
                    row, n, pad.to_uint16()});
    row += n;
  }
  TT_FATAL(row == rows, "split covered {} of {} rows", row, rows);
  run(mesh, std::move(program));
  std::vector<bfloat16> out;
  EnqueueReadMeshBuffer(cq, out, dst, true);
  for (uint32_t r = 0; r < rows; ++r) {
    for (uint32_t j = 0; j < out_elems; ++j) {
      bfloat16 want = j < in_elems ? in[r * in_elems + j] : pad;
      TT_FATAL(out[r * out_elems + j].to_uint16() == want.to_uint16(), "row {} col {}", r, j);
    }
  }
  fmt::print("padding on {} cores ok\n", n_cores);
}

void sharded_add(const std::shared_ptr<MeshDevice>& mesh) {
  constexpr uint32_t n_cores = 4, tiles_per_core = 2, n_tiles = n_cores * tiles_per_core;
  const uint32_t tile = tt::tile_size(tt::DataFormat::Float16_b);
  const CoreRange cores({0, 0}, {0, n_cores - 1});
  ShardSpecBuffer spec(CoreRangeSet(cores), {tiles_per_core * 32, 32}, ShardOrientation::ROW_MAJOR,
                       {32, 32}, {n_tiles, 1});
  DeviceLocalBufferConfig l1{
      .page_size = tile,
      .buffer_type = BufferType::L1,
      .sharding_args = BufferShardingArgs(spec, TensorMemoryLayout::HEIGHT_SHARDED)};
  ReplicatedBufferConfig size{.size = n_tiles * tile};
  auto a = MeshBuffer::create(size, l1, mesh.get());
  auto b = MeshBuffer::create(size, l1, mesh.get());
  auto c = MeshBuffer::create(size, l1, mesh.get());
  std::vector<bfloat16> va(n_tiles * tt::constants::TILE_HW), vb(va.size());
  for (size_t i = 0; i < va.size(); ++i) {
    va[i] = bfloat16(static_cast<float>(i % 64) * 0.25f);
    vb[i] = bfloat16(static_cast<float>(i % 13) - 6.0f);
  }
  auto& cq = mesh->mesh_command_queue();
  EnqueueWriteMeshBuffer(cq, a, va, true);
  EnqueueWriteMeshBuffer(cq, b, vb, true);

  Program program = CreateProgram();
  auto alias = [&](uint32_t cb, const std::shared_ptr<MeshBuffer>& buf) {
    CreateCircularBuffer(
        program, cores,
        CircularBufferConfig(tiles_per_core * tile, {{cb, tt::DataFormat::Float16_b}})
            .set_page_size(cb, tile)
            .set_globally_allocated_address(*buf->get_backing_buffer()));
  };
  alias(tt::CBIndex::c_0, a);
  alias(tt::CBIndex::c_1, b);
  alias(tt::CBIndex::c_16, c);
  auto mark = CreateKernel(
      program, "kernels/mark_shards.cpp", cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
  auto add = CreateKernel(program, "kernels/add.cpp", cores, ComputeConfig{});
  for (const CoreCoord& core : cores) {
    SetRuntimeArgs(program, mark, core, {tiles_per_core});
    SetRuntimeArgs(program, add, core, {tiles_per_core});
  }
  run(mesh, std::move(program));
  std::vector<bfloat16> vc;
  EnqueueReadMeshBuffer(cq, vc, c, true);
  for (size_t i = 0; i < va.size(); ++i) {
    float want =
        static_cast<float>(bfloat16(static_cast<float>(va[i]) + static_cast<float>(vb[i])));
    TT_FATAL(static_cast<float>(vc[i]) == want, "element {}: {} != {}", i,
             static_cast<float>(vc[i]), want);
  }
  fmt::print("sharded add on {} cores ok\n", n_cores);
}

}  // namespace

int main() {
  auto mesh = MeshDevice::create_unit_mesh(0);
  pad_multi_core(mesh);
  sharded_add(mesh);
  mesh->close();
  fmt::print("PASS\n");
  return 0;
}
