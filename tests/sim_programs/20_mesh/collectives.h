// The project's collectives over a simulated mesh, written against the public TT-Metalium API:
// all-gather, reduce-scatter and all-reduce of bfloat16 tiles in DRAM, over the 1-D fabric along
// the mesh's line (one row or column) or its perimeter ring (meshes of at least 2x2). Shared by
// the mesh acceptance program (20_mesh) and the collective benchmark (bench/ccl); tltt emits it
// into the host program of a tensor-parallel kernel (float32 tiles there, see TileFormat).
#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <tt-metalium/distributed.hpp>
#include <tt-metalium/fabric.hpp>
#include <tt-metalium/host_api.hpp>
#include <tt-metalium/mesh_buffer.hpp>
#include <tt-metalium/mesh_device.hpp>
#include <tt-metalium/tensor_accessor_args.hpp>

#if __has_include("ttsim/stats.hpp")
#include "ttsim/stats.hpp"
#endif

namespace ccl {

using namespace tt::tt_metal;
using namespace tt::tt_metal::distributed;
using MeshBufferPtr = std::shared_ptr<MeshBuffer>;

// The tiles a collective moves and adds: bfloat16 (the published benchmarks' format) or float32
// (partial sums that must not be rounded before they are added).
struct TileFormat {
  uint32_t bytes = 32 * 32 * 2;
  tt::DataFormat format = tt::DataFormat::Float16_b;
};
inline constexpr TileFormat kBfloat16{};
inline constexpr TileFormat kFloat32{32 * 32 * 4, tt::DataFormat::Float32};

// The devices in route order: the perimeter of a mesh with at least two rows and two columns (a
// ring: a 2x4 T3000 is a ring of 8), else its one row or column (a line).
struct Route {
  std::vector<MeshCoordinate> order;
  bool ring = false;
  size_t size() const { return order.size(); }
  size_t position(const MeshCoordinate& c) const {
    return std::find(order.begin(), order.end(), c) - order.begin();
  }
};

inline Route route_of(const MeshDevice& mesh) {
  Route r;
  uint32_t R = mesh.num_rows(), C = mesh.num_cols();
  if (R >= 2 && C >= 2) {
    r.ring = true;
    for (uint32_t c = 0; c < C; ++c) {
      r.order.emplace_back(0, c);
    }
    for (uint32_t i = 1; i < R; ++i) {
      r.order.emplace_back(i, C - 1);
    }
    for (uint32_t c = C - 1; c-- > 0;) {
      r.order.emplace_back(R - 1, c);
    }
    for (uint32_t i = R - 1; i-- > 1;) {
      r.order.emplace_back(i, 0);
    }
    if (r.order.size() != size_t(R) * C) {
      throw std::runtime_error("collectives: the mesh's devices are not all on its perimeter");
    }
  } else {
    for (uint32_t i = 0; i < R; ++i) {
      for (uint32_t c = 0; c < C; ++c) {
        r.order.emplace_back(i, c);
      }
    }
  }
  return r;
}

// The neighbour `dir` (0 forward, 1 backward) of the device at route position p, if any.
inline std::optional<MeshCoordinate> neighbour(const Route& r, size_t p, int dir) {
  size_t n = r.size();
  if (dir == 0) {
    if (p + 1 < n) {
      return r.order[p + 1];
    }
    return r.ring ? std::optional(r.order[0]) : std::nullopt;
  }
  if (p > 0) {
    return r.order[p - 1];
  }
  return r.ring ? std::optional(r.order[n - 1]) : std::nullopt;
}

inline MeshBufferPtr dram_buffer(MeshDevice& mesh, uint32_t tiles,
                                 const TileFormat& tile = kBfloat16) {
  DeviceLocalBufferConfig local{.page_size = tile.bytes, .buffer_type = BufferType::DRAM};
  return MeshBuffer::create(ReplicatedBufferConfig{.size = uint64_t(tiles) * tile.bytes}, local,
                            &mesh);
}

inline void add_cb(Program& p, const CoreCoord& core, uint32_t index, uint32_t pages,
                   const TileFormat& tile = kBfloat16) {
  CreateCircularBuffer(p, core,
                       CircularBufferConfig(pages * tile.bytes, {{index, tile.format}})
                           .set_page_size(index, tile.bytes));
}

// Tiles the reader keeps in flight ahead of the sender.
constexpr uint32_t kReadAhead = 8;

// tile_reader.cpp on the second data-movement RISC of `core`: `tiles` tiles from each page
// offset of `in` in turn, into CB c_0.
inline void add_reader(Program& p, const CoreCoord& core, const MeshBufferPtr& in, uint32_t tiles,
                       const std::vector<uint32_t>& offsets, const std::string& kernels) {
  std::vector<uint32_t> ct;
  TensorAccessorArgs(*in).append_to(ct);
  auto k = CreateKernel(p, kernels + "/tile_reader.cpp", core,
                        DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                           .noc = NOC::RISCV_1_default,
                                           .compile_args = ct});
  std::vector<uint32_t> args{static_cast<uint32_t>(in->address()), tiles,
                             static_cast<uint32_t>(offsets.size())};
  args.insert(args.end(), offsets.begin(), offsets.end());
  SetRuntimeArgs(p, k, core, args);
}

// Appends the fabric connection from `self` towards its neighbour `to`, over Ethernet link `link`
// of that pair, after `flag`.
inline void append_connection(MeshDevice& mesh, Program& p, const CoreCoord& core,
                              const MeshCoordinate& self, const std::optional<MeshCoordinate>& to,
                              std::vector<uint32_t>& args, uint32_t link = 0) {
  tt::tt_fabric::append_fabric_connection_rt_args(
      mesh.get_fabric_node_id(self), mesh.get_fabric_node_id(*to), link, p, core, args);
}

// Simulated time of the workload that ran last (0 on a real system).
inline double last_us() {
#if __has_include("ttsim/stats.hpp")
  return ttsim::last_run_stats().device_time_us;
#else
  return 0;
#endif
}

// All-gather: each device's `tiles` tiles of `in` land in slot (row-major device index) of every
// device's `out` (devices x tiles tiles). Returns the simulated time in microseconds.
inline double all_gather(MeshDevice& mesh, const MeshBufferPtr& in, const MeshBufferPtr& out,
                         uint32_t tiles, const std::string& kernels,
                         const TileFormat& tile = kBfloat16) {
  Route route = route_of(mesh);
  size_t n = route.size();
  const CoreCoord core{0, 0};
  MeshWorkload workload;
  for (size_t p = 0; p < n; ++p) {
    const MeshCoordinate& self = route.order[p];
    Program program = CreateProgram();
    add_cb(program, core, tt::CBIndex::c_0, kReadAhead, tile);
    CreateSemaphore(program, core, 0);
    add_reader(program, core, in, tiles, {0}, kernels);
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*out).append_to(ct);
    auto k = CreateKernel(program, kernels + "/ag_sender.cpp", core,
                          DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                             .noc = NOC::RISCV_0_default,
                                             .compile_args = ct});
    // Forward and backward multicast ranges: halves of the ring, or the rest of the line.
    uint32_t fwd = route.ring ? static_cast<uint32_t>(n / 2) : static_cast<uint32_t>(n - 1 - p);
    uint32_t bwd = route.ring ? static_cast<uint32_t>(n - 1 - n / 2) : static_cast<uint32_t>(p);
    std::vector<uint32_t> args{static_cast<uint32_t>(out->address()), tiles, mesh.chip_index(self),
                               static_cast<uint32_t>((n - 1) * tiles)};
    uint32_t range[2] = {fwd, bwd};
    for (int d = 0; d < 2; ++d) {
      args.push_back(range[d]);
      if (range[d]) {
        append_connection(mesh, program, core, self, neighbour(route, p, d), args);
      }
    }
    SetRuntimeArgs(program, k, core, args);
    workload.add_program(MeshCoordinateRange(self), std::move(program));
  }
  EnqueueMeshWorkload(mesh.mesh_command_queue(), workload, false);
  Finish(mesh.mesh_command_queue());
  return last_us();
}

// Worker pairs of a reduce-scatter: each takes a contiguous range of every chunk's tiles, with its
// own sending core, receiving core and fabric connection, so the chunk's reads, transfers and
// additions are spread over several cores instead of one.
constexpr uint32_t kReduceWorkers = 4;

// Reduce-scatter: device d's `out` (tiles tiles) receives the sum over devices of chunk d (the
// row-major device index) of their `in` (devices x tiles tiles); `recv` (devices x tiles tiles)
// holds the chunks received. Returns the simulated time in microseconds.
// The workers' connections alternate over the first `links` Ethernet links of each neighbour pair
// (n300, T3000 and p300 have 2; Tenstorrent's published CCL figures use 1 per direction).
inline double reduce_scatter(MeshDevice& mesh, const MeshBufferPtr& in, const MeshBufferPtr& recv,
                             const MeshBufferPtr& out, uint32_t tiles, const std::string& kernels,
                             const TileFormat& tile = kBfloat16, uint32_t links = 1) {
  Route route = route_of(mesh);
  size_t n = route.size();
  uint32_t workers = std::min(kReduceWorkers, tiles);
  // Worker w receives on core (w, 0) and sends from core (w, 1).
  const CoreRange recv_cores({0, 0}, {workers - 1, 0});
  MeshWorkload workload;
  for (size_t p = 0; p < n; ++p) {
    const MeshCoordinate& self = route.order[p];
    uint32_t slot = mesh.chip_index(self);
    Program program = CreateProgram();
    for (uint32_t s = 0; s < n; ++s) {
      CreateSemaphore(program, recv_cores, 0);  // one per sending device
    }
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*in).append_to(ct);
    TensorAccessorArgs(*recv).append_to(ct);
    std::vector<uint32_t> out_ct, send_ct;
    TensorAccessorArgs(*out).append_to(out_ct);
    TensorAccessorArgs(*recv).append_to(send_ct);
    // Route to each device j (row-major index): the shorter way round the ring, or along the
    // line. The device opposite on a ring of even size is as far either way: its tiles alternate
    // between the two directions (2), so both directions carry the same load.
    std::vector<uint32_t> dir(n), hops(n);
    for (size_t q = 0; q < n; ++q) {
      uint32_t j = mesh.chip_index(route.order[q]);
      size_t ahead = (q + n - p) % n;
      if (route.ring) {
        bool forward = ahead <= n / 2;
        dir[j] = 2 * ahead == n ? 2 : forward ? 0 : 1;
        hops[j] = static_cast<uint32_t>(forward ? ahead : n - ahead);
      } else {
        dir[j] = q > p ? 0 : 1;
        hops[j] = static_cast<uint32_t>(q > p ? q - p : p - q);
      }
    }
    for (uint32_t w = 0; w < workers; ++w) {
      const CoreCoord recv_core{w, 0}, send_core{w, 1};
      CoreCoord recv_phys = mesh.worker_core_from_logical_core(recv_core);
      uint32_t first = tiles * w / workers, count = tiles * (w + 1) / workers - first;
      add_cb(program, send_core, tt::CBIndex::c_0, kReadAhead, tile);
      std::vector<uint32_t> offsets;
      for (uint32_t j = 0; j < n; ++j) {
        if (j != slot) {
          offsets.push_back(j * tiles + first);
        }
      }
      add_reader(program, send_core, in, count, offsets, kernels);
      add_cb(program, recv_core, tt::CBIndex::c_0, 8, tile);  // rs_reader.cpp's batches of 4, twice
      add_cb(program, recv_core, tt::CBIndex::c_1, 8 * static_cast<uint32_t>(n - 1), tile);
      add_cb(program, recv_core, tt::CBIndex::c_16, 2, tile);
      add_cb(program, recv_core, tt::CBIndex::c_24, 2, tile);
      auto sender = CreateKernel(program, kernels + "/rs_sender.cpp", send_core,
                                 DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                    .noc = NOC::RISCV_0_default,
                                                    .compile_args = send_ct});
      auto reader = CreateKernel(program, kernels + "/rs_reader.cpp", recv_core,
                                 DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                    .noc = NOC::RISCV_1_default,
                                                    .compile_args = ct});
      auto writer = CreateKernel(program, kernels + "/rs_writer.cpp", recv_core,
                                 DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                    .noc = NOC::RISCV_0_default,
                                                    .compile_args = out_ct});
      // float32 tiles are added in a float32 DST, so the sum is rounded once per addition.
      auto reduce =
          CreateKernel(program, kernels + "/rs_reduce.cpp", recv_core,
                       ComputeConfig{.fp32_dest_acc_en = tile.format == tt::DataFormat::Float32});
      std::vector<uint32_t> args{static_cast<uint32_t>(recv->address()),
                                 tiles,
                                 first,
                                 count,
                                 static_cast<uint32_t>(n),
                                 slot,
                                 static_cast<uint32_t>(recv_phys.x),
                                 static_cast<uint32_t>(recv_phys.y)};
      for (int d = 0; d < 2; ++d) {
        auto to = neighbour(route, p, d);
        args.push_back(to.has_value());
        if (to) {
          append_connection(mesh, program, send_core, self, to, args, w % links);
        }
      }
      for (size_t j = 0; j < n; ++j) {
        args.push_back(dir[j]);
        args.push_back(hops[j]);
      }
      SetRuntimeArgs(program, sender, send_core, args);
      SetRuntimeArgs(program, reader, recv_core,
                     {static_cast<uint32_t>(in->address()), static_cast<uint32_t>(recv->address()),
                      tiles, first, count, static_cast<uint32_t>(n), slot});
      SetRuntimeArgs(program, writer, recv_core,
                     {static_cast<uint32_t>(out->address()), first, count});
      SetRuntimeArgs(program, reduce, recv_core, {count, static_cast<uint32_t>(n)});
    }
    workload.add_program(MeshCoordinateRange(self), std::move(program));
  }
  EnqueueMeshWorkload(mesh.mesh_command_queue(), workload, false);
  Finish(mesh.mesh_command_queue());
  return last_us();
}

// All-reduce: reduce-scatter, then all-gather of the reduced chunks; every device's `out`
// (devices x tiles tiles) holds the sum of all devices' `in`. Returns the total simulated time.
inline double all_reduce(MeshDevice& mesh, const MeshBufferPtr& in, const MeshBufferPtr& out,
                         uint32_t tiles, const std::string& kernels,
                         const TileFormat& tile = kBfloat16) {
  uint32_t n = static_cast<uint32_t>(mesh.num_devices());
  auto recv = dram_buffer(mesh, n * tiles, tile);
  auto reduced = dram_buffer(mesh, tiles, tile);
  double us = reduce_scatter(mesh, in, recv, reduced, tiles, kernels, tile);
  return us + all_gather(mesh, reduced, out, tiles, kernels, tile);
}

}  // namespace ccl
