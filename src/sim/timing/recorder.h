// The timing layer's interface to the engine: one Recorder per program run keeps the compute
// RISC's unpack/math/pack timelines, CB history, NoC bookings, busy/stall accounting and trace
// events, and turns them into the run's statistics and output files at the end. It sees kernels
// only as TimedTasks (core, RISC, clock), never the engine's types.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/timing/eth_links.h"
#include "sim/timing/i_cost_model.h"
#include "ttsim/stats.hpp"

namespace ttsim::timing {

struct RunState;
struct RunLog;

// What the timing layer knows of a kernel: where it runs and its simulated clock (the engine's
// Task derives from it).
struct TimedTask {
  uint32_t core = 0;
  int risc = 0;  // 0 BRISC, 1 NCRISC, 2 TRISC (the compute kernel, all three threads)
  uint64_t clock = 0;
};

// A CB's absolute page counters at the time of a hook.
struct CbCounts {
  uint32_t received = 0, acked = 0, num_pages = 0;
};

// What a run records and writes, taken from the run's settings.
struct RecorderOptions {
  bool timing_only = false;  // skip arithmetic and NoC payload copies
  std::string trace_file;    // Chrome trace of all runs of the run log so far
  std::string stats_file;    // JSON statistics of the run log so far
  std::string report_dir;    // text table and SVG of the run log so far
  bool progress = false;     // the progress line on stderr
  std::string data_dir;      // the cost constants' directory (cost_params.h); empty: built in
};

enum class Cb : uint8_t { Wait, Waited, Reserve, Reserved, Push, Pop };
enum class Dst : uint8_t { Acquire, Commit, Wait, Release, LegacyAcquire, LegacyRelease };

class Recorder {
 public:
  // `logical` maps each worker core index (numbered across the chips of a mesh with
  // `mesh_cols` columns) to its logical coordinate; the run's statistics and trace are added to
  // `log` when it finishes.
  Recorder(const ArchSpec& arch, std::vector<XY> logical, const ICostModel& cost,
           RecorderOptions options, RunLog& log, uint32_t mesh_cols = 1);
  ~Recorder();

  const ICostModel& cost() const { return cost_; }
  const ArchSpec& arch() const { return arch_; }
  bool timing_only() const { return options_.timing_only; }

  void kernel_start(TimedTask& t, const std::string& kernel_name);
  void kernel_end(TimedTask& t);
  // `t` blocked in `call` at cycle `since` and was resumed.
  void blocked(TimedTask& t, const char* call, uint64_t since);
  void cb(TimedTask& t, Cb what, uint32_t cb, uint32_t pages, CbCounts counts);
  void dst(TimedTask& t, Dst what, bool full_sync);
  NocTiming noc(TimedTask& t, const NocTransfer& tr, const char* call);
  // A fabric packet `pkt` that `t` sends over the Ethernet hops `route` (its first link first)
  // from cycle `ready`: the cycle it is written out at each hop's chip; `accepted` receives the
  // cycle the connection's sender channel took it.
  std::vector<uint64_t> fabric(TimedTask& t, const std::vector<EthLinkId>& route,
                               const EthPacket& pkt, uint64_t ready, uint64_t* accepted,
                               const char* call);
  // Advances the compute thread timelines by the op's cost; `legacy_dst`: DST is held by
  // acquire_dst (pack may not start before math); `now`: the scheduler's time (progress line).
  void compute_op(TimedTask& t, const ComputeOp& op, bool legacy_dst, uint64_t now);

  // A run-report warning (printed to stderr the first time this run sees it).
  void warn(const std::string& message);
  // The run ended at cycle `end`: builds its statistics, adds them to the run log and writes
  // the requested files. `kernels_compiled` goes into the statistics file.
  void finish(uint64_t end, uint64_t kernels_compiled);

 private:
  const ArchSpec& arch_;
  std::vector<XY> logical_;
  const ICostModel& cost_;
  RecorderOptions options_;
  RunLog& log_;
  uint32_t mesh_cols_ = 1;
  std::unique_ptr<RunState> run_;
  std::vector<std::string> warnings_;
};

}  // namespace ttsim::timing
