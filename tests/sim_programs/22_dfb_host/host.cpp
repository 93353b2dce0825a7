// Acceptance program 22: host-created dataflow buffers (experimental::dfb::CreateDataflowBuffer,
// BindDataflowBufferToProducerConsumerKernels) and semaphore binding tokens. One core: a producer
// fills 6 entries of a 3-entry UInt32 DFB through scoped write locks and counts them on a
// semaphore held through an INCREMENT token; the consumer down()s it through a CONSUME token and
// writes the entries to DRAM; then it reports the DFB descriptor getters (entries, bytes, tile
// shape, formats, including a Bfp8_b status DFB) and the semaphore's final value. The program
// takes CB 0 first, so the DFBs get ids 1 and 2 (the lowest free indices).
#include <fmt/base.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/experimental/dataflow_buffer/dataflow_buffer.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;
namespace dfb = tt::tt_metal::experimental::dfb;

int main() {
  constexpr uint32_t entries = 3, count = 6, entry_bytes = 64, words = entry_bytes / 4;
  constexpr uint32_t status_bytes = 64;
  constexpr CoreCoord core = {0, 0};

  auto mesh = MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  DeviceLocalBufferConfig dram{.page_size = entry_bytes, .buffer_type = BufferType::DRAM};
  auto out =
      MeshBuffer::create(ReplicatedBufferConfig{.size = count * entry_bytes}, dram, mesh.get());
  DeviceLocalBufferConfig status_cfg{.page_size = status_bytes, .buffer_type = BufferType::DRAM};
  auto status =
      MeshBuffer::create(ReplicatedBufferConfig{.size = status_bytes}, status_cfg, mesh.get());

  Program program = CreateProgram();
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(2048, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
                           .set_page_size(tt::CBIndex::c_0, 2048));
  const uint32_t data_id =
      dfb::CreateDataflowBuffer(program, core,
                                dfb::DataflowBufferConfig{.entry_size = entry_bytes,
                                                          .num_entries = entries,
                                                          .data_format = tt::DataFormat::UInt32});
  const uint32_t status_id = dfb::CreateDataflowBuffer(
      program, core,
      dfb::DataflowBufferConfig{
          .entry_size = status_bytes, .num_entries = 1, .data_format = tt::DataFormat::Bfp8_b});
  TT_FATAL(data_id == 1 && status_id == 2, "DFB ids {} and {}, want 1 and 2", data_id, status_id);
  const uint32_t sem = CreateSemaphore(program, core, 0);

  std::vector<uint32_t> consumer_ct = {data_id, count, sem, status_id};
  TensorAccessorArgs(*out).append_to(consumer_ct);
  TensorAccessorArgs(*status).append_to(consumer_ct);
  auto producer = CreateKernel(program, "kernels/producer.cpp", core,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                  .noc = NOC::RISCV_0_default,
                                                  .compile_args = {data_id, count, sem}});
  auto consumer = CreateKernel(program, "kernels/consumer.cpp", core,
                               DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                  .noc = NOC::RISCV_1_default,
                                                  .compile_args = consumer_ct});
  dfb::BindDataflowBufferToProducerConsumerKernels(program, data_id, producer, consumer);
  SetRuntimeArgs(program, consumer, core,
                 {static_cast<uint32_t>(out->address()), static_cast<uint32_t>(status->address())});
  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh->shape()), std::move(program));
  EnqueueMeshWorkload(cq, workload, true);

  std::vector<uint32_t> got;
  EnqueueReadMeshBuffer(cq, got, out, true);
  TT_FATAL(got.size() == count * words, "read {} words", got.size());
  for (uint32_t i = 0; i < count; ++i) {
    for (uint32_t w = 0; w < words; ++w) {
      TT_FATAL(got[i * words + w] == i * 1000 + w, "entry {} word {} is {}", i, w,
               got[i * words + w]);
    }
  }
  fmt::print("{} entries through a {}-entry dataflow buffer ok\n", count, entries);

  std::vector<uint32_t> s;
  EnqueueReadMeshBuffer(cq, s, status, true);
  const std::vector<uint32_t> want = {entries,
                                      entries * entry_bytes,
                                      entries,
                                      entries * entry_bytes,
                                      1024,
                                      4,
                                      static_cast<uint32_t>(tt::DataFormat::UInt32),
                                      1088,
                                      static_cast<uint32_t>(tt::DataFormat::Bfp8_b),
                                      static_cast<uint32_t>(tt::DataFormat::Float16_b),
                                      0};
  for (size_t i = 0; i < want.size(); ++i) {
    TT_FATAL(s[i] == want[i], "status word {} is {}, want {}", i, s[i], want[i]);
  }
  fmt::print("descriptor getters and semaphore tokens ok\n");
  mesh->close();
  fmt::print("PASS\n");
  return 0;
}
