// Host side of the bench GEMM: per-core output blocks of (M/grid_y) x (N/grid_x) tiles; column-0
// cores multicast A along rows (NoC1), row-0 cores multicast B down columns (NoC0).
#include "gemm/gemm_program.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <stdexcept>
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

std::pair<uint32_t, uint32_t> subblock(uint32_t pm, uint32_t pn) {
  // Largest subblock of at most 8 tiles (half-sync 16-bit DST) dividing the per-core block.
  std::pair<uint32_t, uint32_t> best{1, 1};
  for (uint32_t h = 1; h <= 8; ++h) {
    for (uint32_t w = 1; h * w <= 8; ++w) {
      if (pm % h == 0 && pn % w == 0 && h * w > best.first * best.second) best = {h, w};
    }
  }
  return best;
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
  if (gx < 2 || gy < 2) throw std::runtime_error("gemm: the grid needs at least 2x2 cores");
  if (cfg.m % (32 * gy) || cfg.n % (32 * gx) || cfg.k % 32) {
    throw std::runtime_error("gemm: M must divide into 32*grid_y, N into 32*grid_x, K into 32");
  }
  const uint32_t mt = cfg.m / 32, kt = cfg.k / 32, nt = cfg.n / 32;
  const uint32_t pm = mt / gy, pn = nt / gx;
  uint32_t bw = cfg.block_w;
  if (bw == 0) {
    bw = 1;
    for (uint32_t c : {4u, 2u}) {
      if (kt % c == 0) {
        bw = c;
        break;
      }
    }
  }
  if (kt % bw) throw std::runtime_error("gemm: block_w must divide K/32");
  auto [sh, sw] = subblock(pm, pn);
  // C in the inputs' format; partial sums spill in BF16 (sharing C's memory when C is BF16).
  const tt::DataFormat in_fmt = cfg.format, out_fmt = cfg.format;
  const tt::DataFormat part_fmt = tt::DataFormat::Float16_b;
  const uint32_t in_tile = ttsim::num::tile_size_bytes(in_fmt);
  const uint32_t out_tile = ttsim::num::tile_size_bytes(out_fmt);

  auto t0 = std::chrono::steady_clock::now();
  auto mesh = distributed::MeshDevice::create_unit_mesh(0);
  auto& cq = mesh->mesh_command_queue();
  auto a_buf = make_buffer(*mesh, uint64_t(mt) * kt * in_tile, in_tile);
  auto b_buf = make_buffer(*mesh, uint64_t(kt) * nt * in_tile, in_tile);
  auto c_buf = make_buffer(*mesh, uint64_t(mt) * nt * out_tile, out_tile);
  std::vector<float> qa, qb;
  if (cfg.check) {
    std::mt19937 rng(1234);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> a(size_t(cfg.m) * cfg.k), b(size_t(cfg.k) * cfg.n);
    for (float& v : a) v = dist(rng);
    for (float& v : b) v = dist(rng);
    distributed::EnqueueWriteMeshBuffer(cq, a_buf, to_tiles(a, cfg.m, cfg.k, in_fmt, &qa), false);
    distributed::EnqueueWriteMeshBuffer(cq, b_buf, to_tiles(b, cfg.k, cfg.n, in_fmt, &qb), false);
  }

  Program program = CreateProgram();
  CoreRange cores({0, 0}, {gx - 1, gy - 1});
  auto make_cb = [&](std::vector<uint8_t> idx, uint32_t pages, uint32_t page, tt::DataFormat f) {
    std::map<uint8_t, tt::DataFormat> formats;
    for (uint8_t i : idx) formats[i] = f;
    CircularBufferConfig c(pages * page, formats);
    for (uint8_t i : idx) c.set_page_size(i, page);
    CreateCircularBuffer(program, cores, c);
  };
  make_cb({tt::CBIndex::c_0}, 2 * pm * bw, in_tile, in_fmt);
  make_cb({tt::CBIndex::c_1}, 2 * bw * pn, in_tile, in_fmt);
  if (out_fmt == part_fmt) {
    make_cb({tt::CBIndex::c_16, tt::CBIndex::c_24}, pm * pn, out_tile, out_fmt);
  } else {
    make_cb({tt::CBIndex::c_16}, pm * pn, out_tile, out_fmt);
    make_cb({tt::CBIndex::c_24}, pm * pn, ttsim::num::tile_size_bytes(part_fmt), part_fmt);
  }
  uint32_t s0 = CreateSemaphore(program, cores, 0), r0 = CreateSemaphore(program, cores, 0);
  uint32_t s1 = CreateSemaphore(program, cores, 0), r1 = CreateSemaphore(program, cores, 0);

  std::vector<uint32_t> in0_ct = {kt, pm, bw};
  TensorAccessorArgs(*a_buf).append_to(in0_ct);
  std::vector<uint32_t> in1_ct = {kt, nt, pm, pn, bw, sh, sw};
  TensorAccessorArgs(*b_buf).append_to(in1_ct);
  TensorAccessorArgs(*c_buf).append_to(in1_ct);
  const std::string dir = BENCH_KERNEL_DIR;
  KernelHandle in0 = CreateKernel(program, dir + "/in0_mcast.cpp", cores,
                                  DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                     .noc = NOC::RISCV_1_default,
                                                     .compile_args = in0_ct});
  KernelHandle in1 = CreateKernel(program, dir + "/in1_mcast_writer.cpp", cores,
                                  DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                     .noc = NOC::RISCV_0_default,
                                                     .compile_args = in1_ct});
  CreateKernel(
      program, dir + "/bmm_block.cpp", cores,
      ComputeConfig{.math_fidelity = cfg.fidelity, .compile_args = {kt, pm, pn, bw, sh, sw}});
  for (uint32_t y = 0; y < gy; ++y) {
    for (uint32_t x = 0; x < gx; ++x) {
      CoreCoord core{x, y};
      CoreCoord row_sender = mesh->worker_core_from_logical_core({0, y});
      CoreCoord row_start = mesh->worker_core_from_logical_core({1, y});
      CoreCoord row_end = mesh->worker_core_from_logical_core({gx - 1, y});
      std::swap(row_start, row_end);  // NoC1 names the rectangle from its far corner
      SetRuntimeArgs(
          program, in0, core,
          {static_cast<uint32_t>(a_buf->address()), x == 0 ? 1u : 0u, y * pm,
           static_cast<uint32_t>(row_start.x), static_cast<uint32_t>(row_start.y),
           static_cast<uint32_t>(row_end.x), static_cast<uint32_t>(row_end.y), gx - 1,
           static_cast<uint32_t>(row_sender.x), static_cast<uint32_t>(row_sender.y), s0, r0});
      CoreCoord col_sender = mesh->worker_core_from_logical_core({x, 0});
      CoreCoord col_start = mesh->worker_core_from_logical_core({x, 1});
      CoreCoord col_end = mesh->worker_core_from_logical_core({x, gy - 1});
      SetRuntimeArgs(program, in1, core,
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
  res.stats = ttsim::last_run_stats();
  res.cycles = res.stats.device_cycles;
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
            for (uint32_t k = 0; k < cfg.k; ++k)
              ref += double(qa[i * cfg.k + k]) * qb[k * cfg.n + j];
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
