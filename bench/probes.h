// Data-movement calibration probes (bench/kernels/noc_probe.cpp) and the measured cells of
// metalium.md §4.6-4.7 they are compared with.
#pragma once
#include <string>
#include <vector>

namespace probes {

struct Cell {
  std::string table, label;
  double measured, model;
  std::string unit;
  std::string unpack_class = "";  // GEMM cells: "float" or "bfp" operand tiles (bench/calibrate)
};

std::vector<Cell> dram_cells();  // §4.6 DRAM read bandwidth (GB/s) + §4.7(d) B/cycle
std::vector<Cell> noc_cells();
std::vector<Cell> trid_cells();  // §4.6 transaction-id ring depth sweep (BH; WH model only)   //
                                 // §4.7(a) per-core bandwidth by size, (c) latency by size

}  // namespace probes
