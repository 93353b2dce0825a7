// One negative test per simulator error class: each must throw SimulatorError from the host
// call that ran the program, with a message that names the problem.
#include <gtest/gtest.h>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

#include "test_util.h"
#include "ttsim/stats.hpp"

using namespace tt::tt_metal;

namespace {

constexpr uint32_t kPage = 2048;

struct Kern {
  std::string src;
  KernelConfig cfg = DataMovementConfig{};
  std::vector<uint32_t> args;
};

// Runs the kernels on core (0,0) of a fresh device with CB 0 (2 pages) and CB 1 (3 pages);
// returns the SimulatorError message, or "" when the program completed.
std::string run(const std::vector<Kern>& ks, uint32_t dram_pages = 4, bool l1_hog = false) {
  IDevice* dev = CreateDevice(0);
  std::string msg;
  try {
    InterleavedBufferConfig dram{dev, kPage * dram_pages, kPage, BufferType::DRAM};
    auto buf = CreateBuffer(dram);
    std::shared_ptr<Buffer> hog;
    if (l1_hog) {
      hog = CreateBuffer(
          InterleavedBufferConfig{dev, 64ull * 1380 * 1024, 1380 * 1024, BufferType::L1});
    }
    Program p = CreateProgram();
    CoreCoord core{0, 0};
    CreateCircularBuffer(
        p, core,
        CircularBufferConfig(2 * kPage, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, kPage));
    CreateCircularBuffer(
        p, core,
        CircularBufferConfig(3 * kPage, {{1, tt::DataFormat::Float16_b}}).set_page_size(1, kPage));
    for (auto& k : ks) {
      auto h = CreateKernelFromString(p, k.src, core, k.cfg);
      std::vector<uint32_t> args = k.args;
      args.insert(args.begin(), static_cast<uint32_t>(buf->address()));
      SetRuntimeArgs(p, h, core, args);
    }
    EnqueueProgram(dev->command_queue(), p, true);
  } catch (const SimulatorError& e) {
    msg = e.what();
  }
  CloseDevice(dev);
  return msg;
}

const char* kHead = "#include \"api/dataflow/dataflow_api.h\"\n";

std::string k(const std::string& body) {
  return std::string(kHead) + "void kernel_main() {\n" + body + "\n}\n";
}

}  // namespace

TEST(Errors, DeadlockNamesEveryBlockedKernel) {
  auto m = run({{k("cb_wait_front(0, 1);")},
                {k("cb_reserve_back(1, 3); cb_push_back(1, 3); cb_reserve_back(1, 1);"),
                 DataMovementConfig{.processor = DataMovementProcessor::RISCV_1}}});
  EXPECT_NE(m.find("deadlock"), std::string::npos) << m;
  EXPECT_NE(m.find("BRISC waits in cb_wait_front: CB 0"), std::string::npos) << m;
  EXPECT_NE(m.find("NCRISC waits in cb_reserve_back: CB 1 (3 pages: received 3, acked 0"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("core (0,0) [physical (1,1)]"), std::string::npos) << m;
}

TEST(Errors, SemaphoreDeadlockShowsValue) {
  auto m =
      run({{k("volatile uint32_t* s = (volatile uint32_t*)get_semaphore(0);"
              "noc_semaphore_wait(s, 3);")}});
  // Semaphore 0 was not created: the id is still addressable, its value stays 0.
  EXPECT_NE(m.find("noc_semaphore_wait: semaphore at L1"), std::string::npos) << m;
  EXPECT_NE(m.find("is 0, waiting for == 3"), std::string::npos) << m;
}

// The hardware only advances counters, so pushing past the reserve is a run-report warning
// (issue 16); TTSIM_STRICT=1 keeps it an error.
TEST(Errors, PushMoreThanReserved) {
  setenv("TTSIM_STRICT", "1", 1);
  auto m = run({{k("cb_reserve_back(0, 1); cb_push_back(0, 2);")}});
  unsetenv("TTSIM_STRICT");
  EXPECT_NE(m.find("cb_push_back: pushes 2 pages to CB 0 but only 1 are reserved"),
            std::string::npos)
      << m;
  ttsim::RunCapture capture;  // run() opens and closes a device of its own
  EXPECT_EQ(run({{k("cb_reserve_back(0, 1); cb_push_back(0, 2);")}}), "");
  ASSERT_EQ(capture.last().warnings.size(), 1u);
  EXPECT_NE(capture.last().warnings[0].find(
                "cb_push_back: pushes 2 pages to CB 0 but only 1 are reserved"),
            std::string::npos);
}

TEST(Errors, PopMoreThanWaited) {
  auto m = run(
      {{k("cb_reserve_back(0, 2); cb_push_back(0, 2); cb_wait_front(0, 1); cb_pop_front(0, 2);")}});
  EXPECT_NE(m.find("cb_pop_front: pops 2 pages of CB 0 but only 1 were waited for"),
            std::string::npos)
      << m;
}

// Production readers take a CB's address before any wait: a warning, an error when strict.
TEST(Errors, ReadPtrWithoutWait) {
  setenv("TTSIM_STRICT", "1", 1);
  auto m = run({{k("uint32_t p = get_read_ptr(0); (void)p;")}});
  unsetenv("TTSIM_STRICT");
  EXPECT_NE(m.find("get_read_ptr: CB 0 read pointer taken before any cb_wait_front"),
            std::string::npos)
      << m;
  ttsim::RunCapture capture;
  EXPECT_EQ(run({{k("uint32_t p = get_read_ptr(0); (void)p;")}}), "");
  ASSERT_EQ(capture.last().warnings.size(), 1u);
}

TEST(Errors, PushesMustWrapExactlyAtThePageCount) {
  // CB 1 holds 3 pages: 2 + 2 crosses its end instead of landing on it.
  auto m =
      run({{k("cb_reserve_back(1, 2); cb_push_back(1, 2); cb_wait_front(1, 2); cb_pop_front(1, 2);"
              "cb_reserve_back(1, 2); cb_push_back(1, 2);")}});
  EXPECT_NE(m.find("must add up to exactly its 3 pages"), std::string::npos) << m;
}

TEST(Errors, WaitForMoreThanTheCbHolds) {
  auto m = run({{k("cb_wait_front(0, 3);")}});
  EXPECT_NE(m.find("waits for 3 pages of CB 0 which holds 2"), std::string::npos) << m;
}

TEST(Errors, NocAccessOutsideL1) {
  auto m = run({{k("noc_async_read(get_noc_addr(1, 1, 0x200000), get_write_ptr(0), 64);")}});
  EXPECT_NE(
      m.find("noc_async_read: NoC access [0x200000, 0x200040) is outside the L1 of core (1,1)"),
      std::string::npos)
      << m;
  auto m2 = run({{k("noc_async_read(get_noc_addr(1, 1, 0x20000), 0x8000, 64);")}});
  EXPECT_NE(m2.find("local L1 range [0x8000, 0x8040) is outside usable L1"), std::string::npos)
      << m2;
}

TEST(Errors, NocAccessOutsideDramBuffer) {
  auto m = run({{k("uint32_t base = get_arg_val<uint32_t>(0);"
                   "const InterleavedAddrGen<true> g{base, 2048};"
                   "noc_async_read(get_noc_addr(12, g), get_write_ptr(0), 2048);")}},
               /*dram_pages=*/4);
  EXPECT_NE(m.find("of DRAM bank 0 is outside every allocated DRAM buffer"), std::string::npos)
      << m;
}

TEST(Errors, NocAddressOfNoEndpoint) {
  auto m = run({{k("noc_async_read(get_noc_addr(1, 6, 0x20000), get_write_ptr(0), 64);")}});
  EXPECT_NE(m.find("names (1,6), which is neither a worker core nor a DRAM endpoint"),
            std::string::npos)
      << m;
  // The description's soc map names what is there on the chip (Wormhole: an Ethernet tile).
  EXPECT_NE(m.find("(on the chip: an ethernet tile)"), std::string::npos) << m;
}

TEST(Errors, L1Overflow) {
  auto m = run({{k("")}}, 4, /*l1_hog=*/true);
  EXPECT_NE(m.find("L1 overflow on core (0,0)"), std::string::npos) << m;
}

TEST(Errors, TooManyRuntimeArgs) {
  IDevice* dev = CreateDevice(0);
  Program p = CreateProgram();
  auto h = CreateKernelFromString(p, k(""), CoreCoord{0, 0}, DataMovementConfig{});
  std::vector<uint32_t> args(342, 1);
  try {
    SetRuntimeArgs(p, h, CoreCoord{0, 0}, args);
    FAIL() << "342 runtime args were accepted";
  } catch (const SimulatorError& e) {
    EXPECT_NE(std::string(e.what()).find("exceed the limit of 341"), std::string::npos) << e.what();
  }
  std::vector<uint32_t> ok(341, 1);
  SetRuntimeArgs(p, h, CoreCoord{0, 0}, ok);
  CloseDevice(dev);
}

TEST(Errors, RuntimeArgNotSet) {
  auto m = run({{k("uint32_t v = get_arg_val<uint32_t>(4); (void)v;")}});
  EXPECT_NE(m.find("get_arg_val: runtime arg 4 was not set (1 set for this core)"),
            std::string::npos)
      << m;
}

TEST(Errors, KernelCompileFailure) {
  auto m = run({{k("this is not C++;")}});
  EXPECT_NE(m.find("failed to compile"), std::string::npos) << m;
  EXPECT_NE(m.find("error:"), std::string::npos) << m;
}

TEST(Errors, MissingKernelFile) {
  IDevice* dev = CreateDevice(0);
  Program p = CreateProgram();
  CreateKernel(p, "no/such/kernel.cpp", CoreCoord{0, 0}, DataMovementConfig{});
  try {
    EnqueueProgram(dev->command_queue(), p, true);
    FAIL() << "missing kernel file accepted";
  } catch (const SimulatorError& e) {
    EXPECT_NE(std::string(e.what()).find("kernel file 'no/such/kernel.cpp' not found"),
              std::string::npos)
        << e.what();
  }
  CloseDevice(dev);
}

TEST(Errors, MulticastDestinationCountMismatch) {
  auto m =
      run({{k("uint64_t a = get_noc_multicast_addr(1, 1, 2, 2, get_write_ptr(0));"
              "noc_async_write_multicast(get_write_ptr(0), a, 64, 4);")}});
  EXPECT_NE(m.find("num_dests is 4 but the rectangle holds 3 receiving cores (sender excluded)"),
            std::string::npos)
      << m;
}

TEST(Errors, CoreOutsideGrid) {
  Program p = CreateProgram();
  EXPECT_THROW(CreateKernelFromString(p, k(""), CoreCoord{8, 0}, DataMovementConfig{}),
               SimulatorError);
}

TEST(Errors, SpinningKernelIsStoppedByTheWatchdog) {
  // Each run reads its own period (the run's settings) and has its own watchdog.
  setenv("TTSIM_WATCHDOG_SECONDS", "2", 1);
  const char* spin =
      "volatile uint32_t* p = (volatile uint32_t*)get_write_ptr(0); while (p[0] == 0) {}";
  std::string m = run({{k(spin)}});
  EXPECT_NE(m.find("kernel <kernel from string> on core (0,0)"), std::string::npos) << m;
  EXPECT_NE(m.find("made no kernel API call for 2 s"), std::string::npos) << m;
  // The process goes on: the next program runs normally.
  EXPECT_EQ(run({{k("cb_reserve_back(0, 1); cb_push_back(0, 1);")}}), "");
  // A later run is watched with its own period: nothing of the first run's watch carries over.
  setenv("TTSIM_WATCHDOG_SECONDS", "1", 1);
  m = run({{k(spin)}});
  EXPECT_NE(m.find("made no kernel API call for 1 s"), std::string::npos) << m;
  unsetenv("TTSIM_WATCHDOG_SECONDS");
}

TEST(Errors, WildPointerIsAnErrorNotACrash) {
  std::string m = run({{k("volatile uint32_t* p = (volatile uint32_t*)0x40000000; p[0] = 1;")}});
  EXPECT_NE(m.find("kernel <kernel from string> on core (0,0)"), std::string::npos) << m;
  EXPECT_NE(m.find("invalid memory access at address 0x40000000"), std::string::npos) << m;
  EXPECT_EQ(run({{k("cb_reserve_back(0, 1); cb_push_back(0, 1);")}}), "");
}
