// Per-run NoC reservations for the link-reservation contention model: when each directed link,
// each core's NoC injection/absorption port, and each DRAM bank and channel is next free.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/arch/arch.h"

namespace ttsim {

class NocLinkState {
 public:
  explicit NocLinkState(const ArchSpec& arch);
  // Directed link leaving router (x, y) on `noc` along X (axis 0) or Y (axis 1).
  uint64_t& link(int noc, int axis, uint32_t x, uint32_t y) {
    return links_[((size_t(noc) * 2 + axis) * ny_ + y) * nx_ + x];
  }
  uint64_t& inject(int noc, XY p) { return inject_[(size_t(noc) * ny_ + p.y) * nx_ + p.x]; }
  uint64_t& absorb(int noc, XY p) { return absorb_[(size_t(noc) * ny_ + p.y) * nx_ + p.x]; }
  uint64_t& bank(uint32_t b) { return bank_[b]; }
  uint64_t& channel(uint32_t c) { return channel_[c]; }
  uint32_t nx() const { return nx_; }
  uint32_t ny() const { return ny_; }

 private:
  uint32_t nx_, ny_;
  std::vector<uint64_t> links_, inject_, absorb_, bank_, channel_;
};

// Dimension-ordered route on the torus: NoC0 east then south, NoC1 north then west. Appends
// (axis, x, y) of every link used; returns the hop count.
struct LinkId {
  int axis;
  uint32_t x, y;
  bool operator<(const LinkId& o) const {
    return axis != o.axis ? axis < o.axis : (y != o.y ? y < o.y : x < o.x);
  }
  bool operator==(const LinkId& o) const = default;
};
uint32_t noc_route(uint32_t nx, uint32_t ny, int noc, XY from, XY to, std::vector<LinkId>* out);

}  // namespace ttsim
