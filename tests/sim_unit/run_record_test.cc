// Each device (or mesh device) keeps the record of the programs run on it: two devices open in
// one process share no counters, and a RunCapture sees the runs of its thread on any device.
#include <gtest/gtest.h>

#include <string>
#include <tt-metalium/host_api.hpp>

#include "ttsim/simulator.hpp"
#include "ttsim/stats.hpp"

using namespace tt::tt_metal;

namespace {
// Runs one kernel on `dev` that reads `tiles` 2 KiB pages from DRAM.
void read_tiles(IDevice* dev, uint32_t tiles) {
  auto src = CreateBuffer(InterleavedBufferConfig{dev, 2048u * tiles, 2048, BufferType::DRAM});
  Program p = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(
      p, core,
      CircularBufferConfig(2048 * 2, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, 2048));
  auto k = CreateKernelFromString(
      p,
      "#include \"api/dataflow/dataflow_api.h\"\nvoid kernel_main() {\n"
      "uint32_t a = get_arg_val<uint32_t>(0), n = get_arg_val<uint32_t>(1);\n"
      "const InterleavedAddrGen<true> g{a, 2048};\n"
      "for (uint32_t i = 0; i < n; ++i) {\n"
      "  noc_async_read_tile(i, g, get_write_ptr(0) + (i % 2) * 2048);\n"
      "  noc_async_read_barrier();\n}\n}\n",
      core, DataMovementConfig{});
  SetRuntimeArgs(p, k, core, {uint32_t(src->address()), tiles});
  EnqueueProgram(dev->command_queue(), p, true);
}
}  // namespace

TEST(RunRecord, TwoDevicesInOneProcessShareNoCounters) {
  ttsim::RunCapture capture;
  IDevice* a = CreateDevice(0);
  IDevice* b = CreateDevice(0);
  read_tiles(a, 4);
  const std::string first_a = ttsim::run_stats_json(ttsim::last_run_stats(*a));
  const uint64_t cycles_a = ttsim::Simulator::last_program_cycles(*a);
  EXPECT_EQ(ttsim::device_run_stats(*b).programs, 0u);  // b ran nothing yet
  read_tiles(b, 16);
  read_tiles(a, 4);
  // a's second run is its first again: b's run in between left nothing in a's record.
  EXPECT_EQ(ttsim::run_stats_json(ttsim::last_run_stats(*a)), first_a);
  EXPECT_EQ(ttsim::Simulator::programs_run(*a), 2u);
  EXPECT_EQ(ttsim::Simulator::total_cycles(*a), 2 * cycles_a);
  EXPECT_EQ(ttsim::Simulator::programs_run(*b), 1u);
  EXPECT_GT(ttsim::Simulator::last_program_cycles(*b), cycles_a);  // 16 reads against 4
  EXPECT_EQ(ttsim::Simulator::total_cycles(*b), ttsim::Simulator::last_program_cycles(*b));
  // Resetting one device's record leaves the other's.
  ttsim::reset_run_stats(*a);
  EXPECT_EQ(ttsim::Simulator::programs_run(*a), 0u);
  EXPECT_EQ(ttsim::Simulator::programs_run(*b), 1u);
  // The capture saw every run of this thread, on both devices.
  EXPECT_EQ(capture.total().programs, 3u);
  EXPECT_EQ(capture.last().device_cycles, cycles_a);
  CloseDevice(b);
  CloseDevice(a);
}
