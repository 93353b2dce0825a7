// Acceptance program for the Device 2.0 tensor views, DataflowBuffer and semaphore scopes
// (issue 16): on four cores a reader moves the sticks of an interleaved DRAM tensor, addressed
// through a PageView, into a DataflowBuffer; a writer drains it into the next core's shard of a
// height-sharded L1 tensor through a ShardView (so every write crosses the NoC) and counts the
// sticks on a semaphore the kernel's scope table makes EXTERNAL (NoC atomics to itself). The
// rotated shards are bit exact, and each core reports its count, the count after down(), and
// the scope it saw.
#include <fmt/base.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

int main() {
  constexpr uint32_t n_cores = 4, sticks_per_core = 6, stick_words = 16;
  constexpr uint32_t stick_bytes = stick_words * sizeof(uint32_t);
  constexpr uint32_t n_sticks = n_cores * sticks_per_core;
  constexpr uint32_t status_bytes = 16;  // three words per core, padded to the L1 alignment
  const CoreRange cores({0, 0}, {n_cores - 1, 0});

  auto mesh = MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  DeviceLocalBufferConfig dram{.page_size = stick_bytes, .buffer_type = BufferType::DRAM};
  auto src =
      MeshBuffer::create(ReplicatedBufferConfig{.size = n_sticks * stick_bytes}, dram, mesh.get());
  ShardSpecBuffer spec(CoreRangeSet(cores), {sticks_per_core, stick_words},
                       ShardOrientation::ROW_MAJOR, {1, stick_words}, {n_sticks, 1});
  DeviceLocalBufferConfig l1{
      .page_size = stick_bytes,
      .buffer_type = BufferType::L1,
      .sharding_args = BufferShardingArgs(spec, TensorMemoryLayout::HEIGHT_SHARDED)};
  auto shards =
      MeshBuffer::create(ReplicatedBufferConfig{.size = n_sticks * stick_bytes}, l1, mesh.get());
  DeviceLocalBufferConfig status_cfg{.page_size = status_bytes, .buffer_type = BufferType::DRAM};
  auto status = MeshBuffer::create(ReplicatedBufferConfig{.size = n_cores * status_bytes},
                                   status_cfg, mesh.get());

  std::vector<uint32_t> in(n_sticks * stick_words);
  for (size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<uint32_t>(i * 2654435761u + 17u);
  }
  EnqueueWriteMeshBuffer(cq, src, in, true);

  Program program = CreateProgram();
  constexpr uint32_t dfb_id = tt::CBIndex::c_0, scratch_cb = tt::CBIndex::c_1;
  CreateCircularBuffer(program, cores,
                       CircularBufferConfig(2 * stick_bytes, {{dfb_id, tt::DataFormat::UInt32}})
                           .set_page_size(dfb_id, stick_bytes));
  CreateCircularBuffer(program, cores,
                       CircularBufferConfig(status_bytes, {{scratch_cb, tt::DataFormat::UInt32}})
                           .set_page_size(scratch_cb, status_bytes));
  const uint32_t counter = CreateSemaphore(program, cores, 0);
  TT_FATAL(counter == 0, "the scope table below names semaphore 0, got {}", counter);

  std::vector<uint32_t> reader_ct = {dfb_id, stick_bytes, sticks_per_core};
  TensorAccessorArgs(*src).append_to(reader_ct);
  std::vector<uint32_t> writer_ct = {dfb_id,          scratch_cb, stick_bytes,
                                     sticks_per_core, counter,    status_bytes};
  TensorAccessorArgs(*shards).append_to(writer_ct);
  TensorAccessorArgs(*status).append_to(writer_ct);
  auto reader = CreateKernel(program, "kernels/reader.cpp", cores,
                             DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                .noc = NOC::RISCV_0_default,
                                                .compile_args = reader_ct});
  auto writer = CreateKernel(
      program, "kernels/writer.cpp", cores,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                         .noc = NOC::RISCV_1_default,
                         .compile_args = writer_ct,
                         .defines = {{"TT_METAL2_SEM_SCOPE_TABLE", "{SemScope::EXTERNAL}"}}});
  uint32_t i = 0;
  for (const CoreCoord& core : cores) {
    SetRuntimeArgs(program, reader, core,
                   {static_cast<uint32_t>(src->address()), i * sticks_per_core});
    SetRuntimeArgs(program, writer, core,
                   {static_cast<uint32_t>(shards->address()), (i + 1) % n_cores,
                    static_cast<uint32_t>(status->address()), i});
    ++i;
  }
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh->shape()), std::move(program));
  EnqueueMeshWorkload(cq, workload, true);

  std::vector<uint32_t> out;
  EnqueueReadMeshBuffer(cq, out, shards, true);
  TT_FATAL(out.size() == in.size(), "read {} words of {}", out.size(), in.size());
  constexpr uint32_t shard_words = sticks_per_core * stick_words;
  for (uint32_t c = 0; c < n_cores; ++c) {
    // Core c's sticks landed in shard c + 1.
    const uint32_t to = (c + 1) % n_cores;
    for (uint32_t w = 0; w < shard_words; ++w) {
      TT_FATAL(out[to * shard_words + w] == in[c * shard_words + w],
               "core {}: word {} of shard {} differs", c, w, to);
    }
  }
  std::vector<uint32_t> st;
  EnqueueReadMeshBuffer(cq, st, status, true);
  for (uint32_t c = 0; c < n_cores; ++c) {
    const uint32_t* s = &st[c * status_bytes / sizeof(uint32_t)];
    TT_FATAL(s[0] == sticks_per_core && s[1] == 0 && s[2] == 2,
             "core {}: counted {}, {} after down(), scope {} (want {}, 0, 2 = EXTERNAL)", c, s[0],
             s[1], s[2], sticks_per_core);
  }
  fmt::print("views, dataflow buffer and semaphore scope ok\n");
  mesh->close();
  fmt::print("PASS\n");
  return 0;
}
