// Acceptance program for the Device 2.0 data-movement API (issue 16): a tile moved between two
// cores with Noc, CircularBuffer, Semaphore and UnicastEndpoint objects (experimental:: spellings
// on the sender, api/dataflow spellings with a transaction id on the receiver), a tile multicast
// from one core into three with a multicast semaphore release, and a DRAM read and write through
// AllocatorBank endpoints into a CoreLocalMem view; all bit exact.
#include <fmt/base.h>

#include <algorithm>

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

std::shared_ptr<MeshBuffer> dram_buffer(const std::shared_ptr<MeshDevice>& mesh, uint32_t size) {
  DeviceLocalBufferConfig dram{.page_size = size, .buffer_type = BufferType::DRAM};
  return MeshBuffer::create(ReplicatedBufferConfig{.size = size}, dram, mesh.get());
}

void tile_between_cores(const std::shared_ptr<MeshDevice>& mesh) {
  constexpr CoreCoord sender = {0, 0};
  constexpr CoreCoord receiver = {1, 1};
  const CoreRangeSet both(std::vector<CoreRange>{CoreRange(sender), CoreRange(receiver)});
  const uint32_t tile = tt::tile_size(tt::DataFormat::UInt32);
  auto src = dram_buffer(mesh, tile);
  auto dst = dram_buffer(mesh, tile);
  std::vector<uint32_t> in(tile / sizeof(uint32_t));
  for (size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<uint32_t>(i * 2654435761u);
  }
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in, true);

  Program program = CreateProgram();
  CreateCircularBuffer(program, both,
                       CircularBufferConfig(tile, {{tt::CBIndex::c_0, tt::DataFormat::UInt32}})
                           .set_page_size(tt::CBIndex::c_0, tile));
  const uint32_t ready = CreateSemaphore(program, both, 0);
  const uint32_t data = CreateSemaphore(program, both, 0);
  std::vector<uint32_t> send_ct = {ready, data}, recv_ct = {ready, data};
  TensorAccessorArgs(*src).append_to(send_ct);
  TensorAccessorArgs(*dst).append_to(recv_ct);
  auto s = CreateKernel(program, "kernels/sender.cpp", sender,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                           .noc = NOC::RISCV_0_default,
                                           .compile_args = send_ct});
  auto r = CreateKernel(program, "kernels/receiver.cpp", receiver,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                           .noc = NOC::RISCV_1_default,
                                           .compile_args = recv_ct});
  const CoreCoord rp = mesh->worker_core_from_logical_core(receiver);
  const CoreCoord sp = mesh->worker_core_from_logical_core(sender);
  SetRuntimeArgs(program, s, sender,
                 {static_cast<uint32_t>(src->address()), static_cast<uint32_t>(rp.x),
                  static_cast<uint32_t>(rp.y)});
  SetRuntimeArgs(program, r, receiver,
                 {static_cast<uint32_t>(dst->address()), static_cast<uint32_t>(sp.x),
                  static_cast<uint32_t>(sp.y)});
  run(mesh, std::move(program));

  std::vector<uint32_t> out;
  EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst, true);
  TT_FATAL(out == in, "tile moved from {} to {} differs", sender, receiver);
  fmt::print("device 2.0 noc tile transfer ok\n");
}

void tile_multicast(const std::shared_ptr<MeshDevice>& mesh) {
  constexpr CoreCoord sender = {0, 2};
  const CoreRange receivers({1, 2}, {3, 2});
  const uint32_t n_receivers = static_cast<uint32_t>(receivers.size());
  const uint32_t tile = tt::tile_size(tt::DataFormat::UInt32);
  auto src = dram_buffer(mesh, tile);
  DeviceLocalBufferConfig paged{.page_size = tile, .buffer_type = BufferType::DRAM};
  auto dst =
      MeshBuffer::create(ReplicatedBufferConfig{.size = n_receivers * tile}, paged, mesh.get());
  std::vector<uint32_t> in(tile / sizeof(uint32_t));
  for (size_t i = 0; i < in.size(); ++i) {
    in[i] = static_cast<uint32_t>(i ^ 0x5a5a5a5au);
  }
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in, true);

  Program program = CreateProgram();
  const CoreRangeSet all(std::vector<CoreRange>{CoreRange(sender), receivers});
  CreateCircularBuffer(program, all,
                       CircularBufferConfig(tile, {{tt::CBIndex::c_0, tt::DataFormat::UInt32}})
                           .set_page_size(tt::CBIndex::c_0, tile));
  const uint32_t ready = CreateSemaphore(program, all, 0);
  const uint32_t data = CreateSemaphore(program, all, 0);
  std::vector<uint32_t> send_ct = {ready, data}, recv_ct = {ready, data};
  TensorAccessorArgs(*src).append_to(send_ct);
  TensorAccessorArgs(*dst).append_to(recv_ct);
  auto s = CreateKernel(program, "kernels/mcast_sender.cpp", sender,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                           .noc = NOC::RISCV_0_default,
                                           .compile_args = send_ct});
  auto r = CreateKernel(program, "kernels/mcast_receiver.cpp", receivers,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                           .noc = NOC::RISCV_1_default,
                                           .compile_args = recv_ct});
  const CoreCoord first = mesh->worker_core_from_logical_core(receivers.start_coord);
  const CoreCoord last = mesh->worker_core_from_logical_core(receivers.end_coord);
  const CoreCoord sp = mesh->worker_core_from_logical_core(sender);
  SetRuntimeArgs(program, s, sender,
                 {static_cast<uint32_t>(src->address()), static_cast<uint32_t>(first.x),
                  static_cast<uint32_t>(first.y), static_cast<uint32_t>(last.x),
                  static_cast<uint32_t>(last.y), n_receivers});
  uint32_t page = 0;
  for (const CoreCoord& core : receivers) {
    SetRuntimeArgs(program, r, core,
                   {static_cast<uint32_t>(dst->address()), static_cast<uint32_t>(sp.x),
                    static_cast<uint32_t>(sp.y), page++});
  }
  run(mesh, std::move(program));

  std::vector<uint32_t> out;
  EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst, true);
  TT_FATAL(out.size() == n_receivers * in.size(), "read {} words", out.size());
  for (uint32_t p = 0; p < n_receivers; ++p) {
    TT_FATAL(std::equal(in.begin(), in.end(), out.begin() + p * in.size()),
             "receiver {} of the multicast holds a different tile", p);
  }
  fmt::print("device 2.0 noc multicast to {} cores ok\n", n_receivers);
}

void dram_read_write(const std::shared_ptr<MeshDevice>& mesh) {
  constexpr CoreCoord core = {2, 0};
  constexpr uint32_t n_words = 512;
  constexpr uint32_t bytes = n_words * sizeof(uint32_t);
  // One page each, so the whole buffer sits in DRAM bank 0 at the buffer's address.
  auto src = dram_buffer(mesh, bytes);
  auto dst = dram_buffer(mesh, bytes);
  std::vector<uint32_t> in(n_words);
  for (uint32_t i = 0; i < n_words; ++i) {
    in[i] = i * 7 + 5;
  }
  EnqueueWriteMeshBuffer(mesh->mesh_command_queue(), src, in, true);

  Program program = CreateProgram();
  CreateCircularBuffer(program, core,
                       CircularBufferConfig(bytes, {{tt::CBIndex::c_1, tt::DataFormat::UInt32}})
                           .set_page_size(tt::CBIndex::c_1, bytes));
  auto k = CreateKernel(
      program, "kernels/dram_scale.cpp", core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_1, .noc = NOC::RISCV_1_default});
  SetRuntimeArgs(
      program, k, core,
      {static_cast<uint32_t>(src->address()), static_cast<uint32_t>(dst->address()), n_words});
  run(mesh, std::move(program));

  std::vector<uint32_t> out;
  EnqueueReadMeshBuffer(mesh->mesh_command_queue(), out, dst, true);
  TT_FATAL(out.size() == n_words, "read {} words", out.size());
  for (uint32_t i = 0; i < n_words; ++i) {
    TT_FATAL(out[i] == in[i] * 3 + 1, "word {}: {} instead of {}", i, out[i], in[i] * 3 + 1);
  }
  fmt::print("device 2.0 dram read/write ok\n");
}

}  // namespace

int main() {
  auto mesh = MeshDevice::create_unit_mesh(0);
  tile_between_cores(mesh);
  tile_multicast(mesh);
  dram_read_write(mesh);
  mesh->close();
  fmt::print("PASS\n");
  return 0;
}
