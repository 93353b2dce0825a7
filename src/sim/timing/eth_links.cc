// Ethernet link timing of the fabric: store-and-forward per packet, pipelined across hops, with
// the published line rate, payload efficiency and per-hop latency (data/devices/*.json
// "ethernet", from Tenstorrent's CCL bandwidth report).
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

std::vector<uint64_t> EthLinkState::send(const CostParams& p, const std::vector<EthLinkId>& hops,
                                         uint32_t bytes, uint64_t ready, uint64_t* start) {
  double cycles_per_ns = p.clock_mhz / 1000.0;
  // GB/s is bytes per ns.
  double payload_bytes_per_ns = p.eth.link_gbytes_per_s * p.eth.payload_efficiency;
  uint64_t wire = static_cast<uint64_t>(std::ceil(bytes / payload_bytes_per_ns * cycles_per_ns));
  uint64_t latency = static_cast<uint64_t>(std::llround(p.eth.hop_latency_ns * cycles_per_ns));
  std::vector<uint64_t> arrive;
  uint64_t t = ready;
  for (size_t h = 0; h < hops.size(); ++h) {
    EthLinkUse& u = links_[hops[h]];
    uint64_t s = u.book(t, wire);
    if (h == 0 && start) {
      *start = s;
    }
    u.bytes += bytes;
    u.packets += 1;
    u.busy_cycles += wire;
    t = s + wire + latency;
    arrive.push_back(t);
  }
  return arrive;
}

}  // namespace ttsim
