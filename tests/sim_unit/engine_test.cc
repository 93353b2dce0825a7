// Engine-level behaviour: fibers (exceptions, guard pages), simulated time (NoC latency and
// bandwidth, barriers), program/device consistency.
#include <gtest/gtest.h>

#include <stdexcept>
#include <tt-metalium/host_api.hpp>

#include "sim/core/fiber.h"
#include "test_util.h"
#include "ttsim/simulator.hpp"

using namespace tt::tt_metal;

TEST(Fiber, RunsYieldsAndHandsBackExceptions) {
  int steps = 0;
  ttsim::Fiber f(
      [&] {
        ++steps;
        ttsim::Fiber::yield();
        ++steps;
        throw std::runtime_error("boom");
      },
      64 * 1024);
  f.resume();
  EXPECT_EQ(steps, 1);
  EXPECT_FALSE(f.finished());
  f.resume();
  EXPECT_EQ(steps, 2);
  EXPECT_TRUE(f.finished());
  ASSERT_TRUE(f.error());
  EXPECT_THROW(std::rethrow_exception(f.error()), std::runtime_error);
  f.resume();  // a finished fiber never runs again
  EXPECT_EQ(steps, 2);
}

TEST(Fiber, StackOverflowHitsTheGuardPage) {
  EXPECT_DEATH(
      {
        ttsim::Fiber f(
            [] {
              // Touched from the stack's top down, so the first page past the 64 KiB is the guard
              // page (writing big[0] alone could land beyond it, in another mapping).
              volatile char big[128 * 1024];
              for (int i = sizeof(big) - 1; i >= 0; i -= 1024) {
                big[i] = 1;
              }
            },
            64 * 1024);
        f.resume();
      },
      "");
}

namespace {
// Cycles of a kernel reading `tiles` 2 KiB pages from DRAM, with a barrier after each read or
// one barrier at the end.
uint64_t read_cycles(uint32_t tiles, bool barrier_each) {
  IDevice* dev = CreateDevice(0);
  auto src = CreateBuffer(InterleavedBufferConfig{dev, 2048u * tiles, 2048, BufferType::DRAM});
  Program p = CreateProgram();
  CoreCoord core{0, 0};
  CreateCircularBuffer(
      p, core,
      CircularBufferConfig(2048 * 8, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, 2048));
  std::string src_code =
      std::string("#include \"api/dataflow/dataflow_api.h\"\nvoid kernel_main() {\n") +
      "uint32_t a = get_arg_val<uint32_t>(0), n = get_arg_val<uint32_t>(1);\n"
      "const InterleavedAddrGen<true> g{a, 2048};\n"
      "for (uint32_t i = 0; i < n; ++i) {\n"
      "  noc_async_read_tile(i, g, get_write_ptr(0) + (i % 8) * 2048);\n" +
      (barrier_each ? "  noc_async_read_barrier();\n" : "") + "}\nnoc_async_read_barrier();\n}\n";
  auto k = CreateKernelFromString(p, src_code, core, DataMovementConfig{});
  SetRuntimeArgs(p, k, core, {uint32_t(src->address()), tiles});
  EnqueueProgram(dev->command_queue(), p, true);
  uint64_t cycles = ttsim::Simulator::last_program_cycles(*dev);
  CloseDevice(dev);
  return cycles;
}
}  // namespace

TEST(Timing, NocLatencyBandwidthAndBarriers) {
  uint64_t one = read_cycles(1, true);
  uint64_t eight_serial = read_cycles(8, true);
  uint64_t eight_batched = read_cycles(8, false);
  // A DRAM read pays a latency of a few hundred cycles plus 2 KiB at tens of bytes per cycle.
  EXPECT_GT(one, 300u);
  EXPECT_LT(one, 2000u);
  // Serial reads pay the latency each time; one barrier for 8 in-flight reads overlaps them.
  EXPECT_GT(eight_serial, 7 * one);
  EXPECT_LT(eight_batched, eight_serial / 2);
  EXPECT_EQ(read_cycles(8, false), eight_batched);  // deterministic
}

TEST(Engine, ProgramBuiltForAnotherDevice) {
  Program p = CreateProgram();  // Wormhole grid
  ttsim::Simulator::set_device("blackhole");
  IDevice* dev = CreateDevice(0);
  try {
    EnqueueProgram(dev->command_queue(), p, true);
    ADD_FAILURE() << "ran a Wormhole-built program on Blackhole";
  } catch (const SimulatorError& e) {
    EXPECT_NE(std::string(e.what()).find("built for wormhole_b0 but runs on a blackhole"),
              std::string::npos)
        << e.what();
  }
  CloseDevice(dev);
  ttsim::Simulator::set_device("wormhole_b0");
}
