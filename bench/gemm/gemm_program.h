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
  uint32_t block_w = 0;  // K tiles per block (0: choose as TTNN's default 2-D config: 4, 3, 2, 1)
  // Output subblocks (0: TTNN's default-config choice); out blocks split the per-core block.
  uint32_t sub_h = 0, sub_w = 0;
  uint32_t out_blocks_h = 1, out_blocks_w = 1;
  // Packer L1 accumulation (TTNN matmul's default for non-FP32 outputs): partial sums stay in L1
  // and the packer adds to them; without it every K block reloads the partials through DST.
  bool packer_l1_acc = true;
  // With C in the partials' format (BF16), the partials CB c_24 shares c_16's memory (one out
  // block of L1 instead of two); the compute kernel then waits for the writer to drain c_16
  // before starting the next out block. false: a separate c_24 (more L1, no such wait).
  bool share_partials = true;
  bool in0_sharded = false;  // A block-sharded in L1: the owner of each K block multicasts it
  bool out_sharded = false;  // C block-sharded in L1: packed in place, never written to DRAM
  bool check = false;        // upload random inputs and compare C with a double-precision reference
};

// The configurations of the measured GEMM table (metalium.md §4.5, TT-Metal
// tests/ttnn/unit_tests/benchmarks/test_benchmark.py): out-of-box (`a @ b`, TTNN's default
// 2-D multicast config, all DRAM) and manually tuned (matmul_shapes_* rows: in0_block_w =
// K/8/32/div, out blocks, in0 and out L1-sharded up to 3072, packer L1 accumulation).
GemmConfig out_of_box_config(uint32_t size, tt::DataFormat f, MathFidelity fid);
GemmConfig tuned_config(uint32_t size, tt::DataFormat f, MathFidelity fid);

struct GemmResult {
  uint64_t cycles = 0;
  double max_rel_err = 0;  // max |C - ref| / max |ref| (check only)
  double host_seconds = 0;
  uint64_t cb_bytes = 0;  // L1 bytes of the circular buffers on each core
  ttsim::RunStats stats;
};

// Throws std::runtime_error for an impossible configuration.
GemmResult run_gemm(const GemmConfig& cfg);

// "BF16", "BF8_B", "BF4_B"; "LoFi", "HiFi2", ... (bench tables)
std::string format_label(tt::DataFormat f);
std::string fidelity_label(MathFidelity f);

}  // namespace bench
