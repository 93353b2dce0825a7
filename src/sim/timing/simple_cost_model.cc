// Numbers from shared/reference/metalium.md §4.7 (tt-npe: link 30 B/cycle WH, 60.9 BH; write
// latency 40 + 10-11 per hop; DRAM read ~358 cycles on WH); rounded, uncalibrated.
#include "sim/timing/simple_cost_model.h"

#include <cstdlib>

namespace ttsim {

uint64_t SimpleCostModel::call_cycles(ApiCall call) const {
  switch (call) {
    case ApiCall::Arg:
      return 2;
    case ApiCall::CbReserve:
    case ApiCall::CbWait:
      return 8;
    case ApiCall::CbPush:
    case ApiCall::CbPop:
      return 10;
    case ApiCall::CbQuery:
      return 4;
    case ApiCall::NocIssue:
      return 20;
    case ApiCall::Barrier:
      return 4;
    case ApiCall::Semaphore:
      return 10;
    case ApiCall::Dprint:
      return 50;
    case ApiCall::DstSync:
      return 10;
    case ApiCall::KernelStart:
      return 100;
  }
  return 1;
}

uint64_t SimpleCostModel::transfer_cycles(const ArchSpec& arch, const NocTransfer& t) const {
  bool bh = arch.arch == Arch::Blackhole;
  double bw = t.dram ? (bh ? 40.0 : 23.5) : (bh ? 60.9 : 30.0);
  uint64_t hops = static_cast<uint64_t>(std::abs(int(t.src.x) - int(t.dst.x)) +
                                        std::abs(int(t.src.y) - int(t.dst.y)));
  uint64_t latency = (bh ? 11 : 10) * hops + (t.read ? 150 : 60) + (t.dram ? 200 : 0);
  return latency + static_cast<uint64_t>(t.bytes / bw) + 1;
}

uint64_t SimpleCostModel::depart_cycles(const ArchSpec& arch, const NocTransfer& t) const {
  double bw = arch.arch == Arch::Blackhole ? 60.9 : 28.1;
  return static_cast<uint64_t>(t.bytes / bw) + 5;
}

}  // namespace ttsim
