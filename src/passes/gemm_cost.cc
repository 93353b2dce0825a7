// B0's GEMM cost model (see gemm_cost.h). One block is computed by one core per round; the
// estimate is the larger of the slowest core's time (compute or its own reads, overlapped by
// the CB double buffering, plus each block's fill and the last round's output drain) and the
// time all DRAM traffic needs at the banks' peak.
#include "passes/gemm_cost.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "device/device.h"

namespace tltt::passes::gemm_cost {

namespace {

constexpr int64_t kTile = 32;
constexpr int64_t kTileElems = kTile * kTile;

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Block sizes to try along one axis: the user's block times and divided by powers of two,
// whole tiles that divide the problem size; and the grid fit: the fewest whole tiles that lay
// the axis on at most `grid` cores, when it does not divide the size (the last block then
// reaches into the padding B1 gives the tensors). On Blackhole's 11x10 grid the 64 tiles of a
// 2048 side divide into no 11 or 10 equal blocks: 6x7-tile blocks use every core.
std::vector<int64_t> sizes(int64_t size, int64_t hint, int64_t grid) {
  std::vector<int64_t> out;
  if (grid > 0) {
    const int64_t fit = ceil_div(ceil_div(size, kTile), grid) * kTile;
    if (size % fit != 0) {
      out.push_back(fit);
    }
  }
  for (int64_t b = hint; b >= kTile && b % kTile == 0; b /= 2) {
    if (size % b == 0) {
      out.push_back(b);
    }
    if (b % 2 != 0) {
      break;
    }
  }
  for (int64_t b = hint * 2; b <= size; b *= 2) {
    if (size % b == 0) {
      out.push_back(b);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

double distance(const Problem& p, const Candidate& c) {
  auto d = [](int64_t a, int64_t b) {
    return std::abs(std::log2(static_cast<double>(a) / static_cast<double>(b)));
  };
  return d(c.bm, p.block_m) + d(c.bn, p.block_n) + d(c.bk, p.block_k);
}

}  // namespace

Machine Machine::from(const device::Description& d, int64_t cores, int64_t l1_budget,
                      int64_t dst_tiles, int phases) {
  Machine m;
  m.cores = cores;
  m.l1_budget = l1_budget;
  m.dst_tiles = dst_tiles;
  const device::Timing& t = d.timing;
  // One pass per fidelity phase per tile product, plus the call's issue.
  m.matmul_tile_cycles =
      phases * (t.compute.matmul_phase_cycles + t.compute.matmul_phase_overhead) +
      t.compute.matmul_call_overhead;
  m.pack_bytes_per_cycle = t.compute.pack_bytes_per_cycle;
  m.pack_tile_overhead = t.compute.pack_tile_overhead;
  m.unpack_bytes_per_cycle = t.compute.unpack_bytes_per_cycle;
  m.core_read_bytes_per_cycle = t.noc.niu_bytes_per_cycle;
  m.dram_latency = t.noc.dram_read_latency_base;
  m.dram_bytes_per_cycle = t.dram_bytes_per_cycle();
  return m;
}

std::string Candidate::bound() const {
  if (dram >= static_cast<double>(rounds) * std::max(compute, core_read)) {
    return "DRAM";
  }
  return compute >= core_read ? "compute" : "per-core reads";
}

Candidate estimate(const Problem& p, const Machine& m, int64_t bm, int64_t bn, int64_t bk) {
  Candidate c;
  c.bm = bm;
  c.bn = bn;
  c.bk = bk;
  int64_t mt = bm / kTile, nt = bn / kTile, kt = bk / kTile, k_tiles = p.k / kTile;
  int64_t steps = p.k / bk, out_tiles = mt * nt;
  // A block size that does not divide the problem (a grid fit) pads the last block row or
  // column: every core computes a whole block, so the slowest core's time is a whole block's.
  const int64_t bw = ceil_div(p.n, bn), bh = ceil_div(p.m, bm);
  const int64_t pm = bh * bm, pn = bw * bn;
  double in_tile = static_cast<double>(p.in_bytes * kTileElems);
  double acc_tile = static_cast<double>(p.acc_bytes * kTileElems);
  double out_tile = static_cast<double>(p.out_bytes * kTileElems);
  c.blocks = bw * bh;
  c.padded = pm != p.m || pn != p.n;
  c.cores = std::min(c.blocks, m.cores);
  c.rounds = (c.blocks + c.cores - 1) / c.cores;
  // Streamed A and B blocks (CB depth `stages`), the accumulator and the double-buffered
  // output block (C1's CB sizes).
  c.l1_bytes = static_cast<int64_t>(static_cast<double>(p.stages * (mt + nt) * kt) * in_tile +
                                    static_cast<double>(out_tiles) * (acc_tile + 2 * out_tile));
  double math = static_cast<double>(out_tiles * k_tiles) * m.matmul_tile_cycles;
  double pack_out = static_cast<double>(out_tiles) * out_tile / m.pack_bytes_per_cycle;
  c.compute = math + pack_out;
  if (out_tiles > m.dst_tiles && m.l1_acc) {
    // The packer adds every K step's partials to L1 on its own thread while the math runs; they
    // are reloaded once, for the last step. Small K steps can make the packer the bottleneck.
    double pack_acc = static_cast<double>((steps - 1) * out_tiles) *
                      (m.pack_tile_overhead + acc_tile / m.pack_bytes_per_cycle);
    c.compute = std::max(
        math + (steps > 1 ? static_cast<double>(out_tiles) * acc_tile / m.unpack_bytes_per_cycle
                          : 0.0),
        pack_acc + pack_out);
  } else if (out_tiles > m.dst_tiles) {
    // The block does not fit DST: partials are packed and reloaded at every K step, in the
    // math's way.
    c.compute += static_cast<double>((steps - 1) * out_tiles) *
                 (acc_tile / m.pack_bytes_per_cycle + acc_tile / m.unpack_bytes_per_cycle);
  }
  // Without multicast A is re-read for every block column and B for every block row; with it
  // one core per row (column) reads them, so each is read once.
  const double block_out = static_cast<double>(out_tiles) * out_tile;
  auto finish = [&](Candidate& x, int64_t a_reads, int64_t b_reads) {
    // A and B are read one after the other, each ending in a barrier, every K step. A multicast
    // sender then writes what it read to its row (column) and waits for the receivers'
    // handshake, both on the reader's critical path. With D9 and one block per core the writer
    // RISC moves A while the reader moves B: the step's chain is the longer of the two.
    double step_bytes = static_cast<double>((mt + nt) * kt) * in_tile;
    double step_read = 2 * m.dram_latency + step_bytes / m.core_read_bytes_per_cycle;
    x.movers = x.multicast && m.movers && x.rounds == 1;
    if (x.movers) {
      step_read = m.dram_latency + static_cast<double>(std::max(mt, nt) * kt) * in_tile /
                                       m.core_read_bytes_per_cycle;
    }
    if (x.multicast) {
      step_read *= 2;
    }
    x.core_read = static_cast<double>(steps) * step_read;
    // Double buffering overlaps the reads of a step with the previous step's compute, but not
    // a block's first step's: long K steps delay its start.
    x.fill = step_read;
    double bytes = static_cast<double>(p.in_bytes) *
                       static_cast<double>(pm * p.k * a_reads + p.k * pn * b_reads) +
                   static_cast<double>(p.out_bytes * pm * pn);
    x.dram = bytes / m.dram_bytes_per_cycle;
    // Every core's last block is written after all compute, the cores' writes together at the
    // banks' peak (earlier blocks' writes overlap the next block's compute).
    x.drain = std::max(static_cast<double>(x.cores) * block_out / m.dram_bytes_per_cycle,
                       block_out / m.core_read_bytes_per_cycle);
    if (out_tiles > m.dst_tiles) {
      // A block larger than DST packs its last K step in one-row sub-blocks, written row by
      // row (D5, D7): that step's compute hides the writes of all but the last tile row. Long
      // K steps hide more (p150 2048^3, 224x192 blocks: 28k cycles after the math at a 64-wide
      // K step, 11k at 256, measured).
      x.drain = std::max(x.drain - x.compute / static_cast<double>(steps),
                         x.drain / static_cast<double>(mt));
    }
    // Every block starts with a fill: a core's next block shares no operand with its current
    // one, and with multicast the cores of a row (column) start it in lockstep.
    x.cycles = std::max(
        static_cast<double>(x.rounds) * (std::max(x.compute, x.core_read) + x.fill) + x.drain,
        x.dram);
  };
  c.multicast = m.multicast && bw <= m.grid_x && bh <= m.grid_y;
  finish(c, c.multicast ? 1 : bw, c.multicast ? 1 : bh);
  // A block grid larger than the core grid: a core rectangle that tiles it, laid out as the
  // block grid, with every core running the block at its position in each tile, multicasts A
  // along its rows and B along its columns; each is then read once per tile column (row).
  int64_t tw = tiling_side(bw, m.grid_x), th = tiling_side(bh, m.grid_y);
  if (m.multicast && !c.multicast && tw * th >= 2) {
    Candidate t = c;
    t.multicast = true;
    t.tile_w = tw;
    t.tile_h = th;
    t.cores = tw * th;
    t.rounds = c.blocks / t.cores;
    finish(t, bw / tw, bh / th);
    if (t.cycles < c.cycles) {
      c = t;
    }
  }
  return c;
}

int64_t tiling_side(int64_t blocks, int64_t cores) {
  for (int64_t s = std::min(blocks, cores); s > 1; --s) {
    if (blocks % s == 0) {
      return s;
    }
  }
  return 1;
}

std::vector<Candidate> rank(const Problem& p, const Machine& m) {
  std::vector<Candidate> out;
  // The block grid's rows (M) lie along the core grid's y, its columns (N) along x.
  for (int64_t bm : sizes(p.m, p.block_m, m.grid_y)) {
    for (int64_t bn : sizes(p.n, p.block_n, m.grid_x)) {
      for (int64_t bk : sizes(p.k, p.block_k, 0)) {
        Candidate c = estimate(p, m, bm, bn, bk);
        if (c.l1_bytes <= m.l1_budget) {
          out.push_back(c);
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [&](const Candidate& a, const Candidate& b) {
    return std::make_tuple(a.cycles, distance(p, a), a.bm * a.bn, a.bm, a.bk) <
           std::make_tuple(b.cycles, distance(p, b), b.bm * b.bn, b.bm, b.bk);
  });
  return out;
}

}  // namespace tltt::passes::gemm_cost
