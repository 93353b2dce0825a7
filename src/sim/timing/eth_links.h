// The Ethernet links between the chips of a simulated mesh (the fabric's wires) and the fabric
// routers at their ends: when each link direction and each router is next free, the credits of
// the routers' buffer slots, and what the links carried (contention and per-link statistics).
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <tuple>
#include <vector>

#include "sim/arch/arch.h"
#include "sim/timing/cost_params.h"

namespace ttsim {

// One direction of one Ethernet link: from chip `from` to chip `to`, link `link` of that pair.
// The router (ERISC) on chip `from` at that link is named by the same id: it sends on this
// direction and receives on the reverse one.
struct EthLinkId {
  uint32_t from = 0, to = 0, link = 0;
  bool operator<(const EthLinkId& o) const {
    return std::tie(from, to, link) < std::tie(o.from, o.to, o.link);
  }
};

// A resource that serves one thing at a time (a link direction's wire, a router's processor).
struct EthLinkUse {
  // Booked busy intervals [start, end), adjacent ones merged. Packets are booked when sent, so a
  // later hop is booked ahead of time; a packet that reaches the resource earlier takes a free
  // gap before such a booking instead of queueing behind it.
  std::map<uint64_t, uint64_t> busy;
  uint64_t bytes = 0, packets = 0, busy_cycles = 0;
  // Books `cycles` at the earliest free time from `t`; returns the start.
  uint64_t book(uint64_t t, uint64_t cycles);
};

// What a packet is, for the routers' per-packet work.
struct EthPacket {
  uint32_t bytes = 0;         // payload
  uint32_t deliver_from = 1;  // first hop (1-based) whose chip writes the packet out
  bool atomic = false;        // carries a semaphore increment (atomic or fused write + increment)
  bool ring = false;          // routed on a ring fabric (deadlock avoidance on every packet)
  // The sending worker's connection (core, neighbour chip, link): its sender-channel slots.
  std::tuple<uint32_t, uint32_t, uint32_t> connection{};
};

class EthLinkState {
 public:
  // Books one packet entering the route's hops in order; the worker offers it at `ready`. Each
  // hop waits for a free slot in the next router's receiver channel (credits), is processed by
  // the sending router, serializes on the wire (payload, fabric header and Ethernet framing),
  // crosses the link and is processed by the receiving router, which writes it out and/or passes
  // it on and returns the slot's credit. Returns the cycle the packet is written out at every
  // hop's chip; `*accepted` receives the cycle the worker's connection had a free sender-channel
  // slot (the worker continues then).
  std::vector<uint64_t> send(const CostParams& p, const std::vector<EthLinkId>& hops,
                             const EthPacket& pkt, uint64_t ready, uint64_t* accepted);
  const std::map<EthLinkId, EthLinkUse>& links() const { return links_; }
  const std::map<EthLinkId, EthLinkUse>& routers() const { return routers_; }

 private:
  std::map<EthLinkId, EthLinkUse> links_;    // wires, per direction
  std::map<EthLinkId, EthLinkUse> routers_;  // router processors, per link end
  // Release cycles of the latest packets' receiver-channel slots per link direction, and of
  // sender-channel slots per worker connection (oldest first, at most the slot count).
  std::map<EthLinkId, std::deque<uint64_t>> receiver_slots_;
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, std::deque<uint64_t>> sender_slots_;
};

}  // namespace ttsim
