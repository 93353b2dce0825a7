// Runs noc_probe.cpp on chosen cores of a simulated device and turns cycle counts into latency
// (program cycles minus an empty run's) or bandwidth (bytes over those cycles).
#include "probes.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>

#include "sim/arch/arch.h"
#include "sim/timing/noc_links.h"
#include "ttsim/simulator.hpp"
#include "ttsim/stats.hpp"

namespace probes {
namespace {

using namespace tt::tt_metal;

struct Reader {
  CoreCoord core;  // logical
  bool write = false;
  bool dram = true;
  CoreCoord peer{0, 0};  // logical peer core (L1 transfers)
  uint32_t bank0 = 0, nbanks = 1;
  uint32_t size = 2048, count = 1, per_barrier = 1;
  uint32_t trids = 0;  // > 0: a ring of transaction ids instead of barriers (reads)
};

struct Probe {
  std::string device = "wormhole_b0";
  int noc = 0;
  std::vector<Reader> readers;
};

ttsim::Arch arch_of(const std::string& d) {
  ttsim::Arch a;
  ttsim::parse_arch(d, &a);
  return a;
}

// Device cycles of the probe program (count forced to 0 when `empty`).
uint64_t run(const Probe& p, bool empty) {
  ttsim::Simulator::set_device(p.device);
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  uint32_t max_size = 64, max_off = 64;
  for (const Reader& r : p.readers) {
    max_size = std::max(max_size, r.size);
    uint32_t stride = std::max<uint32_t>(r.size, 64);
    max_off = std::max(max_off, (r.count / r.nbanks + 1) * stride);
  }
  uint32_t banks = ttsim::arch_spec(arch_of(p.device)).num_dram_banks();
  distributed::DeviceLocalBufferConfig dl{.page_size = max_off, .buffer_type = BufferType::DRAM};
  auto dram = distributed::MeshBuffer::create(
      distributed::ReplicatedBufferConfig{.size = uint64_t(max_off) * banks}, dl, mesh.get());
  distributed::DeviceLocalBufferConfig ll{.page_size = max_size, .buffer_type = BufferType::L1};
  auto l1 = distributed::MeshBuffer::create(
      distributed::ReplicatedBufferConfig{.size = uint64_t(max_size) *
                                                  mesh->compute_with_storage_grid_size().x *
                                                  mesh->compute_with_storage_grid_size().y},
      ll, mesh.get());
  Program program = CreateProgram();
  std::vector<CoreCoord> cores;
  for (const Reader& r : p.readers) {
    cores.push_back(r.core);
  }
  std::set<CoreRange> ranges;
  for (auto& c : cores) {
    ranges.insert(CoreRange(c, c));
  }
  auto k =
      CreateKernel(program, std::string(BENCH_KERNEL_DIR) + "/noc_probe.cpp", CoreRangeSet(ranges),
                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                      .noc = p.noc ? NOC::RISCV_1_default : NOC::RISCV_0_default});
  for (const Reader& r : p.readers) {
    CoreCoord peer = mesh->worker_core_from_logical_core(r.peer);
    uint32_t remote =
        r.dram ? static_cast<uint32_t>(dram->address()) : static_cast<uint32_t>(l1->address());
    SetRuntimeArgs(program, k, r.core,
                   {r.write ? 1u : 0u, r.dram ? 1u : 0u, static_cast<uint32_t>(peer.x),
                    static_cast<uint32_t>(peer.y), r.bank0, r.nbanks, remote,
                    static_cast<uint32_t>(l1->address()), r.size, empty ? 0u : r.count,
                    r.per_barrier, std::max<uint32_t>(r.size, 64), r.trids});
  }
  distributed::MeshWorkload w;
  w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(mesh->mesh_command_queue(), w, false);
  distributed::Finish(mesh->mesh_command_queue());
  uint64_t cycles = ttsim::last_run_stats(*mesh).device_cycles;
  mesh->close();
  return cycles;
}

uint64_t net_cycles(const Probe& p) { return run(p, false) - run(p, true); }

double clock_ghz(const std::string& device) { return device == "blackhole" ? 1.35 : 1.0; }

// Total bytes moved by the probe / net cycles, in GB/s at the device clock.
double gbps(const Probe& p) {
  double bytes = 0;
  for (const Reader& r : p.readers) {
    bytes += double(r.size) * r.count;
  }
  return bytes / net_cycles(p) * clock_ghz(p.device);
}

// The worker for DRAM bank `b` when its data comes back on NoC0 (east, then south): the free
// worker with the fewest hops from the bank, as TT-Metal's
// get_optimal_dram_bank_to_logical_worker_assignment(NOC_0) places bank-adjacent readers.
CoreCoord adjacent_worker(const std::string& device, uint32_t b, std::vector<CoreCoord>& taken) {
  const ttsim::ArchSpec& s = ttsim::arch_spec(arch_of(device));
  ttsim::XY d = s.dram_bank_xy(b);
  CoreCoord best{0, 0};
  uint32_t best_cost = UINT32_MAX;
  for (uint32_t ly = 0; ly < s.grid_y(); ++ly) {
    for (uint32_t lx = 0; lx < s.grid_x(); ++lx) {
      CoreCoord c{lx, ly};
      if (std::find(taken.begin(), taken.end(), c) != taken.end()) {
        continue;
      }
      uint32_t cost = ttsim::noc_route(s.desc->noc_x, s.desc->noc_y, 0, d,
                                       {s.desc->worker_x[lx], s.desc->worker_y[ly]}, nullptr);
      if (cost < best_cost) {
        best_cost = cost;
        best = c;
      }
    }
  }
  taken.push_back(best);
  return best;
}

// One reader per bank, each reading its own bank: a barrier every `depth` reads, or with
// `trids` > 0 a transaction-id ring of that depth.
Probe bank_readers(const std::string& device, uint32_t size, uint32_t count, uint32_t depth,
                   bool adjacent, uint32_t trids = 0) {
  Probe p;
  p.device = device;
  const ttsim::ArchSpec& s = ttsim::arch_spec(arch_of(device));
  std::vector<CoreCoord> taken;
  for (uint32_t b = 0; b < s.num_dram_banks(); ++b) {
    Reader r;
    r.core =
        adjacent ? adjacent_worker(device, b, taken) : CoreCoord{b % s.grid_x(), b / s.grid_x()};
    r.bank0 = b;
    r.nbanks = 1;
    r.size = size;
    r.count = count;
    r.per_barrier = depth;
    r.trids = trids;
    p.readers.push_back(r);
  }
  return p;
}

Probe one(const std::string& device, int noc, bool write, bool dram, uint32_t size, uint32_t count,
          uint32_t nbanks = 1) {
  Probe p;
  p.device = device;
  p.noc = noc;
  Reader r;
  r.core = {0, 0};
  r.peer = {1, 1};  // one-to-one: a diagonal neighbour
  r.write = write;
  r.dram = dram;
  r.size = size;
  r.count = count;
  r.per_barrier = count;
  r.nbanks = nbanks;
  p.readers.push_back(r);
  return p;
}

}  // namespace

std::vector<Cell> dram_cells() {
  std::vector<Cell> c;
  // The reports' readers stream their bank with max-size packets and trid double-buffering.
  c.push_back({"4.6", "WH 12 bank-adjacent readers, 8 KB (GB/s)", 267,
               gbps(bank_readers("wormhole_b0", 8192, 128, 0, true, 2)), "GB/s"});
  c.push_back({"4.6", "BH 8 bank-adjacent readers, 16 KB (GB/s)", 500,
               gbps(bank_readers("blackhole", 16384, 64, 0, true, 2)), "GB/s"});
  c.push_back({"4.6", "BH 16 KB, trid depth 2, arbitrary cores (GB/s)", 344,
               gbps(bank_readers("blackhole", 16384, 64, 0, false, 2)), "GB/s"});
  // "Per-tile reads, barrier per block": 2 KB tile reads, a barrier per 16 KB block (the packet
  // of the later stages; the report's table shows 1 outstanding 16 KB read at the same 186 GB/s).
  c.push_back({"4.6", "BH 2 KB tiles, barrier per 16 KB block (GB/s)", 188,
               gbps(bank_readers("blackhole", 2048, 256, 8, false)), "GB/s"});
  // §4.7(d): a single reader doing read -> barrier per tile, interleaved over all banks.
  Probe p = one("wormhole_b0", 0, false, true, 2048, 64, 12);
  p.readers[0].per_barrier = 1;
  c.push_back({"4.7d", "WH one tile per barrier, 1 core (B/cycle)", 6.0, gbps(p), "B/cycle"});
  ttsim::Simulator::set_device("wormhole_b0");
  return c;
}

std::vector<Cell> noc_cells() {
  std::vector<Cell> c;
  // (a) TTNN per-core DRAM bandwidth by transaction size, WH (interleaved over 12 banks).
  const std::pair<uint32_t, double> dram_bw[] = {
      {16, 0.436},  {64, 1.736},  {256, 6.975}, {512, 13.9},   {1024, 27.9},
      {2048, 28.4}, {4096, 28.2}, {8192, 28.5}, {16384, 27.8}, {65536, 28.7}};
  for (auto [size, bw] : dram_bw) {
    uint32_t n = size >= 16384 ? 32 : 128;
    c.push_back({"4.7a", "WH 1-core DRAM read " + std::to_string(size) + " B (GB/s)", bw,
                 gbps(one("wormhole_b0", 0, false, true, size, n, 12)), "GB/s"});
  }
  const std::pair<uint32_t, double> l1_bw[] = {{64, 3.48}, {256, 13.8}, {512, 27.1}, {2048, 29.5}};
  for (auto [size, bw] : l1_bw) {
    c.push_back({"4.7a", "WH 1-core L1 read " + std::to_string(size) + " B (GB/s)", bw,
                 gbps(one("wormhole_b0", 1, false, false, size, 128)), "GB/s"});
  }
  c.push_back({"4.7a", "WH first-transaction latency, L1 read", 259,
               double(net_cycles(one("wormhole_b0", 1, false, false, 32, 1))), "cycles"});
  c.push_back({"4.7a", "WH first-transaction latency, L1 write", 256,
               double(net_cycles(one("wormhole_b0", 0, true, false, 32, 1))), "cycles"});
  c.push_back({"4.7a", "WH first-transaction latency, DRAM read", 358,
               double(net_cycles(one("wormhole_b0", 0, false, true, 32, 1))), "cycles"});
  // (c) NoC estimator latencies (cycles) for one transaction of a size, and 256 x size.
  struct Lat {
    const char* dev;
    int noc;
    bool write, dram;
    uint32_t size, count;
    double cycles;
    const char* what;
  };
  const Lat lat[] = {
      {"wormhole_b0", 0, true, false, 64, 1, 293, "WH L1 write NoC0"},
      {"wormhole_b0", 0, true, false, 2048, 1, 375, "WH L1 write NoC0"},
      {"wormhole_b0", 0, true, false, 8192, 1, 613, "WH L1 write NoC0"},
      {"wormhole_b0", 0, true, false, 65536, 1, 2501, "WH L1 write NoC0"},
      {"wormhole_b0", 0, true, false, 8192, 256, 67768, "WH L1 write NoC0"},
      {"wormhole_b0", 1, false, false, 64, 1, 293, "WH L1 read NoC1"},
      {"wormhole_b0", 1, false, false, 2048, 1, 366, "WH L1 read NoC1"},
      {"wormhole_b0", 1, false, false, 8192, 1, 581, "WH L1 read NoC1"},
      {"wormhole_b0", 1, false, false, 65536, 1, 2589, "WH L1 read NoC1"},
      {"wormhole_b0", 1, false, false, 8192, 256, 73634, "WH L1 read NoC1"},
      {"blackhole", 0, true, false, 64, 1, 358, "BH L1 write NoC0"},
      {"blackhole", 0, true, false, 2048, 1, 403, "BH L1 write NoC0"},
      {"blackhole", 0, true, false, 8192, 1, 510, "BH L1 write NoC0"},
      {"blackhole", 0, true, false, 65536, 1, 1441, "BH L1 write NoC0"},
      {"blackhole", 1, false, false, 64, 1, 373, "BH L1 read NoC1"},
      {"blackhole", 1, false, false, 2048, 1, 414, "BH L1 read NoC1"},
      {"blackhole", 1, false, false, 8192, 1, 510, "BH L1 read NoC1"},
      {"blackhole", 1, false, false, 65536, 1, 1457, "BH L1 read NoC1"},
      {"blackhole", 1, false, false, 8192, 256, 34473, "BH L1 read NoC1"},
      {"wormhole_b0", 0, false, true, 64, 1, 500, "WH DRAM-sharded read NoC0"},
      {"wormhole_b0", 0, false, true, 2048, 1, 485, "WH DRAM-sharded read NoC0"},
      {"wormhole_b0", 0, false, true, 8192, 1, 732, "WH DRAM-sharded read NoC0"},
      {"wormhole_b0", 0, false, true, 2048, 256, 24026, "WH DRAM-sharded read NoC0"},
      {"blackhole", 0, false, true, 64, 1, 481, "BH DRAM-sharded read NoC0"},
      {"blackhole", 0, false, true, 2048, 1, 538, "BH DRAM-sharded read NoC0"},
      {"blackhole", 0, false, true, 8192, 1, 665, "BH DRAM-sharded read NoC0"},
      {"blackhole", 0, false, true, 2048, 256, 12898, "BH DRAM-sharded read NoC0"},
  };
  // (e) TT-Metal's data-movement microbenchmark (tests/tt_metal/tt_metal/data_movement/dram_unary,
  // test 0, documentation/perf_plots/<arch>/DRAM Interleaved Packet Sizes.md): core (0,0) issues
  // 256 transactions to one DRAM channel (reads on NoC1, writes on NoC0), then one barrier. The
  // flat small-size rows are the per-transaction costs (noc.dram_read/write_transaction_cycles);
  // the large rows are one channel's stream.
  const Lat dm[] = {
      {"wormhole_b0", 1, false, true, 64, 256, 5515, "WH DM bench, one channel, read"},
      {"wormhole_b0", 1, false, true, 1024, 256, 12076, "WH DM bench, one channel, read"},
      {"wormhole_b0", 1, false, true, 16384, 256, 188061, "WH DM bench, one channel, read"},
      {"wormhole_b0", 0, true, true, 256, 256, 6306, "WH DM bench, one channel, write"},
      {"wormhole_b0", 0, true, true, 1024, 256, 12435, "WH DM bench, one channel, write"},
      {"blackhole", 1, false, true, 64, 256, 9363, "BH DM bench, one channel, read"},
      {"blackhole", 1, false, true, 1024, 256, 12594, "BH DM bench, one channel, read"},
      {"blackhole", 1, false, true, 16384, 256, 178012, "BH DM bench, one channel, read"},
      {"blackhole", 0, true, true, 256, 256, 6526, "BH DM bench, one channel, write"},
      {"blackhole", 0, true, true, 1024, 256, 12278, "BH DM bench, one channel, write"},
  };
  for (const Lat& l : dm) {
    std::string label = std::string(l.what) + " 256x" + std::to_string(l.size) + " B";
    c.push_back({"4.7e", label, l.cycles,
                 double(net_cycles(one(l.dev, l.noc, l.write, l.dram, l.size, l.count))),
                 "cycles"});
  }
  for (const Lat& l : lat) {
    std::string label = std::string(l.what) + " " +
                        (l.count > 1 ? std::to_string(l.count) + "x" : "") +
                        std::to_string(l.size) + " B";
    c.push_back({"4.7c", label, l.cycles,
                 double(net_cycles(one(l.dev, l.noc, l.write, l.dram, l.size, l.count))),
                 "cycles"});
  }
  ttsim::Simulator::set_device("wormhole_b0");
  return c;
}

std::vector<Cell> trid_cells() {
  // TT-Metal's Blackhole DRAM report (metalium.md §4.6): 8 readers on arbitrary cores, 16 KB
  // packets, a ring of 1 transaction id (a barrier per read) = 186 GB/s, depth 2..15 = 344 GB/s.
  std::vector<Cell> c;
  const std::pair<uint32_t, double> depth_gbps[] = {{1, 186}, {2, 344}, {4, 344}, {15, 344}};
  for (auto [depth, measured] : depth_gbps) {
    c.push_back({"4.6", "BH 16 KB, trid depth " + std::to_string(depth) + ", arbitrary cores",
                 measured, gbps(bank_readers("blackhole", 16384, 64, 0, false, depth)), "GB/s"});
  }
  // Wormhole: only depth 2 is published (267 GB/s); measured -1 marks a cell without a figure.
  for (uint32_t depth : {1u, 2u, 4u}) {
    c.push_back({"model", "WH 8 KB, trid depth " + std::to_string(depth) + ", bank-adjacent",
                 depth == 2 ? 267.0 : -1.0,
                 gbps(bank_readers("wormhole_b0", 8192, 128, 0, true, depth)), "GB/s"});
  }
  ttsim::Simulator::set_device("wormhole_b0");
  return c;
}

}  // namespace probes
