// Collective benchmark (issue 18): runs the project's all-gather, reduce-scatter and all-reduce
// (tests/sim_programs/20_mesh/collectives.h) on simulated Wormhole meshes (2 devices: a 1x2 line,
// 4: a 1x4 line, 8: the 2x4 T3000 ring) and prints their simulated times next to the times
// Tenstorrent published for the same operation, device count and size. Timing-only runs (no
// payload copies). Usage: ttsim_ccl_bench [--check] (exit status 1 when the median |error|
// exceeds 15%).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "20_mesh/collectives.h"
#include "ttsim/simulator.hpp"

namespace {

// Published times: tenstorrent/tt-metal
// tech_reports/CCLs/results/SUMMARY_wormhole_b0_bfloat16_6144.md (commit 76411faa650f; runs
// 20260923_205915 and 20260923_211241): bfloat16, 2048 B pages, DRAM buffers, line topology for 2
// and 4 devices and ring for 8. Sizes follow nccl-tests: the gathered output for all_gather, each
// device's input for reduce_scatter and all_reduce.
struct Cell {
  const char* op;
  uint32_t devices;
  uint64_t bytes;
  double published_us;
};
const Cell kCells[] = {
    {"all_gather", 2, 65536, 12.35},       {"all_gather", 2, 262144, 27.74},
    {"all_gather", 2, 1048576, 89.54},     {"all_gather", 4, 65536, 14.35},
    {"all_gather", 4, 1048576, 77.49},     {"all_gather", 8, 262144, 32.52},
    {"all_gather", 8, 1048576, 71.38},     {"reduce_scatter", 2, 65536, 12.72},
    {"reduce_scatter", 2, 1048576, 75.14}, {"reduce_scatter", 4, 1048576, 101.56},
    {"reduce_scatter", 8, 1048576, 78.43}, {"all_reduce", 2, 65536, 24.15},
    {"all_reduce", 2, 1048576, 163.13},    {"all_reduce", 8, 1048576, 147.92},
};

double run(const Cell& c) {
  using namespace ccl;
  uint32_t rows = c.devices == 8 ? 2 : 1, cols = c.devices / rows;
  auto mesh = MeshDevice::create(MeshDeviceConfig(MeshShape(rows, cols)));
  uint32_t n = c.devices;
  uint32_t tiles = static_cast<uint32_t>(c.bytes / n / kBfloat16.bytes);  // per device or chunk
  double us = 0;
  std::string op = c.op;
  if (op == "all_gather") {
    auto in = dram_buffer(*mesh, tiles), out = dram_buffer(*mesh, n * tiles);
    us = all_gather(*mesh, in, out, tiles, CCL_KERNEL_DIR);
  } else if (op == "reduce_scatter") {
    auto in = dram_buffer(*mesh, n * tiles), out = dram_buffer(*mesh, tiles);
    us = reduce_scatter(*mesh, in, out, tiles, CCL_KERNEL_DIR);
  } else {
    auto in = dram_buffer(*mesh, n * tiles), out = dram_buffer(*mesh, n * tiles);
    us = all_reduce(*mesh, in, out, tiles, CCL_KERNEL_DIR);
  }
  mesh->close();
  return us;
}

}  // namespace

int main(int argc, char** argv) {
  bool check = argc > 1 && std::strcmp(argv[1], "--check") == 0;
  setenv("TTSIM_TIMING_ONLY", "1", 1);
  unsetenv("TTSIM_MESH");  // each cell opens its own mesh
  ttsim::Simulator::set_device("wormhole_b0");
  std::printf("| operation | devices | size (B) | simulated (us) | published (us) | error |\n");
  std::printf("|---|--:|--:|--:|--:|--:|\n");
  std::vector<double> errors;
  for (const Cell& c : kCells) {
    double us = run(c);
    double err = (us - c.published_us) / c.published_us;
    errors.push_back(std::fabs(err));
    std::printf("| %s | %u | %llu | %.2f | %.2f | %+.1f%% |\n", c.op, c.devices,
                static_cast<unsigned long long>(c.bytes), us, c.published_us, 100 * err);
    std::fflush(stdout);
  }
  std::sort(errors.begin(), errors.end());
  size_t m = errors.size();
  double median = m % 2 ? errors[m / 2] : (errors[m / 2 - 1] + errors[m / 2]) / 2;
  std::printf("\nmedian |error| %.1f%% over %zu cells (max %.1f%%)\n", 100 * median, m,
              100 * errors.back());
  return check && median > 0.15 ? 1 : 0;
}
