// The per-run state behind the Recorder (internal to src/sim/timing): compute thread timelines,
// CB push/pop history, per-RISC accounting, NoC reservations, trace events.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/arch/arch.h"
#include "sim/timing/cost_params.h"
#include "sim/timing/eth_links.h"
#include "sim/timing/noc_links.h"
#include "ttsim/stats.hpp"

namespace ttsim {

namespace timing {

enum Lane : uint8_t { kBrisc, kNcrisc, kUnpack, kMath, kPack, kLanes };
enum Cause : uint8_t { kCbStall, kNocStall, kSemStall, kComputeStall, kCauses };

struct LaneRec {
  bool used = false;
  uint64_t start = 0, end = 0, busy = 0;
  uint64_t stall[kCauses] = {};
};

struct Threads {  // the compute RISC's three threads
  uint64_t t[3] = {};
  int cur = 1;  // thread whose clock the task currently carries (0 unpack, 1 math, 2 pack)
  uint64_t last_math_start = 0;
  uint64_t commit[2] = {}, release[2] = {};
  uint32_t acquires = 0, waits = 0, releases = 0;
  uint64_t legacy_release = 0;
};

struct CbHist {
  std::vector<std::pair<uint32_t, uint64_t>> push, pop;  // (count after, cycle)
};

struct TraceEvent {
  uint64_t ts, dur;
  uint32_t core;
  uint8_t lane;  // kLanes + noc for NoC transfers
  uint8_t cat;   // 0 kernel, 1 op, 2 wait, 3 noc
  const char* name;
  uint32_t bytes;
};

struct RunState {
  const ArchSpec* arch = nullptr;
  const CostParams* params = nullptr;                // the run's timing constants (cost_params.h)
  std::vector<std::unique_ptr<NocLinkState>> links;  // per chip of the mesh
  EthLinkState eth;                                  // Ethernet links between chips
  std::vector<uint64_t> chip_noc_bytes;              // per chip
  uint32_t mesh_cols = 1;
  uint64_t fabric_bytes = 0;
  std::vector<LaneRec> lanes;             // core * kLanes + lane
  std::vector<Threads> threads;           // per core
  std::vector<CbHist> cbs;                // core * num_cbs + cb
  std::vector<std::string> kernel_names;  // core * kLanes + lane
  std::vector<uint64_t> matrix_cycles;    // per core
  bool timing_only = false;
  bool tracing = false;
  bool progress = false;
  uint64_t flops = 0, dram_read = 0, dram_write = 0, noc_bytes = 0, noc_transfers = 0;
  uint64_t noc_link_bytes = 0;  // bytes times the links they crossed
  uint64_t tile_ops = 0;
  std::vector<TraceEvent> events;
  bool events_truncated = false;
  uint64_t progress_next = 1u << 18;  // progress.h: kProgressTileOps
  bool progress_shown = false;
};

void add_event(RunState& r, const TraceEvent& e);

// Output writers (stats.cc, trace.cc, report.cc).
struct AccumulatedTrace;
// Appends the run to `acc` (its events start at cycle `offset`) and rewrites `path` with all of it.
void write_trace(const RunState& r, AccumulatedTrace& acc, const std::string& path,
                 uint64_t offset);
void write_report(const RunStats& stats, const std::string& dir);

}  // namespace timing
}  // namespace ttsim
