// Feature tests: multicast + semaphore handshake, per-core kernel globals, era-A kernels and
// DPRINT, the JIT cache, Blackhole, sharded buffers with TensorAccessor, work splitting.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <tt-metalium/distributed.hpp>
#include <tt-metalium/hal.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>
#include <tt-metalium/work_split.hpp>

#include "sim/core/device.h"
#include "test_util.h"
#include "ttsim/simulator.hpp"

using namespace tt::tt_metal;

TEST(Features, MulticastSemaphoreHandshake3x3) {
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  CoreRange grid(CoreCoord{0, 0}, CoreCoord{2, 2});
  CoreCoord sender{0, 0};
  std::vector<CoreRange> recv_ranges = {CoreRange(CoreCoord{1, 0}, CoreCoord{2, 0}),
                                        CoreRange(CoreCoord{0, 1}, CoreCoord{2, 2})};
  CoreRangeSet receivers(recv_ranges);
  distributed::DeviceLocalBufferConfig local{.page_size = 2048, .buffer_type = BufferType::DRAM};
  auto out = distributed::MeshBuffer::create(distributed::ReplicatedBufferConfig{.size = 8 * 2048},
                                             local, mesh.get());
  Program p = CreateProgram();
  CreateCircularBuffer(
      p, grid, CircularBufferConfig(2048, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, 2048));
  uint32_t ready = CreateSemaphore(p, grid, 0);
  uint32_t flag = CreateSemaphore(p, grid, 0);
  auto s = CreateKernel(p, kernel("mcast_sender.cpp"), sender,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                           .noc = NOC::RISCV_0_default,
                                           .compile_args = {ready, flag}});
  auto r = CreateKernel(p, kernel("mcast_receiver.cpp"), receivers,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                           .noc = NOC::RISCV_1_default,
                                           .compile_args = {ready, flag}});
  CoreCoord p0 = mesh->worker_core_from_logical_core({0, 0});
  CoreCoord p1 = mesh->worker_core_from_logical_core({2, 2});
  SetRuntimeArgs(p, s, sender,
                 {uint32_t(p0.x), uint32_t(p0.y), uint32_t(p1.x), uint32_t(p1.y), 8u});
  uint32_t page = 0;
  std::vector<CoreCoord> order;
  for (auto& c : corerange_to_cores(receivers, std::nullopt, true)) {
    SetRuntimeArgs(p, r, c, {uint32_t(p0.x), uint32_t(p0.y), uint32_t(out->address()), page++});
    order.push_back(c);
  }
  distributed::MeshWorkload w;
  w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(p));
  distributed::EnqueueMeshWorkload(cq, w, true);
  std::vector<uint32_t> res;
  distributed::EnqueueReadMeshBuffer(cq, res, out, true);
  for (uint32_t i = 0; i < 8; ++i) {
    for (uint32_t j = 0; j < 511; ++j) {
      ASSERT_EQ(res[i * 512 + j], 1000 + j) << "page " << i;
    }
    CoreCoord phys = mesh->worker_core_from_logical_core(order[i]);
    EXPECT_EQ(res[i * 512 + 511], 7 + phys.x * 100 + phys.y) << "page " << i;
  }
  mesh->close();
}

TEST(Features, EraAKernelDprintAndNamedArgs) {
  IDevice* dev = CreateDevice(0);
  Program p = CreateProgram();
  auto k = CreateKernel(
      p, kernel("era_a_dprint.cpp"), CoreCoord{1, 2},
      DataMovementConfig{.compile_args = {40, 2}, .named_compile_args = {{"answer", 42}}});
  SetRuntimeArgs(p, k, CoreCoord{1, 2}, {77});
  testing::internal::CaptureStdout();
  std::string err;
  try {
    EnqueueProgram(dev->command_queue(), p, true);
  } catch (const std::exception& e) {
    err = e.what();
  }
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(err, "");
  // Prefixed as the SDK's DPRINT server does: device:(logical core):RISC.
  EXPECT_EQ(out, "0:(x=1,y=2):BR: hello from 2,3 a=40 n=42 arg=77\n");
  CloseDevice(dev);
}

TEST(Features, SecondRunCompilesNothing) {
  auto dir =
      std::filesystem::temp_directory_path() / ("ttsim-cache-test-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  const char* old = getenv("TTSIM_CACHE_DIR");
  std::string saved = old ? old : "";
  setenv("TTSIM_CACHE_DIR", dir.c_str(), 1);
  auto once = [](const std::string& file) {
    IDevice* dev = CreateDevice(0);
    Program p = CreateProgram();
    auto k = CreateKernel(
        p, file, CoreCoord{0, 0},
        DataMovementConfig{.compile_args = {41, 1}, .named_compile_args = {{"answer", 1}}});
    SetRuntimeArgs(p, k, CoreCoord{0, 0}, {1});
    testing::internal::CaptureStdout();
    try {
      EnqueueProgram(dev->command_queue(), p, true);
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
    }
    testing::internal::GetCapturedStdout();
    CloseDevice(dev);
  };
  uint64_t before = ttsim::Simulator::kernels_compiled();
  once(kernel("era_a_dprint.cpp"));
  EXPECT_EQ(ttsim::Simulator::kernels_compiled(), before + 1);
  once(kernel("era_a_dprint.cpp"));
  EXPECT_EQ(ttsim::Simulator::kernels_compiled(), before + 1) << "the second run recompiled";
  // The same kernel text in another directory (as tltt run's fresh work directories give) is the
  // same object: the key is the content, not the path.
  auto copy_dir = dir / "elsewhere";
  std::filesystem::create_directories(copy_dir);
  std::filesystem::copy_file(kernel("era_a_dprint.cpp"), copy_dir / "renamed.cpp");
  once((copy_dir / "renamed.cpp").string());
  EXPECT_EQ(ttsim::Simulator::kernels_compiled(), before + 1) << "a copy of the kernel recompiled";
  size_t sos = 0;
  for (auto& e : std::filesystem::directory_iterator(dir)) {
    sos += e.path().extension() == ".so";
  }
  EXPECT_EQ(sos, 1u);
  // A changed kernel is a different object.
  std::ofstream(copy_dir / "renamed.cpp", std::ios::app) << "\nstatic int changed_for_test = 1;\n";
  once((copy_dir / "renamed.cpp").string());
  EXPECT_EQ(ttsim::Simulator::kernels_compiled(), before + 2) << "a changed kernel was not rebuilt";
  if (old) {
    setenv("TTSIM_CACHE_DIR", saved.c_str(), 1);
  } else {
    unsetenv("TTSIM_CACHE_DIR");
  }
  std::filesystem::remove_all(dir);
}

TEST(Features, BlackholeDevice) {
  ttsim::Simulator::set_device("blackhole");
  IDevice* dev = CreateDevice(0);
  EXPECT_EQ(dev->arch(), tt::ARCH::BLACKHOLE);
  EXPECT_EQ(dev->compute_with_storage_grid_size(), (CoreCoord{11, 10}));
  EXPECT_EQ(dev->worker_core_from_logical_core({7, 0}), (CoreCoord{10, 2}));
  EXPECT_EQ(dev->l1_size_per_core(), 1536u * 1024);
  EXPECT_EQ(dev->num_dram_channels(), 8u);
  // A loopback over all 8 banks, from the last core of the grid.
  constexpr uint32_t page = 2048, pages = 19;
  auto src = CreateBuffer(InterleavedBufferConfig{dev, page * pages, page, BufferType::DRAM});
  auto dst = CreateBuffer(InterleavedBufferConfig{dev, page * pages, page, BufferType::DRAM});
  auto scratch = CreateBuffer(InterleavedBufferConfig{dev, page * 110, page, BufferType::L1});
  auto in = pattern(page * pages / 4, 5);
  EnqueueWriteBuffer(dev->command_queue(), src, in, true);
  Program p = CreateProgram();
  CoreCoord core{10, 9};
  auto k = CreateKernel(p, kernel("loopback.cpp"), core, DataMovementConfig{});
  SetRuntimeArgs(p, k, core,
                 {uint32_t(src->address()), uint32_t(dst->address()), pages, page,
                  uint32_t(scratch->address())});
  EnqueueProgram(dev->command_queue(), p, true);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(dev->command_queue(), dst, out, true);
  EXPECT_EQ(out, in);
  CloseDevice(dev);
  ttsim::Simulator::set_device("wormhole_b0");
}

TEST(Features, InterleavedPagePlacement) {
  IDevice* dev = CreateDevice(0);
  auto b = CreateBuffer(InterleavedBufferConfig{dev, 2000 * 30, 2000, BufferType::DRAM});
  // page i -> bank i % 12 at base + (i / 12) * align(2000, 32)
  auto& sim = dev->sim();
  EXPECT_EQ(b->aligned_page_size(), 2016u);
  EXPECT_EQ(b->page_ptr(0), sim.dram(0) + b->address());
  EXPECT_EQ(b->page_ptr(13), sim.dram(1) + b->address() + 2016);
  EXPECT_EQ(b->page_ptr(29), sim.dram(5) + b->address() + 2 * 2016);
  auto l1 = CreateBuffer(InterleavedBufferConfig{dev, 1024 * 70, 1024, BufferType::L1});
  EXPECT_EQ(l1->page_ptr(65), sim.l1(1) + l1->address() + 1024);
  CloseDevice(dev);
}

TEST(Features, SplitWorkToCores) {
  auto [n, all, g1, g2, p1, p2] = split_work_to_cores(CoreCoord{8, 8}, 150);
  EXPECT_EQ(n, 64u);
  EXPECT_EQ(all.num_cores(), 64u);
  EXPECT_EQ(p1, 3u);
  EXPECT_EQ(p2, 2u);
  EXPECT_EQ(g1.num_cores(), 22u);
  EXPECT_EQ(g2.num_cores(), 42u);
  EXPECT_EQ(g1.num_cores() * p1 + g2.num_cores() * p2, 150u);
  auto [n2, all2, h1, h2, q1, q2] = split_work_to_cores(CoreCoord{8, 8}, 5, true);
  EXPECT_EQ(n2, 5u);
  EXPECT_EQ(q1, 1u);
  EXPECT_TRUE(h2.empty());
  EXPECT_TRUE(all2.contains(CoreCoord{4, 0}));
}

// Core-set algebra, grid enumeration, divisor helpers, format facts and the HAL queries.
TEST(Features, HostHelpers) {
  CoreRange a({0, 0}, {3, 1}), b({2, 1}, {5, 3});
  EXPECT_EQ(a.intersection(b), CoreRange({2, 1}, {3, 1}));
  EXPECT_FALSE(a.intersection(CoreRange({4, 0}, {4, 0})).has_value());
  EXPECT_TRUE(a.adjacent(CoreRange({4, 1}, {4, 3})));
  EXPECT_FALSE(a.adjacent(CoreRange({5, 0}, {5, 1})));
  CoreRangeSet left = CoreRangeSet(a).subtract(CoreRangeSet(b));
  EXPECT_EQ(left.num_cores(), 6u);
  EXPECT_FALSE(left.contains(CoreCoord{2, 1}));
  EXPECT_TRUE(left.contains(CoreCoord{1, 1}));
  EXPECT_EQ(CoreRangeSet(a).intersection(CoreRangeSet(b)).num_cores(), 2u);
  std::vector<CoreCoord> cols = {{0, 0}, {0, 1}, {0, 2}, {1, 0}};
  EXPECT_EQ(grid_to_cores(4, 2, 3), cols);
  std::vector<CoreCoord> rows = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
  EXPECT_EQ(grid_to_cores(CoreCoord{0, 0}, CoreCoord{1, 1}, true), rows);
  EXPECT_EQ(find_max_divisor(70, 8), 2);
  EXPECT_EQ(find_max_divisor(48, 8), 8);
  EXPECT_EQ(find_max_block_size(12), 6);
  EXPECT_TRUE(tt::is_integer_format(tt::DataFormat::UInt16));
  EXPECT_FALSE(tt::is_integer_format(tt::DataFormat::Float16_b));
  EXPECT_EQ(tt::datum_size(tt::DataFormat::Float32), 4u);
  EXPECT_THROW(tt::datum_size(tt::DataFormat::Bfp8_b), std::invalid_argument);
  const bool bh = hal::get_arch() == tt::ARCH::BLACKHOLE;
  EXPECT_EQ(hal::get_arch_name(), bh ? "blackhole" : "wormhole_b0");
  EXPECT_EQ(hal::get_l1_alignment(), 16u);
  EXPECT_EQ(hal::get_arch_num_circular_buffers(), 32u);
  EXPECT_GT(hal::get_l1_size(), hal::get_max_worker_l1_unreserved_size());
}

TEST(Features, BlockShardedL1ThroughTensorAccessor) {
  IDevice* dev = CreateDevice(0);
  // A 4x6-page tensor of 512-byte pages, block sharded 2x3 pages per shard on a 2x2 grid.
  constexpr uint32_t page = 512, H = 4, W = 6;
  ShardSpecBuffer shard(CoreRangeSet(CoreRange({0, 0}, {1, 1})), {2 * 16, 3 * 16},
                        ShardOrientation::ROW_MAJOR, {16, 16}, {H, W});
  auto src = CreateBuffer(ShardedBufferConfig{dev, page * H * W, page, BufferType::L1,
                                              TensorMemoryLayout::BLOCK_SHARDED, shard});
  auto dst = CreateBuffer(InterleavedBufferConfig{dev, page * H * W, page, BufferType::DRAM});
  auto in = pattern(page * H * W / 4, 9);
  EnqueueWriteBuffer(dev->command_queue(), src, in, true);
  // Page (r=3, c=4) lives in shard (1,1) -> core (1,1), local page (1,1) -> 4th page slot.
  auto& sim = dev->sim();
  EXPECT_EQ(src->page_ptr(3 * W + 4), sim.l1(sim.core_index(1, 1)) + src->address() + 4 * page);
  Program p = CreateProgram();
  CoreCoord core{3, 3};
  CreateCircularBuffer(
      p, core, CircularBufferConfig(page, {{0, tt::DataFormat::Float16_b}}).set_page_size(0, page));
  std::vector<uint32_t> ct;
  TensorAccessorArgs(*src).append_to(ct);
  EXPECT_EQ(ct.size(), 10u);  // config, page, rank, banks, 2 + 2 shapes, 2 words of 4 bank codes
  TensorAccessorArgs(*dst).append_to(ct);
  auto k =
      CreateKernel(p, kernel("sharded_copy.cpp"), core, DataMovementConfig{.compile_args = ct});
  SetRuntimeArgs(p, k, core, {uint32_t(src->address()), uint32_t(dst->address()), H * W, page});
  EnqueueProgram(dev->command_queue(), p, true);
  std::vector<uint32_t> out;
  EnqueueReadBuffer(dev->command_queue(), dst, out, true);
  EXPECT_EQ(out, in);
  CloseDevice(dev);
}

TEST(Features, LessCommonDataflowCalls) {
  IDevice* dev = CreateDevice(0);
  auto& cq = dev->command_queue();
  auto in = CreateBuffer(InterleavedBufferConfig{dev, 2048 * 8, 2048, BufferType::DRAM});
  auto out = CreateBuffer(InterleavedBufferConfig{dev, 2048, 2048, BufferType::DRAM});
  auto data = pattern(512 * 8, 21);
  EnqueueWriteBuffer(cq, in, data, true);
  Program p = CreateProgram();
  CoreRange both(CoreCoord{0, 0}, CoreCoord{1, 0});
  CoreCoord core{0, 0};
  // CB 2 (Float16_b, 2 KiB pages) and CB 3 (Bfp8_b, 1088-byte pages) share one config.
  CreateCircularBuffer(
      p, core,
      CircularBufferConfig(4352, {{2, tt::DataFormat::Float16_b}, {3, tt::DataFormat::Bfp8_b}})
          .set_page_size(2, 2176)
          .set_page_size(3, 1088));
  CreateSemaphore(p, both, 0);
  auto k = CreateKernel(p, kernel("api_mix.cpp"), core, DataMovementConfig{});
  CoreCoord peer = dev->worker_core_from_logical_core({1, 0});
  SetRuntimeArgs(p, k, core,
                 {uint32_t(in->address()), 4242, uint32_t(out->address()), uint32_t(peer.x),
                  uint32_t(peer.y)});
  SetCommonRuntimeArgs(p, k, {30, 12});
  ttsim::Simulator::set_cycle_report(true);
  testing::internal::CaptureStderr();
  EnqueueProgram(cq, p, true);
  std::string report = testing::internal::GetCapturedStderr();
  ttsim::Simulator::set_cycle_report(false);
  EXPECT_NE(report.find("ttsim: program ran "), std::string::npos) << report;
  std::vector<uint32_t> res;
  EnqueueReadBuffer(cq, out, res, true);
  EXPECT_EQ(res[0], 42u);
  EXPECT_EQ(res[1], 4242u);
  EXPECT_EQ(res[2], data[5 * 512]);
  EXPECT_EQ(res[3], data[5 * 512 + 1]);
  EXPECT_EQ(res[4], data[6 * 512]);
  EXPECT_EQ(res[5], 0xabcd1234u);
  EXPECT_EQ(res[6], 5u);
  EXPECT_EQ(res[7], 1088u);
  EXPECT_EQ(res[8], 2048u);
  CloseDevice(dev);
}
