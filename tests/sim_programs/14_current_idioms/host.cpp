// Acceptance program in the idioms of current TT-Metalium examples (issue 16): constexpr
// CoreCoord, TT_FATAL with formatted messages, fmt, the mesh API on a unit mesh with two command
// queues, TensorAccessorArgs, a captured trace replayed after an event, DPRINT from kernels
// (checked by ctest on the output), tt::tile_size and the allocator's alignment query.
#include <fmt/base.h>

#include <random>
#include <tt-metalium/bfloat16.hpp>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/tt_align.hpp>

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;

int main() {
  auto mesh_device = MeshDevice::create(MeshDeviceConfig(MeshShape(1, 1)), 0, 1 << 20, 2);
  auto& workload_cq = mesh_device->mesh_command_queue(0);
  auto& data_cq = mesh_device->mesh_command_queue(1);

  constexpr CoreCoord core = {0, 0};
  constexpr uint32_t n_tiles = 4;
  const uint32_t tile_bytes = tt::tile_size(tt::DataFormat::Float16_b);
  TT_FATAL(tile_bytes == sizeof(bfloat16) * tt::constants::TILE_HW, "tile of {} bytes", tile_bytes);
  const uint32_t align = mesh_device->allocator()->get_alignment(BufferType::DRAM);
  TT_FATAL(tt::align(tile_bytes, align) == tile_bytes, "tile {} not {}-aligned", tile_bytes, align);

  DeviceLocalBufferConfig dram{.page_size = tile_bytes, .buffer_type = BufferType::DRAM};
  ReplicatedBufferConfig size{.size = n_tiles * tile_bytes};
  auto a = MeshBuffer::create(size, dram, mesh_device.get());
  auto b = MeshBuffer::create(size, dram, mesh_device.get());
  auto c = MeshBuffer::create(size, dram, mesh_device.get());

  Program program = CreateProgram();
  for (uint32_t cb : {tt::CBIndex::c_0, tt::CBIndex::c_1, tt::CBIndex::c_16}) {
    CreateCircularBuffer(program, core,
                         CircularBufferConfig(2 * tile_bytes, {{cb, tt::DataFormat::Float16_b}})
                             .set_page_size(cb, tile_bytes));
  }
  std::vector<uint32_t> reader_ct;
  TensorAccessorArgs(*a).append_to(reader_ct);
  TensorAccessorArgs(*b).append_to(reader_ct);
  std::vector<uint32_t> writer_ct;
  TensorAccessorArgs(*c).append_to(writer_ct);
  auto reader = CreateKernel(program, "kernels/reader.cpp", core,
                             DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                .noc = NOC::RISCV_0_default,
                                                .compile_args = reader_ct});
  auto writer = CreateKernel(program, "kernels/writer.cpp", core,
                             DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                .noc = NOC::RISCV_1_default,
                                                .compile_args = writer_ct});
  auto add = CreateKernel(program, "kernels/add.cpp", core, ComputeConfig{});
  SetRuntimeArgs(
      program, reader, core,
      {static_cast<uint32_t>(a->address()), static_cast<uint32_t>(b->address()), n_tiles});
  SetRuntimeArgs(program, writer, core, {static_cast<uint32_t>(c->address()), n_tiles});
  SetRuntimeArgs(program, add, core, {n_tiles});

  MeshWorkload workload;
  workload.add_program(MeshCoordinateRange(mesh_device->shape()), std::move(program));

  // Capture: nothing runs until the replay.
  auto trace_id = BeginTraceCapture(mesh_device.get(), 0);
  EnqueueMeshWorkload(workload_cq, workload, false);
  mesh_device->end_mesh_trace(0, trace_id);

  std::mt19937 rng(16);
  std::uniform_real_distribution<float> dist(-4.0f, 4.0f);
  std::vector<bfloat16> va(n_tiles * tt::constants::TILE_HW), vb(va.size());
  for (size_t i = 0; i < va.size(); ++i) {
    va[i] = bfloat16(dist(rng));
    vb[i] = bfloat16(dist(rng));
  }
  std::vector<bfloat16> zeros(va.size(), bfloat16(0.0f));
  EnqueueWriteMeshBuffer(data_cq, c, zeros, false);
  std::vector<bfloat16> before;
  EnqueueReadMeshBuffer(data_cq, before, c, true);
  TT_FATAL(float(before[0]) == 0.0f, "the captured workload ran before its replay");

  EnqueueWriteMeshBuffer(data_cq, a, va, false);
  EnqueueWriteMeshBuffer(data_cq, b, vb, false);
  MeshEvent written = data_cq.enqueue_record_event();
  workload_cq.enqueue_wait_for_event(written);
  ReplayTrace(mesh_device.get(), 0, trace_id, false);
  MeshEvent done = EnqueueRecordEvent(workload_cq);
  EnqueueWaitForEvent(data_cq, done);
  std::vector<bfloat16> vc;
  EnqueueReadMeshBuffer(data_cq, vc, c, true);
  ReleaseTrace(mesh_device.get(), trace_id);

  // bf16 + bf16 packed to bf16: one rounding of the exact sum.
  size_t bad = 0;
  for (size_t i = 0; i < va.size(); ++i) {
    float want = float(bfloat16(float(va[i]) + float(vb[i])));
    if (float(vc[i]) != want) {
      ++bad;
    }
  }
  TT_FATAL(bad == 0, "{} of {} elements differ from the bf16-rounded sum", bad, va.size());
  fmt::print("PASS {} tiles, trace replayed on core {}\n", n_tiles, core);
  mesh_device->close();
  return 0;
}
