// Host side of the bench GEMM: per-core output blocks of (M/grid_y) x (N/grid_x) tiles; column-0
// cores (or the K-block owners) multicast A along rows, row-0 cores multicast B down columns.
#include "gemm/gemm_program.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#include "sim/numerics/numerics.h"

namespace bench {

using namespace tt::tt_metal;
using MeshBufferPtr = std::shared_ptr<distributed::MeshBuffer>;

namespace {

MeshBufferPtr make_buffer(distributed::MeshDevice& mesh, uint64_t bytes, uint64_t page) {
  distributed::DeviceLocalBufferConfig local{.page_size = page, .buffer_type = BufferType::DRAM};
  distributed::ReplicatedBufferConfig global{.size = bytes};
  return distributed::MeshBuffer::create(global, local, &mesh);
}

// Row-major rows x cols floats → tiles (row-major tile order) packed in `fmt`; `quant` receives
// the values the device sees.
std::vector<uint8_t> to_tiles(const std::vector<float>& v, uint32_t rows, uint32_t cols,
                              tt::DataFormat fmt, std::vector<float>* quant) {
  uint32_t tb = ttsim::num::tile_size_bytes(fmt), rt = rows / 32, ct = cols / 32;
  std::vector<uint8_t> out(size_t(rt) * ct * tb);
  quant->assign(v.size(), 0.0f);
  float tile[1024], back[1024];
  for (uint32_t tr = 0; tr < rt; ++tr) {
    for (uint32_t tc = 0; tc < ct; ++tc) {
      for (int r = 0; r < 32; ++r) {
        for (int c = 0; c < 32; ++c) {
          tile[ttsim::num::tile_index(r, c)] = v[size_t(tr * 32 + r) * cols + tc * 32 + c];
        }
      }
      uint8_t* dst = out.data() + (size_t(tr) * ct + tc) * tb;
      ttsim::num::pack_tile(fmt, tile, dst);
      ttsim::num::unpack_tile(fmt, dst, back);
      for (int r = 0; r < 32; ++r) {
        for (int c = 0; c < 32; ++c) {
          (*quant)[size_t(tr * 32 + r) * cols + tc * 32 + c] = back[ttsim::num::tile_index(r, c)];
        }
      }
    }
  }
  return out;
}

const uint32_t kSubblockChoices[][2] = {{4, 2}, {2, 4}, {8, 1}, {1, 8}, {7, 1}, {1, 7}, {3, 2},
                                        {2, 3}, {6, 1}, {1, 6}, {5, 1}, {1, 5}, {2, 2}, {4, 1},
                                        {1, 4}, {3, 1}, {1, 3}, {2, 1}, {1, 2}, {1, 1}};

// test_benchmark.py's get_subblock_sizes (tuned rows): the first (h, w) of the preference list
// dividing the out block; a sharded output packs whole rows in place, so it needs h == 1.
std::pair<uint32_t, uint32_t> tuned_subblock(uint32_t bh, uint32_t bw, bool out_sharded) {
  for (const auto& c : kSubblockChoices) {
    if (out_sharded && c[0] != 1) {
      continue;
    }
    if (bh % c[0] == 0 && bw % c[1] == 0) {
      return {c[0], c[1]};
    }
  }
  return {1, 1};
}

// TTNN's default 2-D config (matmul_program_config.cpp, create_matmul_program_config): its
// get_subblock_sizes reads each pair as (w, h), and the subblock is one row high unless it spans
// the core block's width.
std::pair<uint32_t, uint32_t> default_subblock(uint32_t bh, uint32_t bw) {
  for (const auto& c : kSubblockChoices) {
    uint32_t w = c[0], h = c[1];
    if (bh % h == 0 && bw % w == 0) {
      return {w == bw ? h : 1, w};
    }
  }
  return {1, 1};
}

}  // namespace

std::string format_label(tt::DataFormat f) {
  switch (f) {
    case tt::DataFormat::Float16_b:
      return "BF16";
    case tt::DataFormat::Bfp8_b:
      return "BF8_B";
    case tt::DataFormat::Bfp4_b:
      return "BF4_B";
    default:
      return ttsim::num::format_name(f);
  }
}

GemmConfig out_of_box_config(uint32_t size, tt::DataFormat f, MathFidelity fid) {
  GemmConfig c;
  c.m = c.n = c.k = size;
  c.format = f;
  c.fidelity = fid;
  return c;  // block_w, subblocks: TTNN's defaults (run_gemm); all DRAM; packer L1 accumulation
}

GemmConfig tuned_config(uint32_t size, tt::DataFormat f, MathFidelity fid) {
  GemmConfig c = out_of_box_config(size, f, fid);
  // (in0 and out sharded, in0_block_w_div, num_out_blocks_h/w) of test_benchmark.py's rows.
  struct Row {
    uint32_t size;
    bool sharded;
    uint32_t div, blocks;
  };
  static const Row bf16[] = {{512, true, 1, 1},
                             {1024, true, 1, 1},
                             {2048, true, 1, 1},
                             {3072, true, 4, 1},
                             {4096, false, 1, 2}};
  static const Row bf8[] = {{512, true, 1, 1},
                            {1024, true, 1, 1},
                            {2048, true, 1, 1},
                            {3072, true, 2, 1},
                            {4096, false, 1, 2}};
  static const Row bf4[] = {{512, true, 1, 1},
                            {1024, true, 1, 1},
                            {2048, true, 1, 1},
                            {3072, true, 1, 1},
                            {4096, true, 2, 1}};
  const Row* rows = f == tt::DataFormat::Bfp8_b ? bf8 : f == tt::DataFormat::Bfp4_b ? bf4 : bf16;
  const Row* row = nullptr;
  for (int i = 0; i < 5; ++i) {
    if (rows[i].size == size) {
      row = &rows[i];
    }
  }
  if (!row) {
    throw std::runtime_error("gemm: no tuned configuration for size " + std::to_string(size));
  }
  c.in0_sharded = c.out_sharded = row->sharded;
  c.block_w = size / c.grid_x / 32 / row->div;
  c.out_blocks_h = c.out_blocks_w = row->blocks;
  const uint32_t pm = size / 32 / c.grid_y, pn = size / 32 / c.grid_x;
  std::tie(c.sub_h, c.sub_w) = tuned_subblock(pm / row->blocks, pn / row->blocks, c.out_sharded);
  return c;
}

std::string fidelity_label(MathFidelity f) {
  switch (f) {
    case MathFidelity::LoFi:
      return "LoFi";
    case MathFidelity::HiFi2:
      return "HiFi2";
    case MathFidelity::HiFi3:
      return "HiFi3";
    default:
      return "HiFi4";
  }
}

GemmResult run_gemm(const GemmConfig& cfg) {
  const uint32_t gx = cfg.grid_x, gy = cfg.grid_y;
  if (gx < 2 || gy < 2) {
    throw std::runtime_error("gemm: the grid needs at least 2x2 cores");
  }
  if (cfg.m % (32 * gy) || cfg.n % (32 * gx) || cfg.k % 32) {
    throw std::runtime_error("gemm: M must divide into 32*grid_y, N into 32*grid_x, K into 32");
  }
  const uint32_t mt = cfg.m / 32, kt = cfg.k / 32, nt = cfg.n / 32;
  const uint32_t pm = mt / gy, pn = nt / gx;
  uint32_t bw = cfg.block_w;
  if (bw == 0) {  // TTNN's default 2-D config: k_tiles_per_core = 4, decremented until it divides
    bw = 4;
    while (kt % bw) {
      --bw;
    }
  }
  if (kt % bw) {
    throw std::runtime_error("gemm: block_w must divide K/32");
  }
  const uint32_t nbh = std::max(1u, cfg.out_blocks_h), nbw = std::max(1u, cfg.out_blocks_w);
  if (pm % nbh || pn % nbw) {
    throw std::runtime_error("gemm: out blocks must divide the core block");
  }
  const uint32_t obh = pm / nbh, obw = pn / nbw;
  if (cfg.out_sharded && (nbh != 1 || nbw != 1)) {
    throw std::runtime_error("gemm: a sharded output holds the whole core block (one out block)");
  }
  // The A shard of a core is pm x (K/grid_x) tiles; a K block must lie inside one shard.
  const uint32_t shard_w = kt / gx;
  if (cfg.in0_sharded && (kt % gx || shard_w % bw)) {
    throw std::runtime_error("gemm: sharded A needs block_w to divide K/32/grid_x");
  }
  auto [sh, sw] = cfg.sub_h         ? std::pair{cfg.sub_h, cfg.sub_w}
                  : cfg.out_sharded ? tuned_subblock(obh, obw, true)
                                    : default_subblock(obh, obw);
  if (sh == 0 || sw == 0 || obh % sh || obw % sw || sh * sw > 8 || (cfg.out_sharded && sh != 1)) {
    throw std::runtime_error("gemm: bad output subblock");
  }
  // C in the inputs' format; partial sums in BF16 (sharing C's memory when C is BF16).
  const tt::DataFormat in_fmt = cfg.format, out_fmt = cfg.format;
  const tt::DataFormat part_fmt = tt::DataFormat::Float16_b;
  const uint32_t in_tile = ttsim::num::tile_size_bytes(in_fmt);
  const uint32_t out_tile = ttsim::num::tile_size_bytes(out_fmt);

  auto t0 = std::chrono::steady_clock::now();
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  CoreRange cores({0, 0}, {gx - 1, gy - 1});
  // Block sharding over the grid, row-major: core (x, y) holds tile rows y*rows.., cols x*cols..
  auto sharded = [&](uint32_t rows, uint32_t cols, uint32_t tile) {
    ShardSpecBuffer spec(CoreRangeSet(cores), {rows / gy * 32, cols / gx * 32},
                         ShardOrientation::ROW_MAJOR, {32, 32}, {rows, cols});
    distributed::DeviceLocalBufferConfig local{.page_size = tile,
                                               .buffer_type = BufferType::L1,
                                               .buffer_layout = TensorMemoryLayout::BLOCK_SHARDED,
                                               .shard_parameters = spec};
    return distributed::MeshBuffer::create(
        distributed::ReplicatedBufferConfig{.size = uint64_t(rows) * cols * tile}, local,
        mesh.get());
  };
  auto a_buf = cfg.in0_sharded ? sharded(mt, kt, in_tile)
                               : make_buffer(*mesh, uint64_t(mt) * kt * in_tile, in_tile);
  auto b_buf = make_buffer(*mesh, uint64_t(kt) * nt * in_tile, in_tile);
  auto c_buf = cfg.out_sharded ? sharded(mt, nt, out_tile)
                               : make_buffer(*mesh, uint64_t(mt) * nt * out_tile, out_tile);
  std::vector<float> qa, qb;
  if (cfg.check) {
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> a(size_t(cfg.m) * cfg.k), b(size_t(cfg.k) * cfg.n);
    for (float& v : a) {
      v = dist(rng);
    }
    for (float& v : b) {
      v = dist(rng);
    }
    distributed::EnqueueWriteMeshBuffer(cq, a_buf, to_tiles(a, cfg.m, cfg.k, in_fmt, &qa), false);
    distributed::EnqueueWriteMeshBuffer(cq, b_buf, to_tiles(b, cfg.k, cfg.n, in_fmt, &qb), false);
  }

  Program program = CreateProgram();
  uint64_t cb_bytes = 0;
  auto make_cb = [&](std::vector<uint8_t> idx, uint32_t pages, uint32_t page, tt::DataFormat f,
                     const distributed::MeshBuffer* global = nullptr) {
    std::map<uint8_t, tt::DataFormat> formats;
    for (uint8_t i : idx) {
      formats[i] = f;
    }
    CircularBufferConfig c(pages * page, formats);
    if (!global) {
      cb_bytes += uint64_t(pages) * page;
    }
    for (uint8_t i : idx) {
      c.set_page_size(i, page);
    }
    if (global) {
      c.set_globally_allocated_address(*global->get_reference_buffer());
    }
    CreateCircularBuffer(program, cores, c);
  };
  make_cb({tt::CBIndex::c_0}, 2 * obh * bw, in_tile, in_fmt);
  make_cb({tt::CBIndex::c_1}, 2 * bw * obw, in_tile, in_fmt);
  // The output CB holds one out block (the whole core block when C is sharded: C's own memory).
  const distributed::MeshBuffer* c_global = cfg.out_sharded ? c_buf.get() : nullptr;
  const bool shared_partials = cfg.share_partials && out_fmt == part_fmt;
  if (shared_partials) {
    make_cb({tt::CBIndex::c_16, tt::CBIndex::c_24}, obh * obw, out_tile, out_fmt, c_global);
  } else {
    make_cb({tt::CBIndex::c_16}, obh * obw, out_tile, out_fmt, c_global);
    make_cb({tt::CBIndex::c_24}, obh * obw, ttsim::num::tile_size_bytes(part_fmt), part_fmt);
  }
  uint32_t s0 = CreateSemaphore(program, cores, 0), r0 = CreateSemaphore(program, cores, 0);
  uint32_t s1 = CreateSemaphore(program, cores, 0), r1 = CreateSemaphore(program, cores, 0);

  std::vector<uint32_t> in0_ct = {kt, obh, bw, nbh, nbw, cfg.in0_sharded ? 1u : 0u, shard_w, gx};
  TensorAccessorArgs(*a_buf).append_to(in0_ct);
  std::vector<uint32_t> in1_ct = {kt, nt, obh, obw, bw,
                                  sh, sw, nbh, nbw, cfg.out_sharded ? 1u : 0u};
  TensorAccessorArgs(*b_buf).append_to(in1_ct);
  TensorAccessorArgs(*c_buf).append_to(in1_ct);
  const std::string dir = BENCH_KERNEL_DIR;
  // TT-Metal's 2-D multicast factory (matmul_op_multi_core_reuse_mcast_2d_program_factory.cpp):
  // in0 movers on NoC1 (preferred DRAM-write NoC), in1 mover/writer on NoC0 (preferred DRAM-read
  // NoC); with interleaved A and more than two columns, the interior receivers right of the
  // middle column ("other_noc_setup" cores) swap the two, so their output writes go out on NoC1.
  const bool split = gx > 2 && gy > 1 && !cfg.in0_sharded;
  const uint32_t half = split ? gx / 2 : gx - 1;
  std::set<CoreRange> main_set, other_set;
  if (split) {
    other_set.insert(CoreRange({half + 1, 1}, {gx - 1, gy - 1}));
    main_set.insert(CoreRange({0, 0}, {gx - 1, 0}));
    main_set.insert(CoreRange({0, 1}, {half, gy - 1}));
  } else {
    main_set.insert(cores);
  }
  auto is_other = [&](uint32_t x, uint32_t y) { return split && x > half && y > 0; };
  auto movers = [&](const std::set<CoreRange>& set, NOC in0_noc, NOC in1_noc) {
    CoreRangeSet crs(set);
    KernelHandle k0 = CreateKernel(
        program, dir + "/in0_mcast.cpp", crs,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_1, .noc = in0_noc, .compile_args = in0_ct});
    KernelHandle k1 = CreateKernel(
        program, dir + "/in1_mcast_writer.cpp", crs,
        DataMovementConfig{
            .processor = DataMovementProcessor::RISCV_0, .noc = in1_noc, .compile_args = in1_ct});
    return std::pair{k0, k1};
  };
  auto [in0_main, in1_main] = movers(main_set, NOC::NOC_1, NOC::NOC_0);
  KernelHandle in0_other = in0_main, in1_other = in1_main;
  if (split) {
    std::tie(in0_other, in1_other) = movers(other_set, NOC::NOC_0, NOC::NOC_1);
  }
  CreateKernel(
      program, dir + "/bmm_block.cpp", cores,
      ComputeConfig{.math_fidelity = cfg.fidelity,
                    .compile_args = {kt / bw, bw, obh, obw, sh, sw, nbh * nbw,
                                     cfg.packer_l1_acc ? 1u : 0u, shared_partials ? 1u : 0u}});
  for (uint32_t y = 0; y < gy; ++y) {
    for (uint32_t x = 0; x < gx; ++x) {
      CoreCoord core{x, y};
      CoreCoord row_sender = mesh->worker_core_from_logical_core({0, y});
      // DRAM A: column 0 multicasts to the rest of the row; sharded A: the K block's owner
      // multicasts to the whole row (itself included, loopback).
      CoreCoord row_start = mesh->worker_core_from_logical_core({cfg.in0_sharded ? 0u : 1u, y});
      CoreCoord row_end = mesh->worker_core_from_logical_core({gx - 1, y});
      std::swap(row_start, row_end);  // NoC1 names the rectangle from its far corner
      std::vector<uint32_t> in0_args = {static_cast<uint32_t>(a_buf->address()),
                                        x == 0 ? 1u : 0u,
                                        y * pm,
                                        static_cast<uint32_t>(row_start.x),
                                        static_cast<uint32_t>(row_start.y),
                                        static_cast<uint32_t>(row_end.x),
                                        static_cast<uint32_t>(row_end.y),
                                        gx - 1,
                                        static_cast<uint32_t>(row_sender.x),
                                        static_cast<uint32_t>(row_sender.y),
                                        s0,
                                        r0,
                                        x};
      for (uint32_t c = 0; c < gx; ++c) {
        in0_args.push_back(static_cast<uint32_t>(mesh->worker_core_from_logical_core({c, y}).x));
      }
      SetRuntimeArgs(program, is_other(x, y) ? in0_other : in0_main, core, in0_args);
      CoreCoord col_sender = mesh->worker_core_from_logical_core({x, 0});
      CoreCoord col_start = mesh->worker_core_from_logical_core({x, 1});
      CoreCoord col_end = mesh->worker_core_from_logical_core({x, gy - 1});
      SetRuntimeArgs(program, is_other(x, y) ? in1_other : in1_main, core,
                     {static_cast<uint32_t>(b_buf->address()), y == 0 ? 1u : 0u, x * pn,
                      static_cast<uint32_t>(col_start.x), static_cast<uint32_t>(col_start.y),
                      static_cast<uint32_t>(col_end.x), static_cast<uint32_t>(col_end.y), gy - 1,
                      static_cast<uint32_t>(col_sender.x), static_cast<uint32_t>(col_sender.y), s1,
                      r1, static_cast<uint32_t>(c_buf->address()), y * pm});
    }
  }
  distributed::MeshWorkload workload;
  workload.add_program(distributed::MeshCoordinateRange(mesh->shape()), std::move(program));
  distributed::EnqueueMeshWorkload(cq, workload, false);
  distributed::Finish(cq);

  GemmResult res;
  res.stats = ttsim::last_run_stats(*mesh);
  res.cycles = res.stats.device_cycles;
  res.cb_bytes = cb_bytes;
  if (cfg.check) {
    std::vector<uint8_t> raw(c_buf->size());
    distributed::EnqueueReadMeshBuffer(cq, raw, c_buf, true);
    double max_err = 0, max_ref = 0;
    float tile[1024];
    for (uint32_t tr = 0; tr < mt; ++tr) {
      for (uint32_t tc = 0; tc < nt; ++tc) {
        ttsim::num::unpack_tile(out_fmt, raw.data() + (size_t(tr) * nt + tc) * out_tile, tile);
        for (int r = 0; r < 32; ++r) {
          for (int c = 0; c < 32; ++c) {
            size_t i = tr * 32 + r, j = tc * 32 + c;
            double ref = 0;
            for (uint32_t k = 0; k < cfg.k; ++k) {
              ref += double(qa[i * cfg.k + k]) * qb[k * cfg.n + j];
            }
            max_ref = std::max(max_ref, std::fabs(ref));
            max_err = std::max(max_err, std::fabs(ref - tile[ttsim::num::tile_index(r, c)]));
          }
        }
      }
    }
    res.max_rel_err = max_ref > 0 ? max_err / max_ref : max_err;
  }
  mesh->close();
  res.host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace bench
