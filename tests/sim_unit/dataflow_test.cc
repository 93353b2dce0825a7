// Data movement through the host API: DRAM loopback, reader -> CB -> writer pipelines on
// several cores, per-core kernel state, compile-time args, TensorAccessor.
#include <gtest/gtest.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/work_split.hpp>

#include "test_util.h"
#include "ttsim/simulator.hpp"

using namespace tt::tt_metal;

TEST(Dataflow, DramLoopbackEraA) {
  IDevice* dev = CreateDevice(0);
  CommandQueue& cq = dev->command_queue();
  constexpr uint32_t page = 2048, pages = 20;
  InterleavedBufferConfig dram{dev, page * pages, page, BufferType::DRAM};
  auto src = CreateBuffer(dram);
  auto dst = CreateBuffer(dram);
  InterleavedBufferConfig l1{dev, page, page, BufferType::L1};
  auto scratch = CreateBuffer(l1);
  auto in = pattern(page * pages / 4, 1);
  EnqueueWriteBuffer(cq, src, in, false);
  Program program = CreateProgram();
  CoreCoord core{0, 0};
  auto k = CreateKernel(
      program, kernel("loopback.cpp"), core,
      DataMovementConfig{.processor = DataMovementProcessor::RISCV_0, .noc = NOC::RISCV_0_default});
  SetRuntimeArgs(program, k, core,
                 {static_cast<uint32_t>(src->address()), static_cast<uint32_t>(dst->address()),
                  pages, page, static_cast<uint32_t>(scratch->address())});
  EnqueueProgram(cq, program, false);
  Finish(cq);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(cq, dst, out, true);
  EXPECT_EQ(out, in);
  EXPECT_GT(ttsim::Simulator::last_program_cycles(*dev), 20u * 300u);  // 40 transfers with latency
  CloseDevice(dev);
}

namespace {
// Copies `tiles` pages through reader -> CB0 -> writer on the first `cores` cores (mesh API).
std::vector<uint32_t> run_pipeline(uint32_t tiles, uint32_t cores_wanted, uint32_t add,
                                   const std::vector<uint32_t>& in, uint64_t* cycles) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  constexpr uint32_t page = 2048;
  distributed::DeviceLocalBufferConfig local{.page_size = page, .buffer_type = BufferType::DRAM};
  distributed::ReplicatedBufferConfig cfg{.size = page * tiles};
  auto src = distributed::MeshBuffer::create(cfg, local, mesh.get());
  auto dst = distributed::MeshBuffer::create(cfg, local, mesh.get());
  distributed::EnqueueWriteMeshBuffer(cq, src, in, false);

  Program program = CreateProgram();
  CoreCoord grid{cores_wanted, 1};
  auto [n, all, g1, g2, per1, per2] = split_work_to_cores(grid, tiles);
  CircularBufferConfig cb_cfg =
      CircularBufferConfig(2 * page, {{tt::CBIndex::c_0, tt::DataFormat::Float16_b}})
          .set_page_size(tt::CBIndex::c_0, page);
  CreateCircularBuffer(program, all, cb_cfg);
  std::vector<uint32_t> reader_ct = {tt::CBIndex::c_0};
  TensorAccessorArgs(*src).append_to(reader_ct);
  std::vector<uint32_t> writer_ct;
  TensorAccessorArgs(*dst).append_to(writer_ct);
  auto r =
      CreateKernel(program, kernel("reader_pages.cpp"), all, ReaderDataMovementConfig(reader_ct));
  std::map<std::string, std::string> defines;
  if (add) {
    defines["ADD_VALUE"] = std::to_string(add);
  }
  auto w = CreateKernel(program, kernel("writer_pages.cpp"), all,
                        WriterDataMovementConfig(writer_ct, defines, {{"cb", 0}}));
  uint32_t start = 0;
  for (auto& c : corerange_to_cores(all, std::nullopt, true)) {
    uint32_t count = g1.contains(c) ? per1 : per2;
    SetRuntimeArgs(program, r, c, {static_cast<uint32_t>(src->address()), start, count});
    SetRuntimeArgs(program, w, c, {static_cast<uint32_t>(dst->address()), start, count});
    start += count;
  }
  EXPECT_EQ(start, tiles);
  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, false);
  std::vector<uint32_t> out;
  distributed::EnqueueReadMeshBuffer(cq, out, dst, true);
  if (cycles) {
    *cycles = ttsim::Simulator::last_program_cycles(*mesh);
  }
  mesh->close();
  return out;
}
}  // namespace

TEST(Dataflow, ReaderWriterPipelineOnSeveralCores) {
  constexpr uint32_t tiles = 37;
  auto in = pattern(tiles * 512, 7);
  auto out = run_pipeline(tiles, 6, 0, in, nullptr);
  EXPECT_EQ(out, in);
}

TEST(Dataflow, KernelDefinesAndL1Pointers) {
  constexpr uint32_t tiles = 9;
  auto in = pattern(tiles * 512, 3);
  auto out = run_pipeline(tiles, 4, 5, in, nullptr);
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    ASSERT_EQ(out[i], in[i] + 5) << "word " << i;
  }
}

TEST(Dataflow, DeterministicCycles) {
  constexpr uint32_t tiles = 40;
  auto in = pattern(tiles * 512, 11);
  uint64_t c1 = 0, c2 = 0;
  auto o1 = run_pipeline(tiles, 8, 0, in, &c1);
  auto o2 = run_pipeline(tiles, 8, 0, in, &c2);
  EXPECT_EQ(o1, o2);
  EXPECT_EQ(c1, c2);
  EXPECT_GT(c1, 0u);
}
