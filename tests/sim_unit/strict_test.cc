// Strictness like the hardware's (issue 16): get_read_ptr before cb_wait_front and a zero-page
// cb_reserve_back run with a warning in the run report; TTSIM_STRICT=1 makes them errors. Also
// the SDK-like kernel environment (and kernel path resolution): data-movement kernels see the
// dataflow API and DPRINT without including them, and DPRINT lines carry the device:(core):RISC
// prefix.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <tt-metalium/host_api.hpp>

#include "sim/core/jit.h"
#include "ttsim/stats.hpp"

using namespace tt::tt_metal;

namespace {

// No #include at all: the implicit environment must provide get_read_ptr, cb_* and DPRINT.
const char* kLenientKernel = R"(
void kernel_main() {
  uint32_t base = get_read_ptr(0);
  cb_reserve_back(0, 0);
  DPRINT << "base ok " << (uint32_t)(base != 0) << ENDL();
}
)";

// Runs the kernel on core (1, 0); returns the error text (empty on success) and stdout.
std::string run(std::string* out) {
  IDevice* dev = CreateDevice(0);
  Program p = CreateProgram();
  constexpr CoreCoord core = {1, 0};
  CreateCircularBuffer(
      p, core,
      CircularBufferConfig(2 * 2048, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, 2048));
  CreateKernelFromString(p, kLenientKernel, core, DataMovementConfig{});
  std::string err;
  testing::internal::CaptureStdout();
  try {
    EnqueueProgram(dev->command_queue(), p, true);
  } catch (const std::exception& e) {
    err = e.what();
  }
  *out = testing::internal::GetCapturedStdout();
  CloseDevice(dev);
  return err;
}

}  // namespace

TEST(Strict, HardwareAllowedCallsWarnInRunReport) {
  unsetenv("TTSIM_STRICT");
  std::string out;
  ttsim::RunCapture capture;  // run() opens and closes a device of its own
  EXPECT_EQ(run(&out), "");
  EXPECT_EQ(out, "0:(x=1,y=0):BR: base ok 1\n");
  const auto& w = capture.last().warnings;
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NE(w[0].find("get_read_ptr: CB 0 read pointer taken before any cb_wait_front"),
            std::string::npos)
      << w[0];
  EXPECT_NE(w[0].find("on core (1,0)"), std::string::npos) << w[0];
  EXPECT_NE(w[1].find("cb_reserve_back: reserves 0 pages of CB 0"), std::string::npos) << w[1];
  EXPECT_NE(ttsim::run_stats_json(capture.last()).find("\"warnings\""), std::string::npos);
}

TEST(Strict, StrictModeMakesThemErrors) {
  setenv("TTSIM_STRICT", "1", 1);
  std::string out;
  std::string err = run(&out);
  unsetenv("TTSIM_STRICT");
  EXPECT_NE(err.find("get_read_ptr: CB 0 read pointer taken before any cb_wait_front"),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("TTSIM_STRICT"), std::string::npos) << err;
  EXPECT_EQ(out, "");
}

TEST(Strict, PrefixCanBeTurnedOff) {
  unsetenv("TTSIM_STRICT");
  setenv("TT_METAL_DPRINT_PREPEND_DEVICE_CORE_RISC", "0", 1);
  std::string out;
  EXPECT_EQ(run(&out), "");
  unsetenv("TT_METAL_DPRINT_PREPEND_DEVICE_CORE_RISC");
  EXPECT_EQ(out, "base ok 1\n");
}

// Kernel paths resolve as in the SDK: absolute, relative to the working directory, to
// TT_METAL_KERNEL_PATH, to TT_METAL_HOME (programs add OVERRIDE_KERNEL_PREFIX in front).
TEST(KernelPath, ResolvesLikeTheSdk) {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("ttsim-path-test-" + std::to_string(getpid()));
  fs::create_directories(root / "home/tt_metal/programming_examples/x/kernels");
  fs::create_directories(root / "kpath/y");
  std::ofstream(root / "home/tt_metal/programming_examples/x/kernels/k.cpp") << "// k\n";
  std::ofstream(root / "kpath/y/k.cpp") << "// k\n";
  std::string tried;
  setenv("TT_METAL_HOME", (root / "home").c_str(), 1);
  EXPECT_EQ(ttsim::resolve_kernel_path("tt_metal/programming_examples/x/kernels/k.cpp", &tried),
            fs::canonical(root / "home/tt_metal/programming_examples/x/kernels/k.cpp").string());
  EXPECT_EQ(ttsim::resolve_kernel_path((root / "kpath/y/k.cpp").string(), &tried),
            fs::canonical(root / "kpath/y/k.cpp").string());
  EXPECT_EQ(ttsim::resolve_kernel_path("y/k.cpp", &tried), "");
  EXPECT_NE(tried.find("/usr/share/tenstorrent/kernels/y/k.cpp"), std::string::npos) << tried;
  setenv("TT_METAL_KERNEL_PATH", (root / "kpath").c_str(), 1);
  EXPECT_EQ(ttsim::resolve_kernel_path("y/k.cpp", &tried),
            fs::canonical(root / "kpath/y/k.cpp").string());
  unsetenv("TT_METAL_KERNEL_PATH");
  unsetenv("TT_METAL_HOME");
  fs::remove_all(root);
}
