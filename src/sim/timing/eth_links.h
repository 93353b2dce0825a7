// The Ethernet links between the chips of a simulated mesh (the fabric's wires): when each link
// is next free per direction, and what it carried, for contention and the per-link statistics.
#pragma once
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "sim/arch/arch.h"

namespace ttsim {

struct CostParams;

// One direction of one Ethernet link: from chip `from` to chip `to`, link `link` of that pair.
struct EthLinkId {
  uint32_t from = 0, to = 0, link = 0;
  bool operator<(const EthLinkId& o) const {
    return std::tie(from, to, link) < std::tie(o.from, o.to, o.link);
  }
};

struct EthLinkUse {
  // Booked busy intervals [start, end), adjacent ones merged. Packets are booked when sent, so a
  // later hop is booked ahead of time; a packet that reaches the link earlier takes a free gap
  // before such a booking instead of queueing behind it.
  std::map<uint64_t, uint64_t> busy;
  uint64_t bytes = 0, packets = 0, busy_cycles = 0;
  // Books `cycles` at the earliest free time from `t`; returns the start.
  uint64_t book(uint64_t t, uint64_t cycles);
};

class EthLinkState {
 public:
  // Books one packet of `bytes` payload entering the route's hops in order at `ready`: each hop
  // serializes it at the link's payload rate after the previous packet on that link, and passes
  // it on one hop latency later. Returns the arrival cycle at every hop's receiving chip; `start`
  // receives the cycle the packet entered its first link.
  std::vector<uint64_t> send(const CostParams& p, const std::vector<EthLinkId>& hops,
                             uint32_t bytes, uint64_t ready, uint64_t* start);
  const std::map<EthLinkId, EthLinkUse>& links() const { return links_; }

 private:
  std::map<EthLinkId, EthLinkUse> links_;
};

}  // namespace ttsim
