// Kernel ABI, fabric: packets a kernel sends to other chips of the mesh over Ethernet (the
// connection a host program set up with append_fabric_connection_rt_args, the packet header the
// kernel wrote in L1). Routing follows TT-Metalium's 1-D fabric: a packet travels hop by hop in
// the direction of its first link, along the mesh's perimeter ring when that link is a ring step
// (a 2x4 T3000 is a ring of 8) and straight along its row or column otherwise. Cost:
// ApiCall::NocIssue per send plus the Ethernet link and router model (timing/eth_links.cc,
// booked through the recorder); the sender waits for a free slot in its connection's sender
// channel (slots are freed by the first router's completion credits).
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "sim/abi/abi_util.h"
#include "sim/timing/cost_params.h"

using namespace ttsim;
using namespace ttsim::abi;

namespace {

struct Pos {
  int r, c;
};

Pos pos_of(const Device& d, uint32_t chip) {
  return {static_cast<int>(chip / d.mesh_cols()), static_cast<int>(chip % d.mesh_cols())};
}

// The perimeter ring of a mesh with at least two rows and two columns, as chip indices.
std::vector<uint32_t> perimeter(const Device& d) {
  std::vector<uint32_t> ring;
  uint32_t R = d.mesh_rows(), C = d.mesh_cols();
  if (R < 2 || C < 2) {
    return ring;
  }
  for (uint32_t c = 0; c < C; ++c) {
    ring.push_back(c);
  }
  for (uint32_t r = 1; r < R; ++r) {
    ring.push_back(r * C + C - 1);
  }
  for (uint32_t c = C - 1; c-- > 0;) {
    ring.push_back((R - 1) * C + c);
  }
  for (uint32_t r = R - 1; r-- > 1;) {
    ring.push_back(r * C);
  }
  return ring;
}

// The chips a packet crosses: `hops` chips after `src`, the first being `first`. Empty when the
// route leaves the mesh. `*ring` tells whether it runs along the perimeter ring (a ring fabric).
std::vector<uint32_t> route(const Device& d, uint32_t src, uint32_t first, uint32_t hops,
                            bool* on_ring) {
  std::vector<uint32_t> path{first};
  std::vector<uint32_t> ring = perimeter(d);
  int step = 0;  // +1/-1: the first link is a step along the ring in that direction
  for (size_t i = 0; i < ring.size() && !ring.empty(); ++i) {
    if (ring[i] == src) {
      if (ring[(i + 1) % ring.size()] == first) {
        step = 1;
      } else if (ring[(i + ring.size() - 1) % ring.size()] == first) {
        step = -1;
      }
    }
  }
  *on_ring = step != 0;
  Pos a = pos_of(d, src), b = pos_of(d, first);
  int dr = b.r - a.r, dc = b.c - a.c;
  uint32_t cur = first;
  while (path.size() < hops) {
    if (step != 0) {
      size_t i = std::find(ring.begin(), ring.end(), cur) - ring.begin();
      cur = ring[(i + ring.size() + step) % ring.size()];
    } else {
      Pos p = pos_of(d, cur);
      int r = p.r + dr, c = p.c + dc;
      if (r < 0 || c < 0 || r >= static_cast<int>(d.mesh_rows()) ||
          c >= static_cast<int>(d.mesh_cols())) {
        return {};
      }
      cur = static_cast<uint32_t>(r) * d.mesh_cols() + static_cast<uint32_t>(c);
    }
    path.push_back(cur);
  }
  return path;
}

void check_connection(Engine& e, uint32_t neighbor, uint32_t link, const char* call) {
  const Device& d = e.device();
  Task& t = e.task();
  uint32_t src = d.chip_of(t.core);
  if (neighbor >= d.chips()) {
    e.fail(t, call,
           "fabric connection to device " + nstr(neighbor) + ", but the mesh has " +
               nstr(d.chips()) + " devices");
  }
  Pos a = pos_of(d, src), b = pos_of(d, neighbor);
  if (std::abs(a.r - b.r) + std::abs(a.c - b.c) != 1) {
    e.fail(t, call,
           "fabric connection from device " + nstr(src) + " to device " + nstr(neighbor) +
               ": the devices are not neighbours in the " + nstr(d.mesh_rows()) + "x" +
               nstr(d.mesh_cols()) + " mesh");
  }
  uint32_t links = static_cast<uint32_t>(
      cost_params(d.spec().arch, e.settings().data_dir).eth.links_per_neighbor);
  if (link >= links) {
    e.fail(t, call,
           "fabric link " + nstr(link) + " does not exist (" + nstr(links) +
               " Ethernet links join neighbouring devices)");
  }
}

uint32_t max_payload(Engine& e) {
  const Device& d = e.device();
  return static_cast<uint32_t>(
      cost_params(d.spec().arch, e.settings().data_dir).eth.max_packet_payload_bytes);
}

}  // namespace

extern "C" {

uint32_t ttsim_fabric_open(uint32_t neighbor, uint32_t link) {
  Engine& e = eng();
  check_connection(e, neighbor, link, "WorkerToFabricEdmSender::open");
  // The handshake with the router and the op's setup around it (a fitted constant).
  const CostParams& p = cost_params(e.device().spec().arch, e.settings().data_dir);
  e.step(static_cast<uint64_t>(p.eth.connection_setup_ns * p.clock_mhz / 1000.0));
  e.charge_call(ApiCall::Semaphore);
  return max_payload(e);
}

uint32_t ttsim_packet_header_pool(uint32_t* count) {
  *count = L1Layout::kNumPacketHeaders;
  return L1Layout::kPacketHeaderBase;
}

void ttsim_fabric_send(uint32_t neighbor, uint32_t link, uint32_t header_l1, uint32_t payload_l1,
                       uint32_t payload_bytes) {
  static const char* call = "send_payload_flush_blocking_from_address";
  Engine& e = eng();
  Task& t = e.task();
  Device& d = e.device();
  check_connection(e, neighbor, link, call);
  e.check_local_l1(header_l1, sizeof(ttsim_packet_header), call);
  ttsim_packet_header h;
  std::memcpy(&h, e.l1(t.core, header_l1), sizeof h);
  bool writes = h.noc_send_type != TTSIM_NOC_ATOMIC_INC;
  bool incs = h.noc_send_type == TTSIM_NOC_ATOMIC_INC ||
              h.noc_send_type == TTSIM_NOC_FUSED_WRITE_ATOMIC_INC;
  if (h.noc_send_type > TTSIM_NOC_SCATTER_WRITE || h.chip_send_type > TTSIM_CHIP_MULTICAST) {
    e.fail(t, call,
           "the packet header at L1 " + hexs(header_l1) + " was not filled (no to_noc_* call)");
  }
  if (writes && h.payload_bytes != payload_bytes) {
    e.fail(t, call,
           "the packet header says " + nstr(h.payload_bytes) + " payload bytes but " +
               nstr(payload_bytes) + " were sent");
  }
  if (payload_bytes > max_payload(e)) {
    e.fail(t, call,
           "payload of " + nstr(payload_bytes) + " bytes exceeds the fabric's largest packet (" +
               nstr(max_payload(e)) + " bytes)");
  }
  if (writes && payload_bytes) {
    e.check_local_l1(payload_l1, payload_bytes, call);
  }
  // The chunks of the write: one, or a scatter write's 2 to 4 (offset in the payload, size).
  std::vector<std::pair<uint32_t, uint32_t>> chunks{{0, payload_bytes}};
  std::vector<uint64_t> chunk_addr{h.noc_address};
  if (h.noc_send_type == TTSIM_NOC_SCATTER_WRITE) {
    if (h.chunk_count < 2 || h.chunk_count > TTSIM_SCATTER_MAX_CHUNKS) {
      e.fail(t, call,
             "a scatter write has " + nstr(h.chunk_count) + " chunks (2 to " +
                 nstr(TTSIM_SCATTER_MAX_CHUNKS) + ")");
    }
    chunks.clear();
    chunk_addr.clear();
    uint32_t off = 0;
    for (uint32_t i = 0; i < h.chunk_count; ++i) {
      uint32_t size = i + 1 < h.chunk_count ? h.chunk_size[i] : payload_bytes - off;
      if (i + 1 < h.chunk_count && off + size >= payload_bytes) {
        e.fail(t, call,
               "the scatter write's chunk sizes exceed its payload of " + nstr(payload_bytes) +
                   " bytes");
      }
      chunks.push_back({off, size});
      chunk_addr.push_back(i == 0 ? h.noc_address : h.scatter_address[i - 1]);
      off += size;
    }
  }
  if (h.start_hops == 0 || h.range_hops == 0) {
    e.fail(t, call,
           "the packet header routes to no chip (to_chip_unicast/to_chip_multicast with 0 hops)");
  }
  uint32_t src = d.chip_of(t.core);
  uint32_t last = uint32_t(h.start_hops) + h.range_hops - 1;
  bool ring = false;
  std::vector<uint32_t> path = route(d, src, neighbor, last, &ring);
  if (path.empty()) {
    e.fail(t, call,
           "a route of " + nstr(last) + " hops from device " + nstr(src) + " through device " +
               nstr(neighbor) + " leaves the " + nstr(d.mesh_rows()) + "x" + nstr(d.mesh_cols()) +
               " mesh");
  }
  std::vector<EthLinkId> hops;
  uint32_t from = src;
  for (uint32_t chip : path) {
    hops.push_back({from, chip, link});
    from = chip;
  }
  // Resolve the destinations now, so a bad address names this kernel and call.
  struct Dest {
    uint32_t chip;
    std::vector<Engine::Target> write;  // per chunk
    Engine::Target sem;
    uint64_t when;
  };
  std::vector<Dest> dests;
  EthPacket pkt;
  pkt.bytes = writes ? payload_bytes : 16;
  pkt.deliver_from = h.start_hops;
  pkt.atomic = incs && h.flush != 0;  // the router flushes the write before the increment
  pkt.ring = ring;
  pkt.connection = {t.core, neighbor, link};
  uint64_t accepted = 0;
  std::vector<uint64_t> arrive = e.recorder().fabric(t, hops, pkt, t.clock, &accepted, call);
  for (uint32_t k = h.start_hops; k <= last; ++k) {
    Dest dd{path[k - 1], {}, {}, arrive[k - 1]};
    if (writes && payload_bytes) {
      for (size_t i = 0; i < chunks.size(); ++i) {
        dd.write.push_back(
            e.resolve(chunk_addr[i], chunks[i].second, call, static_cast<int>(dd.chip)));
      }
    }
    if (incs) {
      dd.sem = e.resolve(h.semaphore_noc_address, 4, call, static_cast<int>(dd.chip));
      if (dd.sem.dram) {
        e.fail(t, call, "semaphore increments must target L1, not DRAM");
      }
    }
    dests.push_back(dd);
  }
  auto data = std::make_shared<std::vector<uint8_t>>();
  bool copy = !e.settings().timing_only || payload_bytes < kTimingOnlyMinPayload;
  if (writes && copy && payload_bytes) {
    const uint8_t* p = e.l1(t.core, payload_l1);
    data->assign(p, p + payload_bytes);  // the payload is read as the packet departs
  }
  uint32_t incr = h.increment;
  for (const Dest& dd : dests) {
    e.post(dd.when, [&e, dd, data, chunks, incr, writes, incs] {
      if (writes && !data->empty()) {
        for (size_t i = 0; i < dd.write.size(); ++i) {
          std::memcpy(dd.write[i].ptr, data->data() + chunks[i].first, chunks[i].second);
          if (!dd.write[i].dram) {
            e.mark_dirty(static_cast<uint32_t>(dd.write[i].core));
          }
        }
      }
      if (incs) {
        uint32_t v;
        std::memcpy(&v, dd.sem.ptr, 4);
        v += incr;
        std::memcpy(dd.sem.ptr, &v, 4);
        e.mark_dirty(static_cast<uint32_t>(dd.sem.core));
      }
    });
  }
  // The worker proceeds once its connection's sender channel had a free slot for the packet.
  t.clock = std::max(t.clock, accepted);
  e.charge_call(ApiCall::NocIssue);
}

}  // extern "C"
