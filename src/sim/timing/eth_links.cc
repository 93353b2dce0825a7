// Ethernet link and fabric router timing: store-and-forward per packet, pipelined across hops.
// Wire time from the line rate and the framing (fabric header, Ethernet frames of at most 1500 B
// with their own overhead); flow control by credits for the routers' buffer slots; each router
// (one ERISC per link end) a serial processor with a per-packet cost, shared by the packets it
// sends, receives and acknowledges. Constants: data/devices/*.json "ethernet", each with its
// source (Tenstorrent's CCL bandwidth report, Ethernet guide, fabric builder and fabric
// microbenchmark goldens).
#include "sim/timing/eth_links.h"

#include <algorithm>
#include <cmath>

#include "sim/timing/cost_params.h"

namespace ttsim {

uint64_t EthLinkUse::book(uint64_t t, uint64_t cycles) {
  auto it = busy.upper_bound(t);
  if (it != busy.begin()) {
    t = std::max(t, std::prev(it)->second);
  }
  while (it != busy.end() && it->first < t + cycles) {
    t = std::max(t, it->second);
    ++it;
  }
  if (cycles == 0) {
    return t;
  }
  uint64_t start = t, end = t + cycles;
  auto next = busy.lower_bound(start);
  if (next != busy.end() && next->first == end) {
    end = next->second;
    busy.erase(next);
  }
  auto prev = busy.lower_bound(start);
  if (prev != busy.begin() && std::prev(prev)->second == start) {
    std::prev(prev)->second = end;
  } else {
    busy[start] = end;
  }
  return t;
}

namespace {

// Takes a slot of a channel with `slots` slots whose latest packets release theirs at the
// cycles in `q` (oldest first): the cycle from `t` on at which `free` slots are free.
uint64_t wait_slots(std::deque<uint64_t>& q, size_t slots, size_t free, uint64_t t) {
  size_t need = slots > free ? slots - free : 0;  // packets that may still hold their slot
  if (q.size() > need) {
    t = std::max(t, q[q.size() - need - 1]);
  }
  return t;
}

void release_slot(std::deque<uint64_t>& q, size_t slots, uint64_t at) {
  q.push_back(at);
  while (q.size() > slots) {
    q.pop_front();
  }
}

}  // namespace

std::vector<uint64_t> EthLinkState::send(const CostParams& p, const std::vector<EthLinkId>& hops,
                                         const EthPacket& pkt, uint64_t ready, uint64_t* accepted) {
  const auto& e = p.eth;
  const double cycles_per_ns = p.clock_mhz / 1000.0;
  auto cyc = [&](double ns) { return static_cast<uint64_t>(std::llround(ns * cycles_per_ns)); };
  // On the wire: payload and fabric header, cut into Ethernet frames that each carry their own
  // headers, FEC and CRC. GB/s is bytes per ns.
  double framed = double(pkt.bytes) + e.fabric_header_bytes;
  double frames = std::max(1.0, std::ceil(framed / e.frame_max_bytes));
  double wire_bytes = framed + frames * e.frame_overhead_bytes;
  uint64_t wire =
      static_cast<uint64_t>(std::ceil(wire_bytes / e.link_gbytes_per_s * cycles_per_ns));
  uint64_t send_cost = cyc(e.erisc_send_ns);
  uint64_t packet_cost = cyc(e.erisc_packet_ns);
  // The published per-hop latency includes both routers' per-packet work; the rest is the link.
  uint64_t latency = cyc(std::max(0.0, e.hop_latency_ns - e.erisc_send_ns - e.erisc_packet_ns));
  uint64_t flush = cyc(e.erisc_flush_ns + pkt.bytes / e.erisc_flush_bytes_per_ns);
  const size_t sender_slots = static_cast<size_t>(e.sender_channel_slots);
  const size_t receiver_slots = static_cast<size_t>(e.receiver_channel_slots);

  // The worker writes into its connection's sender channel once a slot is free there.
  std::deque<uint64_t>& mine = sender_slots_[pkt.connection];
  uint64_t t = wait_slots(mine, sender_slots, 1, ready);
  if (accepted) {
    *accepted = t;
  }
  std::vector<uint64_t> done_at;
  for (size_t h = 0; h < hops.size(); ++h) {
    const EthLinkId& id = hops[h];
    EthLinkId back{id.to, id.from, id.link};  // the receiving router
    // Credits: a free slot in the receiving router's channel; a worker injecting into a ring
    // needs two (bubble flow control).
    std::deque<uint64_t>& credits = receiver_slots_[id];
    t = wait_slots(credits, receiver_slots, pkt.ring && h == 0 ? 2 : 1, t);
    EthLinkUse& tx = routers_[id];
    uint64_t s = tx.book(t, send_cost);
    tx.busy_cycles += send_cost;
    EthLinkUse& u = links_[id];
    uint64_t w = u.book(s + send_cost, wire);
    u.bytes += pkt.bytes;
    u.packets += 1;
    u.busy_cycles += wire;
    uint64_t arrive = w + wire + latency;
    // The receiving router takes the packet: its per-packet work, and when it writes an
    // increment out, the wait for the write to be flushed before the increment may follow.
    bool delivers = h + 1 >= pkt.deliver_from;
    uint64_t work = packet_cost + (delivers && pkt.atomic ? flush : 0);
    EthLinkUse& rx = routers_[back];
    uint64_t r = rx.book(arrive, work);
    uint64_t done = r + work;
    rx.busy_cycles += work;
    rx.packets += 1;
    if (pkt.ring) {
      // First-level acknowledgement: an extra credit sent back on receipt.
      rx.busy_cycles += send_cost;
      rx.book(arrive, send_cost);
    }
    // The completion credit (sent within the per-packet work) goes back over the link and
    // frees the slot.
    uint64_t freed = done + latency;
    release_slot(credits, receiver_slots, freed);
    if (h == 0) {
      release_slot(mine, sender_slots, freed);  // the sender router frees the worker's slot
    }
    done_at.push_back(done);
    t = done;  // a forwarded packet enters the next router's sender channel
  }
  return done_at;
}

}  // namespace ttsim
