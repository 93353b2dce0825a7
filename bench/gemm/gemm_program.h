// The bench/calibration 2-D multicast blocked GEMM on the simulated device: configuration, run,
// and the result (cycles, run statistics, host time, error against a double reference).
#pragma once
#include <cstdint>
#include <string>

#include <tt-metalium/base_types.hpp>
#include <tt-metalium/tt_backend_api_types.hpp>

#include "ttsim/stats.hpp"

namespace bench {

struct GemmConfig {
  uint32_t m = 512, k = 512, n = 512;  // multiples of 32 * grid
  uint32_t grid_x = 8, grid_y = 8;     // both at least 2 (senders multicast to the others)
  tt::DataFormat format = tt::DataFormat::Float16_b;  // A, B and C
  MathFidelity fidelity = MathFidelity::HiFi4;
  uint32_t block_w = 0;  // K tiles per block (0: choose)
  bool check = false;    // upload random inputs and compare C with a double-precision reference
};

struct GemmResult {
  uint64_t cycles = 0;
  double max_rel_err = 0;  // max |C - ref| / max |ref| (check only)
  double host_seconds = 0;
  ttsim::RunStats stats;
};

// Throws std::runtime_error for an impossible configuration.
GemmResult run_gemm(const GemmConfig& cfg);

// "BF16", "BF8_B", "BF4_B"; "LoFi", "HiFi2", ... (bench tables)
std::string format_label(tt::DataFormat f);
std::string fidelity_label(MathFidelity f);

}  // namespace bench
