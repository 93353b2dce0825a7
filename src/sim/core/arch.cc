// Wormhole B0 (n150) and Blackhole (p150) device facts from the soc descriptors (see
// shared/reference/metalium.md §4.2).
#include "sim/core/arch.h"

namespace ttsim {
namespace {

ArchSpec make_wormhole() {
  ArchSpec s;
  s.arch = Arch::WormholeB0;
  s.name = "wormhole_b0";
  s.noc_x = 10;
  s.noc_y = 12;
  s.worker_x = {1, 2, 3, 4, 6, 7, 8, 9};
  s.worker_y = {1, 2, 3, 4, 5, 7, 8, 9};
  s.l1_size = 1464 * 1024;
  s.dram_channel_endpoints = {{{0, 0}, {0, 1}, {0, 11}}, {{0, 5}, {0, 6}, {0, 7}},
                              {{5, 0}, {5, 1}, {5, 11}}, {{5, 2}, {5, 9}, {5, 10}},
                              {{5, 3}, {5, 4}, {5, 8}},  {{5, 5}, {5, 6}, {5, 7}}};
  s.dram_views = 2;
  s.dram_bank_endpoint = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
  s.view_offset = 1ull << 30;
  s.dram_bank_size = 1ull << 30;
  s.dram_alignment = 32;
  s.l1_alignment = 16;
  s.max_burst = 8192;
  s.num_cbs = 32;
  s.clock_mhz = 1000;
  return s;
}

ArchSpec make_blackhole() {
  ArchSpec s;
  s.arch = Arch::Blackhole;
  s.name = "blackhole";
  s.noc_x = 17;
  s.noc_y = 12;
  s.worker_x = {1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13};
  s.worker_y = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  s.l1_size = 1536 * 1024;
  s.dram_channel_endpoints = {{{0, 0}, {0, 1}, {0, 11}}, {{0, 2}, {0, 10}, {0, 3}},
                              {{0, 9}, {0, 4}, {0, 8}},  {{0, 5}, {0, 7}, {0, 6}},
                              {{9, 0}, {9, 1}, {9, 11}}, {{9, 2}, {9, 10}, {9, 3}},
                              {{9, 9}, {9, 4}, {9, 8}},  {{9, 5}, {9, 7}, {9, 6}}};
  s.dram_views = 1;
  s.dram_bank_endpoint = {2, 0, 0, 0, 2, 2, 2, 2};
  s.view_offset = 0;
  s.dram_bank_size = 4ull << 30;
  s.dram_alignment = 64;
  s.l1_alignment = 16;
  s.max_burst = 16384;
  s.num_cbs = 64;
  s.clock_mhz = 1350;
  return s;
}

}  // namespace

const ArchSpec& arch_spec(Arch arch) {
  static const ArchSpec wh = make_wormhole();
  static const ArchSpec bh = make_blackhole();
  return arch == Arch::Blackhole ? bh : wh;
}

bool parse_arch(const std::string& name, Arch* out) {
  if (name == "wormhole_b0" || name == "wormhole" || name == "wh") {
    *out = Arch::WormholeB0;
    return true;
  }
  if (name == "blackhole" || name == "bh") {
    *out = Arch::Blackhole;
    return true;
  }
  return false;
}

}  // namespace ttsim
