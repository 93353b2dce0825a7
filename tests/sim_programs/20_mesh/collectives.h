// The project's collectives over a simulated mesh, written against the public TT-Metalium API:
// all-gather, reduce-scatter and all-reduce of bfloat16 tiles in DRAM, over the 1-D fabric along
// the mesh's line (one row or column) or its perimeter ring (meshes of at least 2x2). Shared by
// the mesh acceptance program (20_mesh) and the collective benchmark (bench/ccl); tltt emits it
// into the host program of a tensor-parallel kernel (float32 tiles there, see TileFormat), and
// the halo exchange of a kernel whose inputs are sharded by rows over the devices of a mesh.
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

// A line through every device of the mesh, in snake order: row 0 left to right, row 1 right to
// left, ... (one row or column: the line itself). Consecutive devices are neighbours joined by
// Ethernet, so a route between them is one hop of the 1-D fabric on any R x C mesh. tltt's split
// by block offsets gives its block ranges to the devices in this order (split_device).
inline Route snake_route(const MeshDevice& mesh) {
  Route r;
  const uint32_t R = mesh.num_rows(), C = mesh.num_cols();
  for (uint32_t i = 0; i < R; ++i) {
    for (uint32_t c = 0; c < C; ++c) {
      r.order.emplace_back(i, i % 2 ? C - 1 - c : c);
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
inline double last_us(const MeshDevice& mesh) {
#if __has_include("ttsim/stats.hpp")
  return ttsim::last_run_stats(mesh).device_time_us;
#else
  (void)mesh;
  return 0;
#endif
}

// The fabric packet payload the collectives fill: 6144 B, the packet size of Tenstorrent's
// published CCL runs (tech_reports/CCLs/results/SUMMARY_wormhole_b0_bfloat16_6144.md, "packet
// 6144 B"; TT-Metalium's default is 4352 B, at most 7616 B on Wormhole): 3 bfloat16 tiles or 1
// float32 tile.
constexpr uint32_t kPacketPayload = 6144;

// Packets an all-gather sender sends per semaphore increment on the receivers: TT-Metalium's
// all-gather increments once per min(packets of a worker, 160) packets
// (ttnn/.../all_gather_async/device/all_gather_async_program_minimal_default.cpp,
// HEURISTIC_MAX_CHUNKS_PER_SYNC, commit 2b31743a1f72). A receiving router flushes the writes
// before an increment, which costs it more than a write.
constexpr uint32_t kGatherSyncPackets = 160;

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
    std::vector<uint32_t> args{static_cast<uint32_t>(out->address()),
                               tiles,
                               mesh.chip_index(self),
                               static_cast<uint32_t>((n - 1) * tiles),
                               std::min(4u, std::max(1u, kPacketPayload / tile.bytes)),
                               kGatherSyncPackets,
                               kReadAhead};
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
  return last_us(mesh);
}

// Workers per direction of a reduce-scatter: each takes a contiguous range of every chunk's
// tiles on its own core (reader, adder and sender) with its own fabric connection, so the reads,
// additions and packets of a direction are spread over several cores.
constexpr uint32_t kReduceWorkers = 4;

// Packets a reduce-scatter worker sends per semaphore increment on its neighbour (and at the end
// of each step): Tenstorrent's reduce-scatter synchronizes with its neighbour every 4 chunks on a
// ring and every 20 on a line (tech_reports/CCLs/CCL_bandwidth.md, commit 76411faa650f).
constexpr uint32_t kReduceSyncRing = 4;
constexpr uint32_t kReduceSyncLine = 20;

// One step of a worker's chain (kernel args, 12 words): add this device's tiles [own, own +
// count) of `in` to the partial sums received for them (n_in of them: semaphore and first tile
// in the receive buffer each), then send the sums to the next device (tile `dest` of its receive
// buffer, semaphore `dest_sem` on core (x, y) there) or, at the end of the chain, write them to
// tile `dest` of `out`.
struct RingStep {
  uint32_t own = 0, count = 0, n_in = 0;
  uint32_t in_sem[2] = {0, 0}, in_at[2] = {0, 0};
  uint32_t to_out = 0, dest = 0, dest_sem = 0, x = 0, y = 0;
  void append_to(std::vector<uint32_t>& args) const {
    args.insert(args.end(), {own, count, n_in, in_sem[0], in_at[0], in_sem[1], in_at[1], to_out,
                             dest, dest_sem, x, y});
  }
};

// Reduce-scatter: device d's `out` (tiles tiles) receives the sum over devices of chunk d (the
// row-major device index) of their `in` (devices x tiles tiles). Returns the simulated time in
// microseconds.
//
// Partial sums travel hop by hop: each device adds its contribution to what its neighbour sent
// and forwards the sum, so every link direction carries each partial once. On a ring each chunk
// is split in halves, the first reduced round the ring forwards and the second backwards (the
// chain of a half starts on the device after the owner and ends at the owner, n - 1 hops: each
// link direction carries (n - 1) / 2 chunks). On a line the devices before the owner reduce the
// chunk forwards and those after it backwards, and the owner adds both partials to its own.
// Partials land in a receive buffer in DRAM whose pages are one packet each (2 directions x n
// chunks); a worker's packets count tiles on a semaphore of the receiving core: 0 for its own
// direction's chain, 1 for the backward chain's end at a line's owner (whose forward worker adds
// both). Workers' connections alternate over the first `links` Ethernet links of each neighbour
// pair (n300, T3000 and p300 have 2; Tenstorrent's published CCL figures use 1 per direction).
inline double reduce_scatter(MeshDevice& mesh, const MeshBufferPtr& in, const MeshBufferPtr& out,
                             uint32_t tiles, const std::string& kernels,
                             const TileFormat& tile = kBfloat16, uint32_t links = 1) {
  Route route = route_of(mesh);
  const uint32_t n = static_cast<uint32_t>(route.size());
  const uint32_t k = std::max(1u, kPacketPayload / tile.bytes);  // tiles per packet
  const uint32_t packets = (tiles + k - 1) / k;                  // per chunk
  DeviceLocalBufferConfig local{.page_size = k * tile.bytes, .buffer_type = BufferType::DRAM};
  auto recv = MeshBuffer::create(
      ReplicatedBufferConfig{.size = uint64_t(2) * n * packets * k * tile.bytes}, local, &mesh);
  // First tile of chunk `slot`'s partials from direction d in the receive buffer.
  auto recv_at = [&](uint32_t d, uint32_t slot) { return (d * n + slot) * packets * k; };
  // The tiles each direction reduces (a ring's halves, a line's whole chunk), in whole packets,
  // and each worker's share of them.
  auto share = [&](uint32_t d, uint32_t w, uint32_t workers, uint32_t& first, uint32_t& count) {
    uint32_t lo = 0, hi = packets;
    if (route.ring) {
      lo = d == 0 ? 0 : packets / 2;
      hi = d == 0 ? packets / 2 : packets;
    }
    uint32_t a = lo + (hi - lo) * w / workers, b = lo + (hi - lo) * (w + 1) / workers;
    first = std::min(a * k, tiles);
    count = std::min(b * k, tiles) - first;
  };
  // (A ring chunk of a single packet is reduced backwards only.)
  const uint32_t dirs = n > 1 ? 2 : 0;
  const uint32_t workers =
      std::max(1u, std::min(kReduceWorkers, route.ring ? packets / 2 : packets));
  // Core of worker w of direction d, and the device position whose chain ends at the owner on a
  // line: the forward worker adds both partials, except on the first device (no forward chain).
  auto core_of = [&](uint32_t d, uint32_t w) { return CoreCoord{w, d}; };
  auto line_final_dir = [&](size_t q) { return q == 0 ? 1u : 0u; };
  MeshWorkload workload;
  for (size_t p = 0; p < n; ++p) {
    const MeshCoordinate& self = route.order[p];
    Program program = CreateProgram();
    const CoreRange cores({0, 0}, {workers - 1, 1});
    CreateSemaphore(program, cores, 0);  // 0: packets of the worker's own direction
    CreateSemaphore(program, cores, 0);  // 1: the backward chain's end at a line's owner
    for (uint32_t d = 0; d < dirs; ++d) {
      // Positions along direction d (ahead(j): j steps forward, or backward for d = 1).
      auto ahead = [&](size_t j) { return d == 0 ? (p + j) % n : (p + n - j % n) % n; };
      auto slot_at = [&](size_t q) { return mesh.chip_index(route.order[q]); };
      for (uint32_t w = 0; w < workers; ++w) {
        uint32_t first, count;
        share(d, w, workers, first, count);
        if (count == 0) {
          continue;
        }
        // The owners this worker handles, in chain order (farthest first), and whether it ends
        // each chain (owner == self) or starts it (no upstream).
        std::vector<size_t> owners;
        if (route.ring) {
          for (uint32_t s = 0; s < n; ++s) {
            owners.push_back(ahead(n - 1 - s));
          }
        } else {
          // Forward: owners p + 1 .. n - 1 (farthest first), then p itself unless p starts every
          // chain; backward: mirrored.
          size_t reach = d == 0 ? n - 1 - p : p;
          for (size_t j = reach; j >= 1; --j) {
            owners.push_back(ahead(j));
          }
          if (line_final_dir(p) == d) {
            owners.push_back(p);
          }
        }
        bool upstream = route.ring || (d == 0 ? p > 0 : p + 1 < n);
        std::vector<RingStep> steps;
        bool sends = false;
        for (size_t s = 0; s < owners.size(); ++s) {
          size_t o = owners[s];
          uint32_t slot = slot_at(o);
          RingStep st;
          st.own = slot * tiles + first;
          st.count = count;
          // Inputs: the upstream partial, except where a chain starts (a ring's first step, a
          // line's end device); on a line the owner also adds the backward chain's partial.
          if (upstream && (!route.ring || s > 0)) {
            st.in_sem[st.n_in] = 0;
            st.in_at[st.n_in++] = recv_at(d, slot) + first;
          }
          if (!route.ring && o == p && d == 0 && p + 1 < n) {
            st.in_sem[st.n_in] = 1;
            st.in_at[st.n_in++] = recv_at(1, slot) + first;
          }
          if (o == p) {
            st.to_out = 1;
            st.dest = first;
          } else {
            sends = true;
            size_t next = ahead(1);
            // The partial goes to the same worker on the next device, except the backward
            // chain's last hop on a line, which goes to the owner's adding worker.
            uint32_t dd = d, sem = 0;
            if (!route.ring && o == next && line_final_dir(next) != d) {
              dd = line_final_dir(next);
              sem = 1;
            }
            CoreCoord phys = mesh.worker_core_from_logical_core(core_of(dd, w));
            st.dest = recv_at(d, slot) + first;
            st.dest_sem = sem;
            st.x = static_cast<uint32_t>(phys.x);
            st.y = static_cast<uint32_t>(phys.y);
          }
          steps.push_back(st);
        }
        const CoreCoord core = core_of(d, w);
        constexpr uint32_t kPages = 8;
        add_cb(program, core, tt::CBIndex::c_0, kPages, tile);
        add_cb(program, core, tt::CBIndex::c_1, kPages, tile);
        add_cb(program, core, tt::CBIndex::c_2, kPages, tile);
        add_cb(program, core, tt::CBIndex::c_16, kPages, tile);
        add_cb(program, core, tt::CBIndex::c_24, 2, tile);
        std::vector<uint32_t> reader_ct, sender_ct;
        TensorAccessorArgs(*in).append_to(reader_ct);
        TensorAccessorArgs(*recv).append_to(reader_ct);
        TensorAccessorArgs(*recv).append_to(sender_ct);
        TensorAccessorArgs(*out).append_to(sender_ct);
        auto reader = CreateKernel(program, kernels + "/rs_ring_reader.cpp", core,
                                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_1,
                                                      .noc = NOC::RISCV_1_default,
                                                      .compile_args = reader_ct});
        auto sender = CreateKernel(program, kernels + "/rs_ring_sender.cpp", core,
                                   DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                                      .noc = NOC::RISCV_0_default,
                                                      .compile_args = sender_ct});
        // float32 tiles are added in a float32 DST, so the sum is rounded once per addition.
        auto add =
            CreateKernel(program, kernels + "/rs_ring_add.cpp", core,
                         ComputeConfig{.fp32_dest_acc_en = tile.format == tt::DataFormat::Float32});
        std::vector<uint32_t> reader_args{static_cast<uint32_t>(in->address()),
                                          static_cast<uint32_t>(recv->address()), k,
                                          static_cast<uint32_t>(steps.size())};
        std::vector<uint32_t> sender_args{static_cast<uint32_t>(recv->address()),
                                          static_cast<uint32_t>(out->address()),
                                          k,
                                          kPages,
                                          static_cast<uint32_t>(steps.size()),
                                          sends,
                                          route.ring ? kReduceSyncRing : kReduceSyncLine};
        if (sends) {
          append_connection(mesh, program, core, self, neighbour(route, p, static_cast<int>(d)),
                            sender_args, w % links);
        }
        std::vector<uint32_t> add_args{static_cast<uint32_t>(steps.size())};
        for (const RingStep& st : steps) {
          st.append_to(reader_args);
          st.append_to(sender_args);
          add_args.push_back(st.count);
          add_args.push_back(st.n_in);
        }
        SetRuntimeArgs(program, reader, core, reader_args);
        SetRuntimeArgs(program, sender, core, sender_args);
        SetRuntimeArgs(program, add, core, add_args);
      }
    }
    workload.add_program(MeshCoordinateRange(self), std::move(program));
  }
  EnqueueMeshWorkload(mesh.mesh_command_queue(), workload, false);
  Finish(mesh.mesh_command_queue());
  return last_us(mesh);
}

// All-reduce: reduce-scatter, then all-gather of the reduced chunks; every device's `out`
// (devices x tiles tiles) holds the sum of all devices' `in`. Returns the total simulated time.
inline double all_reduce(MeshDevice& mesh, const MeshBufferPtr& in, const MeshBufferPtr& out,
                         uint32_t tiles, const std::string& kernels,
                         const TileFormat& tile = kBfloat16) {
  auto reduced = dram_buffer(mesh, tiles, tile);
  double us = reduce_scatter(mesh, in, reduced, tiles, kernels, tile);
  return us + all_gather(mesh, reduced, out, tiles, kernels, tile);
}

// Halo exchange of a tensor whose devices hold windows of its pages (device p at position p of
// snake_route: a line of devices, or a 2-D mesh walked row by row in alternating directions):
// device p owns pages [own[p], own[p + 1]) and reads [need_first[p], need_end[p]), and its
// buffer `buf` holds pages from window_first[p] on (local page i is page window_first[p] + i).
// Each device sends its neighbours on the snake (one fabric hop each: along its row, or down
// its column at a row's end) the pages they read of its own (halo_sender.cpp, one core per
// device) and waits for the pages it reads of theirs. Returns the simulated time in
// microseconds.
struct HaloPlan {
  std::vector<uint32_t> own, need_first, need_end, window_first;
};

inline double halo_exchange(MeshDevice& mesh, const MeshBufferPtr& buf, const HaloPlan& h,
                            const std::string& kernels, const TileFormat& tile = kBfloat16) {
  const Route route = snake_route(mesh);
  const size_t n = route.size();
  if (h.own.size() != n + 1 || h.window_first.size() != n) {
    throw std::runtime_error("halo_exchange: the plan does not have a window per device");
  }
  // Pages of position p's own rows that position q reads.
  auto overlap = [&](size_t p, size_t q) {
    const uint32_t lo = std::max(h.own[p], h.need_first[q]);
    const uint32_t hi = std::min(h.own[p + 1], h.need_end[q]);
    return std::pair<uint32_t, uint32_t>{lo, hi > lo ? hi - lo : 0};
  };
  const CoreCoord core{0, 0};
  MeshWorkload workload;
  for (size_t p = 0; p < n; ++p) {
    const MeshCoordinate& self = route.order[p];
    Program program = CreateProgram();
    add_cb(program, core, tt::CBIndex::c_0, 2, tile);
    CreateSemaphore(program, core, 0);
    std::vector<uint32_t> ct;
    TensorAccessorArgs(*buf).append_to(ct);
    auto k = CreateKernel(program, kernels + "/halo_sender.cpp", core,
                          DataMovementConfig{.processor = DataMovementProcessor::RISCV_0,
                                             .noc = NOC::RISCV_0_default,
                                             .compile_args = ct});
    uint32_t expected = 0;
    for (size_t q : {p + 1, p - 1}) {
      if (q < n) {
        expected += overlap(q, p).second;
      }
    }
    std::vector<uint32_t> args{static_cast<uint32_t>(buf->address()), h.window_first[p], expected};
    for (int d = 0; d < 2; ++d) {  // forward (p + 1), backward (p - 1)
      const size_t q = d == 0 ? p + 1 : p - 1;
      const auto [first, count] = q < n ? overlap(p, q) : std::pair<uint32_t, uint32_t>{0, 0};
      args.push_back(count);
      args.push_back(first);
      args.push_back(q < n ? h.window_first[q] : 0);
      if (count) {
        append_connection(mesh, program, core, self, neighbour(route, p, d), args);
      }
    }
    SetRuntimeArgs(program, k, core, args);
    workload.add_program(MeshCoordinateRange(self), std::move(program));
  }
  EnqueueMeshWorkload(mesh.mesh_command_queue(), workload, false);
  Finish(mesh.mesh_command_queue());
  return last_us(mesh);
}

}  // namespace ccl
