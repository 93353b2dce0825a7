// Microbenchmarks of the costs the compiler chooses between (issue 15 item 5), each run on the
// simulated device in timing-only mode and printed next to a published figure where one exists:
// multicast vs unicast (and two senders sharing links), transaction-id ring depth, packer L1
// accumulation, matmul_block vs matmul_tiles, SFPU ops in one DST acquire vs one per op, and a
// CB sharing its memory with another. `ttsim_costs [--quick]` (--quick skips the GEMM rows).
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>

#include "gemm/gemm_program.h"
#include "probes.h"
#include "sim/numerics/numerics.h"
#include "ttsim/simulator.hpp"
#include "ttsim/stats.hpp"

namespace {

using namespace tt::tt_metal;

void header(const char* title) {
  std::printf("\n== %s\n%-52s %12s %12s %8s\n", title, "case", "model", "published", "error");
}

// A published figure of < 0 means none exists: the row shows the model alone.
void row(const std::string& what, double model, double published, const char* unit) {
  if (published >= 0) {
    std::printf("%-52s %12.1f %12.1f %+7.1f%%  %s\n", what.c_str(), model, published,
                100.0 * (model - published) / published, unit);
  } else {
    std::printf("%-52s %12.1f %12s %8s  %s\n", what.c_str(), model, "-", "", unit);
  }
}

uint64_t run_workload(const std::shared_ptr<distributed::MeshDevice>& mesh, Program program) {
  distributed::MeshWorkload w;
  w.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(mesh->mesh_command_queue(), w, false);
  distributed::Finish(mesh->mesh_command_queue());
  return ttsim::last_run_stats(*mesh).device_cycles;
}

// ---- multicast ----------------------------------------------------------------------------------
// Senders at logical (i, 0) write `count` x `size` bytes to the w x h rectangle from (0, 0)
// (themselves included) on NoC0; net cycles (the run minus the same run with count 0).
uint64_t mcast_cycles(bool mcast, uint32_t w, uint32_t h, uint32_t size, uint32_t count,
                      uint32_t senders = 1) {
  auto run = [&](uint32_t n) {
    auto mesh = distributed::MeshDevice::create_unit_mesh(0);
    const auto grid = mesh->compute_with_storage_grid_size();
    distributed::DeviceLocalBufferConfig ll{.page_size = size, .buffer_type = BufferType::L1};
    auto l1 = distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = uint64_t(size) * grid.x * grid.y}, ll,
        mesh.get());
    Program program = CreateProgram();
    CoreRange senders_range({0, 0}, {senders - 1, 0});
    auto k =
        CreateKernel(program, std::string(BENCH_KERNEL_DIR) + "/mcast_probe.cpp", senders_range,
                     DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                        .noc = NOC::RISCV_0_default});
    std::vector<uint32_t> args = {mcast ? 1u : 0u,
                                  static_cast<uint32_t>(l1->address()),
                                  static_cast<uint32_t>(l1->address()),
                                  size,
                                  n,
                                  w,
                                  h};
    for (uint32_t x = 0; x < w; ++x) {
      args.push_back(static_cast<uint32_t>(mesh->worker_core_from_logical_core({x, 0}).x));
    }
    for (uint32_t y = 0; y < h; ++y) {
      args.push_back(static_cast<uint32_t>(mesh->worker_core_from_logical_core({0, y}).y));
    }
    for (uint32_t s = 0; s < senders; ++s) {
      SetRuntimeArgs(program, k, CoreCoord{s, 0}, args);
    }
    uint64_t c = run_workload(mesh, std::move(program));
    mesh->close();
    return c;
  };
  return run(count) - run(0);
}

void multicast() {
  ttsim::Simulator::set_device("wormhole_b0");
  // TT-Metal tests/tt_metal/tt_metal/data_movement/one_to_all (sender (0,0), loopback multicast
  // to the rectangle from (0,0), NoC0, 2 KB = 64 pages of 32 B, the largest size the test
  // measures on WH) as recorded in tt_metal/impl/experimental/noc_estimator/latencies/
  // noc_latencies.yaml (mechanism MULTICAST, pattern ONE_TO_ALL, loopback): cycles.
  struct Shape {
    uint32_t w, h;
    double one, many, one64, many64;  // 1 x 2 KB, 256 x 2 KB, 1 x 64 B, 256 x 64 B
  };
  const Shape shapes[] = {{2, 2, 410, 27381, 329, 10529},
                          {3, 3, 449, 36566, 358, 18723},
                          {5, 5, 560, 67301, 470, 46881},
                          {8, 7, 651, 84613, 566, 67883}};
  header("multicast, WH, one sender, loopback, NoC0 (cycles)");
  for (const Shape& s : shapes) {
    const std::string r = std::to_string(s.w) + "x" + std::to_string(s.h);
    row("multicast to " + r + ", 1 x 64 B", double(mcast_cycles(true, s.w, s.h, 64, 1)), s.one64,
        "cycles");
    row("multicast to " + r + ", 256 x 64 B", double(mcast_cycles(true, s.w, s.h, 64, 256)),
        s.many64, "cycles");
    row("multicast to " + r + ", 1 x 2 KB", double(mcast_cycles(true, s.w, s.h, 2048, 1)), s.one,
        "cycles");
    row("multicast to " + r + ", 256 x 2 KB", double(mcast_cycles(true, s.w, s.h, 2048, 256)),
        s.many, "cycles");
    row("unicast to each of " + r + ", 256 x 2 KB",
        double(mcast_cycles(false, s.w, s.h, 2048, 256)), -1, "cycles");
  }
  // Link sharing: two senders in row 0 multicast to the same 8x7 rectangle at once (their routes
  // share the row's eastbound links and every receiver's port).
  row("8x7, 256 x 2 KB, one sender", double(mcast_cycles(true, 8, 7, 2048, 256)), -1, "cycles");
  row("8x7, 256 x 2 KB each, two senders at once", double(mcast_cycles(true, 8, 7, 2048, 256, 2)),
      -1, "cycles");
}

// ---- transaction ids ----------------------------------------------------------------------------
void trids() {
  header("DRAM reads, transaction-id ring depth (GB/s)");
  for (const probes::Cell& c : probes::trid_cells()) {
    row(c.label, c.model, c.measured, c.unit.c_str());
  }
}

// ---- compute ------------------------------------------------------------------------------------
// One core: BRISC supplies `blocks` blocks of CB pages without NoC traffic, NCRISC drains c_16,
// the compute kernel runs bench/kernels/cost_compute.cpp in `mode`; net cycles.
uint64_t compute_cycles(uint32_t mode, uint32_t blocks, uint32_t rt, uint32_t ct, uint32_t kt,
                        uint32_t ops, MathFidelity fid,
                        tt::DataFormat fmt = tt::DataFormat::Float16_b) {
  auto run = [&](uint32_t nb) {
    auto mesh = distributed::MeshDevice::create_unit_mesh(0);
    Program program = CreateProgram();
    CoreCoord core{0, 0};
    const bool mm = mode <= 1;
    const uint32_t n0 = mm ? rt * kt : 1, n1 = mm ? kt * ct : 0, n16 = mm ? rt * ct : 1;
    const uint32_t tile = ttsim::num::tile_size_bytes(fmt);
    auto cb = [&](uint8_t id, uint32_t pages) {
      CircularBufferConfig c(pages * tile, {{id, fmt}});
      c.set_page_size(id, tile);
      CreateCircularBuffer(program, core, c);
    };
    cb(tt::CBIndex::c_0, 2 * n0);
    if (n1) {
      cb(tt::CBIndex::c_1, 2 * n1);
    }
    cb(tt::CBIndex::c_16, 2 * n16);
    cb(tt::CBIndex::c_24, 2);
    cb(tt::CBIndex::c_25, 2);
    const std::string dir = BENCH_KERNEL_DIR;
    auto feed = CreateKernel(program, dir + "/cost_feed.cpp", core,
                             DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                .noc = NOC::RISCV_0_default});
    auto drain = CreateKernel(program, dir + "/cost_feed.cpp", core,
                              DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                 .noc = NOC::RISCV_1_default});
    SetRuntimeArgs(program, feed, core, {1u, nb, n0, n1, n16});
    SetRuntimeArgs(program, drain, core, {0u, nb, n0, n1, n16});
    CreateKernel(program, dir + "/cost_compute.cpp", core,
                 ComputeConfig{.math_fidelity = fid, .compile_args = {mode, nb, rt, ct, kt, ops}});
    uint64_t c = run_workload(mesh, std::move(program));
    mesh->close();
    return c;
  };
  return run(blocks) - run(0);
}

void matmul_calls() {
  ttsim::Simulator::set_device("wormhole_b0");
  header("matmul_tiles vs matmul_block, WH, 1 core, 64 blocks of 8 K tiles (cycles per product)");
  // metalium.md §4.3: 16 cycles per 32x32x32 tile product per fidelity phase is the ideal; §4.5
  // headline: real kernels reach ~93% of it. BF4_B LoFi and BF16 HiFi4 are the math-bound
  // pairings (BF16 LoFi would be unpack-bound: 4 KB of operands per 16-cycle product).
  const uint32_t blocks = 64, kt = 8;
  struct Sub {
    uint32_t rt, ct;
  };
  const std::pair<tt::DataFormat, MathFidelity> types[] = {
      {tt::DataFormat::Bfp4_b, MathFidelity::LoFi},
      {tt::DataFormat::Float16_b, MathFidelity::HiFi4}};
  for (auto [fmt, fid] : types) {
    const double ideal = fid == MathFidelity::LoFi ? 16 : 64;
    for (Sub s : {Sub{1, 1}, Sub{2, 4}, Sub{4, 2}}) {
      const double products = double(blocks) * s.rt * s.ct * kt;
      const std::string shape = std::to_string(s.rt) + "x" + std::to_string(s.ct) + " " +
                                bench::format_label(fmt) + " " + bench::fidelity_label(fid);
      row("matmul_tiles, subblock " + shape,
          compute_cycles(0, blocks, s.rt, s.ct, kt, 0, fid, fmt) / products, ideal / 0.93,
          "cyc/product");
      row("matmul_block, subblock " + shape,
          compute_cycles(1, blocks, s.rt, s.ct, kt, 0, fid, fmt) / products, ideal / 0.93,
          "cyc/product");
    }
  }
}

void sfpu_chains() {
  ttsim::Simulator::set_device("wormhole_b0");
  header("SFPU exp chain, WH, 1 core, 256 tiles (cycles per tile)");
  for (uint32_t ops : {1u, 2u, 4u, 8u}) {
    const std::string n = std::to_string(ops) + " op" + (ops > 1 ? "s" : "");
    row(n + " in one DST acquire",
        compute_cycles(2, 256, 1, 1, 1, ops, MathFidelity::HiFi4) / 256.0, -1, "cyc/tile");
    if (ops > 1) {
      row(n + ", one acquire (and CB round trip) per op",
          compute_cycles(3, 256, 1, 1, 1, ops, MathFidelity::HiFi4) / 256.0, -1, "cyc/tile");
    }
  }
}

// ---- GEMM-level choices -------------------------------------------------------------------------
void gemm_choices() {
  ttsim::Simulator::set_device("wormhole_b0");
  header("packer L1 accumulation, WH 8x8 out-of-box GEMM (matrix utilization %)");
  struct G {
    uint32_t size;
    tt::DataFormat f;
    MathFidelity fid;
  };
  for (G g : {G{1024, tt::DataFormat::Bfp8_b, MathFidelity::LoFi},
              G{2048, tt::DataFormat::Bfp8_b, MathFidelity::LoFi},
              G{2048, tt::DataFormat::Float16_b, MathFidelity::HiFi4}}) {
    bench::GemmConfig cfg = bench::out_of_box_config(g.size, g.f, g.fid);
    const std::string name = std::to_string(g.size) + "^3 " + bench::format_label(g.f) + " " +
                             bench::fidelity_label(g.fid);
    for (bool acc : {true, false}) {
      cfg.packer_l1_acc = acc;
      bench::GemmResult r = bench::run_gemm(cfg);
      row(name + (acc ? ", packer L1 acc" : ", reload partials"), 100 * r.stats.matrix_utilization,
          -1, "%");
    }
  }
  header("CB sharing: partials in C's CB vs their own, WH 8x8 2048^3 BF16 HiFi2, 2x2 out blocks");
  bench::GemmConfig cfg =
      bench::out_of_box_config(2048, tt::DataFormat::Float16_b, MathFidelity::HiFi2);
  cfg.out_blocks_h = cfg.out_blocks_w = 2;
  cfg.sub_h = 1;
  cfg.sub_w = 4;
  for (bool share : {true, false}) {
    cfg.share_partials = share;
    bench::GemmResult r = bench::run_gemm(cfg);
    row(std::string(share ? "c_24 shares c_16" : "c_24 separate") + ": CB L1 per core",
        r.cb_bytes / 1024.0, -1, "KB");
    row(std::string(share ? "c_24 shares c_16" : "c_24 separate") + ": device cycles",
        double(r.cycles), -1, "cycles");
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  setenv("TTSIM_TIMING_ONLY", "1", 1);  // cycle counts equal functional runs (tested)
  multicast();
  trids();
  matmul_calls();
  sfpu_chains();
  if (!quick) {
    gemm_choices();
  }
  return 0;
}
