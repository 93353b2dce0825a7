// The device descriptions are the one source of device facts: the compiler's L1 budget is
// exactly the CB space the simulator allows, both agree on grid, CB count and DST capacity, and
// every name of every device selects it in `tltt compile`, `tltt run` and TTSIM_DEVICE.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>

#include "device/device.h"
#include "passes/device_model.h"
#include "sim/arch/arch.h"
#include "sim/timing/cost_params.h"
#include "ttsim/simulator.hpp"

using namespace tt::tt_metal;
using tltt::device::Description;
using tltt::passes::DeviceModel;

namespace {

std::string self_path;  // this executable, for the TTSIM_DEVICE child runs

// Runs `cmd` through the shell; returns its exit status and appends its stdout+stderr to `out`.
int shell(const std::string& cmd, std::string* out) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) {
    return -1;
  }
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) {
    out->append(buf, n);
  }
  int status = pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs a program on `device` with one CB of `cb_bytes` on core (0,0) and an empty kernel;
// returns the simulator's error message, or "" when the program ran.
std::string run_with_cb(const std::string& device, uint32_t cb_bytes) {
  constexpr uint32_t kPage = 2048;
  ttsim::Simulator::set_device(device);
  IDevice* dev = CreateDevice(0);
  std::string msg;
  try {
    Program p = CreateProgram();
    CoreCoord core{0, 0};
    CreateCircularBuffer(
        p, core,
        CircularBufferConfig(cb_bytes, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, kPage));
    CreateKernelFromString(p, "#include \"api/dataflow/dataflow_api.h\"\nvoid kernel_main() {}\n",
                           core, DataMovementConfig{});
    EnqueueProgram(dev->command_queue(), p, true);
  } catch (const SimulatorError& e) {
    msg = e.what();
  }
  CloseDevice(dev);
  return msg;
}

}  // namespace

TEST(DeviceDescription, EveryDeviceIsDescribedOnce) {
  ASSERT_EQ(tltt::device::all().size(), 2u);
  EXPECT_EQ(tltt::device::default_device().name, "wormhole_b0");
  EXPECT_EQ(tltt::device::find("gpu"), nullptr);
  // Aliases resolve to their device, never to another one.
  for (const Description& d : tltt::device::all()) {
    for (const std::string& a : d.aliases) {
      EXPECT_EQ(tltt::device::find(a), &d) << a;
    }
  }
}

// The compiler budgets exactly the L1 the simulator lets circular buffers use: a CB of the
// budget runs, one page more overflows.
TEST(DeviceDescription, CompilerL1BudgetEqualsSimulatorCbSpace) {
  for (const Description& d : tltt::device::all()) {
    DeviceModel m = *DeviceModel::by_name(d.name);
    ASSERT_EQ(m.l1_budget % 2048, 0) << d.name;
    EXPECT_GT(m.l1_budget, 1 << 20) << d.name;  // more than the 1 MiB the compiler used to allow
    EXPECT_EQ(run_with_cb(d.name, static_cast<uint32_t>(m.l1_budget)), "") << d.name;
    std::string over = run_with_cb(d.name, static_cast<uint32_t>(m.l1_budget) + 2048);
    EXPECT_NE(over.find("L1 overflow on core (0,0)"), std::string::npos) << d.name << ": " << over;
  }
}

TEST(DeviceDescription, CompilerAndSimulatorAgree) {
  for (const Description& d : tltt::device::all()) {
    DeviceModel m = *DeviceModel::by_name(d.name);
    ttsim::Arch arch;
    ASSERT_TRUE(ttsim::parse_arch(d.name, &arch)) << d.name;
    const ttsim::ArchSpec& s = ttsim::arch_spec(arch);
    // One description object, not two copies of its facts.
    EXPECT_EQ(s.desc, m.desc) << d.name;
    EXPECT_EQ(s.name(), m.name);
    EXPECT_EQ(int(s.grid_x()), m.grid_x) << d.name;
    EXPECT_EQ(int(s.grid_y()), m.grid_y) << d.name;
    EXPECT_EQ(int(s.desc->num_cbs), m.max_cbs) << d.name;
    EXPECT_EQ(int64_t(s.desc->l1_cb_budget()), m.l1_budget) << d.name;
    for (bool fp32 : {false, true}) {
      for (bool full : {false, true}) {
        EXPECT_EQ(int64_t(s.dst_tiles(fp32, full)), m.dst_tiles(fp32, full)) << d.name;
      }
    }
  }
  // CB ids: 32 on Wormhole, 64 on Blackhole (metalium.md §1.3).
  EXPECT_EQ(DeviceModel::by_name("wormhole_b0")->max_cbs, 32);
  EXPECT_EQ(DeviceModel::by_name("blackhole")->max_cbs, 64);
}

// DST holds 16 tiles of 16-bit data or 8 of fp32; half-sync (what the compiler emits) gives one
// acquire half of that (metalium.md §3.5).
TEST(DeviceDescription, DstTilesByMode) {
  for (const Description& d : tltt::device::all()) {
    EXPECT_EQ(d.dst_tiles(false, false), 8u) << d.name;
    EXPECT_EQ(d.dst_tiles(true, false), 4u) << d.name;
    EXPECT_EQ(d.dst_tiles(false, true), 16u) << d.name;
    EXPECT_EQ(d.dst_tiles(true, true), 8u) << d.name;
  }
}

// The timing constants are parsed once, with the description: the simulator's cost model and the
// compiler's cost models read the same numbers, and a description missing one is an error naming
// the file and the field.
TEST(DeviceDescription, TimingConstantsComeFromTheDescription) {
  for (const Description& d : tltt::device::all()) {
    ttsim::Arch arch;
    ASSERT_TRUE(ttsim::parse_arch(d.name, &arch)) << d.name;
    EXPECT_EQ(&ttsim::cost_params(arch), &d.timing) << d.name;
    EXPECT_EQ(d.timing.clock_mhz, d.clock_mhz) << d.name;
    EXPECT_EQ(d.timing.dram.banks, d.num_dram_banks()) << d.name;
    EXPECT_EQ(d.timing.noc.packet_sizes.size(), d.timing.noc.packet_bytes_per_cycle.size());
  }
  std::string text(tltt::device::default_device().json_text);
  const std::string key = "\"sfpu_op_overhead\"";
  size_t at = text.find(key);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, key.size(), "\"sfpu_op_overhead_renamed\"");
  try {
    tltt::device::parse_timing(text, "edited.json");
    ADD_FAILURE() << "no error for a missing timing constant";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(
        std::string(e.what()).find("edited.json: 'compute.sfpu_op_overhead.value' is missing"),
        std::string::npos)
        << e.what();
  }
}

TEST(DeviceAliases, TtsimDevice) {
  for (const std::string& name : tltt::device::all_names()) {
    const Description* d = tltt::device::find(name);
    std::string out;
    int rc = shell("TTSIM_DEVICE=" + name + " '" + self_path + "' --print-selected-device", &out);
    EXPECT_EQ(rc, 0) << name << ": " << out;
    EXPECT_EQ(
        out, d->name + " " + std::to_string(d->grid_x()) + "x" + std::to_string(d->grid_y()) + "\n")
        << name;
  }
}

TEST(DeviceAliases, TlttCompile) {
  for (const std::string& name : tltt::device::all_names()) {
    const Description* d = tltt::device::find(name);
    std::string out;
    std::string dir = testing::TempDir() + "device-alias-" + name;
    int rc = shell(std::string("'") + TLTT_BIN + "' compile '" + TLTT_SOURCE_DIR +
                       "/examples/elementwise_add.py' --device " + name + " -o '" + dir + "'",
                   &out);
    EXPECT_EQ(rc, 0) << name << ": " << out;
    std::string plan;
    shell("cat '" + dir + "/tt.plan.json'", &plan);
    EXPECT_NE(plan.find("\"device\": \"" + d->name + "\""), std::string::npos) << name << plan;
  }
}

TEST(DeviceAliases, TlttRun) {
  for (const std::string& name : tltt::device::all_names()) {
    const Description* d = tltt::device::find(name);
    std::string out;
    int rc = shell(std::string("'") + TLTT_BIN + "' run '" + TLTT_SOURCE_DIR +
                       "/examples/elementwise_add.py' --device " + name,
                   &out);
    EXPECT_EQ(rc, 0) << name << ": " << out;
    EXPECT_NE(out.find("\nPASS pcc="), std::string::npos) << name << ": " << out;
    EXPECT_NE(out.find("device=" + d->name + " cores=" + std::to_string(d->num_workers())),
              std::string::npos)
        << name << ": " << out;
  }
}

// `tltt run` without --device runs on the device TTSIM_DEVICE names; an explicit --device wins.
TEST(DeviceAliases, TlttRunHonoursTtsimDevice) {
  const std::string run =
      std::string("'") + TLTT_BIN + "' run '" + TLTT_SOURCE_DIR + "/examples/elementwise_add.py'";
  const Description* bh = tltt::device::find("bh");
  const Description* wh = tltt::device::find("wh");
  ASSERT_TRUE(bh && wh);
  std::string out;
  EXPECT_EQ(shell("TTSIM_DEVICE=bh " + run, &out), 0) << out;
  EXPECT_NE(out.find("device=" + bh->name + " "), std::string::npos) << out;
  out.clear();
  EXPECT_EQ(shell("TTSIM_DEVICE=bh " + run + " --device wh", &out), 0) << out;
  EXPECT_NE(out.find("device=" + wh->name + " "), std::string::npos) << out;
  out.clear();
  EXPECT_EQ(shell("TTSIM_DEVICE= " + run, &out), 0) << out;
  EXPECT_NE(out.find("device=" + wh->name + " "), std::string::npos) << out;
  out.clear();
  EXPECT_NE(shell("TTSIM_DEVICE=nosuch " + run, &out), 0) << out;
  EXPECT_NE(out.find("unknown device 'nosuch'"), std::string::npos) << out;
}

int main(int argc, char** argv) {
  self_path = argv[0];
  if (argc == 2 && std::strcmp(argv[1], "--print-selected-device") == 0) {
    // The device TTSIM_DEVICE selects, as a host program sees it.
    IDevice* dev = CreateDevice(0);
    CoreCoord g = dev->compute_with_storage_grid_size();
    std::printf("%s %zux%zu\n", ttsim::Simulator::device().c_str(), g.x, g.y);
    CloseDevice(dev);
    return 0;
  }
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
