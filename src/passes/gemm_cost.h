// The analytic GEMM cost model of B0 (work decomposition): per-core block candidates for one
// C[M, N] = A[M, K] @ B[K, N], pruned by L1 and ranked by estimated cycles from the compute,
// per-core NoC and DRAM terms of the device description. Kept apart from the IR so it can be
// tested on its own (tests/passes/gemm_cost_test.cc).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tltt::device {
struct Description;
}

namespace tltt::passes::gemm_cost {

// The device terms the model uses, read from the device description.
struct Machine {
  int64_t cores = 64;
  int64_t l1_budget = 0;  // bytes of L1 the CBs may use per core
  int64_t dst_tiles = 4;  // DST tiles of one acquire at the accumulator's format
  double matmul_tile_cycles =
      70;  // one 32x32x32 tile product at the fidelity, with its call overhead
  double pack_bytes_per_cycle = 64, unpack_bytes_per_cycle = 80;
  double pack_tile_overhead = 12;         // cycles per packed tile besides its bytes
  double core_read_bytes_per_cycle = 28;  // what one core's NoC interface absorbs
  double dram_bytes_per_cycle = 278;      // all DRAM banks together
  double dram_latency = 300;              // cycles of one DRAM read round trip
  // Operand multicast (D8) is on: a block grid that fits the core grid one block per core
  // reads A once per core row and B once per core column.
  bool multicast = false;
  // Packer L1 accumulation (D4a) is on: a block larger than DST packs its partials every K step
  // on the pack thread, alongside the math, and reloads them once instead of every step.
  bool l1_acc = false;
  // D9 (operand-movers) is on: with one block per core the row operand (A) is read and
  // multicast by the writer RISC while the reader moves B, so each step's chain is the longer
  // of the two instead of their sum.
  bool movers = false;
  int64_t grid_x = 8, grid_y = 8;

  // `phases`: the matrix engine's passes per tile product at the kernel's fidelity (4: HiFi4).
  static Machine from(const device::Description& d, int64_t cores, int64_t l1_budget,
                      int64_t dst_tiles, int phases = 4);
};

// The problem: sizes in elements, element bytes of the operands, accumulator and output, the
// user's block (the hint) and the CB depth of the streamed operands.
struct Problem {
  int64_t m = 0, n = 0, k = 0;
  int64_t in_bytes = 2, acc_bytes = 4, out_bytes = 2;
  int64_t block_m = 32, block_n = 32, block_k = 32;
  int64_t stages = 2;
};

struct Candidate {
  int64_t bm = 0, bn = 0, bk = 0;
  int64_t blocks = 0, cores = 0, rounds = 0;
  int64_t l1_bytes = 0;
  bool multicast = false;  // A and B are multicast (Machine::multicast and the layout allows)
  // The block does not divide M or N (a grid fit): the last block row or column reaches into
  // the tensors' padding, and `blocks` counts the padded block grid.
  bool padded = false;
  bool tiled() const { return tile_w > 0; }
  double compute = 0, core_read = 0, dram = 0;  // cycles of each term
  double fill = 0;  // the first K step's reads, before any compute can start
  // The last round's output writes left after all compute: the last K step's compute hides all
  // but the last tile row's (D5 packs one-row sub-blocks, D7 writes them row by row).
  double drain = 0;
  bool movers = false;  // A and B on the two data-movement RISCs (Machine::movers, one round)
  // With multicast on a block grid larger than the core grid: the cores form a tile_w x tile_h
  // rectangle laid out as the block grid, several blocks per core (B1's multicast tiling).
  int64_t tile_w = 0, tile_h = 0;
  double cycles = 0;          // the estimate the ranking uses
  std::string bound() const;  // "compute", "per-core reads" or "DRAM"
};

// The L1-feasible candidates, best first (ties: closest to the user's block, then smaller
// blocks), deterministic. The user's block is always among them when it fits L1.
std::vector<Candidate> rank(const Problem& p, const Machine& m);

// The side of the core rectangle that tiles `blocks` blocks along one axis of a grid `cores`
// wide: the largest divisor of `blocks` not above `cores`. B1's multicast tiling uses it too.
int64_t tiling_side(int64_t blocks, int64_t cores);
Candidate estimate(const Problem& p, const Machine& m, int64_t bm, int64_t bn, int64_t bk);

}  // namespace tltt::passes::gemm_cost
