// NoC link state and dimension-ordered torus routes (metalium.md §4.2: NoC0 flows right then
// down, NoC1 up then left).
#include "sim/timing/noc_links.h"

namespace ttsim {

NocLinkState::NocLinkState(const ArchSpec& arch) : nx_(arch.desc->noc_x), ny_(arch.desc->noc_y) {
  links_.assign(size_t(2) * 2 * nx_ * ny_, 0);
  inject_.assign(size_t(2) * nx_ * ny_, 0);
  absorb_.assign(size_t(2) * nx_ * ny_, 0);
  bank_.assign(arch.num_dram_banks(), 0);
  channel_.assign(arch.desc->dram_channel_endpoints.size(), 0);
}

uint32_t noc_route(uint32_t nx, uint32_t ny, int noc, XY from, XY to, std::vector<LinkId>* out) {
  uint32_t hops = 0;
  XY p = from;
  if (noc == 0) {
    while (p.x != to.x) {
      if (out) {
        out->push_back({0, p.x, p.y});
      }
      p.x = (p.x + 1) % nx;
      ++hops;
    }
    while (p.y != to.y) {
      if (out) {
        out->push_back({1, p.x, p.y});
      }
      p.y = (p.y + 1) % ny;
      ++hops;
    }
  } else {
    while (p.y != to.y) {
      if (out) {
        out->push_back({1, p.x, p.y});
      }
      p.y = (p.y + ny - 1) % ny;
      ++hops;
    }
    while (p.x != to.x) {
      if (out) {
        out->push_back({0, p.x, p.y});
      }
      p.x = (p.x + nx - 1) % nx;
      ++hops;
    }
  }
  return hops;
}

}  // namespace ttsim
