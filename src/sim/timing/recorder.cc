// The timing hooks: the compute RISC's unpack/math/pack timelines (synchronised at CB waits and
// tile_regs_*), CB history so a thread running behind the scheduler clock sees CB state as of
// its own time, NoC booking, busy/stall accounting and trace events.
#include "sim/timing/recorder.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "sim/timing/cost_params.h"
#include "sim/timing/progress.h"
#include "sim/timing/run_state.h"

namespace ttsim {
namespace timing {
namespace {

uint32_t lane_of(const TimedTask& t) {
  return t.risc == 0 ? kBrisc : t.risc == 1 ? kNcrisc : kMath;
}
LaneRec& rec(RunState& r, uint32_t core, uint32_t lane) { return r.lanes[core * kLanes + lane]; }

Cause cause_of(const char* call) {
  if (std::strncmp(call, "cb_", 3) == 0) {
    return kCbStall;
  }
  if (std::strstr(call, "semaphore")) {
    return kSemStall;
  }
  if (std::strstr(call, "tile_regs") || std::strstr(call, "dst")) {
    return kComputeStall;
  }
  return kNocStall;
}

// Moves the compute task onto thread `th`: its clock becomes that thread's time.
void enter(RunState& r, TimedTask& t, int th) {
  Threads& s = r.threads[t.core];
  s.t[s.cur] = t.clock;
  s.cur = th;
  t.clock = s.t[th];
}

void stall(RunState& r, TimedTask& t, int lane, Cause c, uint64_t from, uint64_t to) {
  if (to <= from) {
    return;
  }
  rec(r, t.core, lane).stall[c] += to - from;
}

uint64_t hist_time(const std::vector<std::pair<uint32_t, uint64_t>>& h, uint32_t need) {
  // Earliest recorded cycle at which the count reached `need` (0 when older than the history).
  for (size_t i = h.size(); i-- > 0;) {
    if (h[i].first < need) {
      return i + 1 < h.size() ? h[i + 1].second : 0;
    }
  }
  return h.empty() ? 0 : h.front().second;
}

void record(std::vector<std::pair<uint32_t, uint64_t>>& h, uint32_t count, uint64_t when) {
  if (h.size() >= 256) {
    h.erase(h.begin(), h.begin() + 128);
  }
  h.emplace_back(count, when);
}

void progress(RunState& r, uint64_t now) {
  if (!r.progress) {
    return;
  }
  std::fputs(progress_line(now, r.tile_ops, r.timing_only).c_str(), stderr);
  std::fflush(stderr);
  r.progress_shown = true;
}

}  // namespace

void add_event(RunState& r, const TraceEvent& e) {
  if (!r.tracing) {
    return;
  }
  if (r.events.size() >= (8u << 20)) {
    r.events_truncated = true;
    return;
  }
  r.events.push_back(e);
}

Recorder::Recorder(const ArchSpec& arch, std::vector<XY> logical, const ICostModel& cost,
                   RecorderOptions options, RunLog& log, uint32_t mesh_cols)
    : arch_(arch),
      logical_(std::move(logical)),
      cost_(cost),
      options_(std::move(options)),
      log_(log),
      mesh_cols_(mesh_cols),
      run_(std::make_unique<RunState>()) {
  RunState& r = *run_;
  r.arch = &arch;
  r.params = &cost_params(arch.arch, options_.data_dir);
  size_t n = logical_.size();
  size_t chips = std::max<size_t>(1, n / arch.num_workers());
  for (size_t c = 0; c < chips; ++c) {
    r.links.push_back(std::make_unique<NocLinkState>(arch));  // each chip has its own NoC
  }
  r.chip_noc_bytes.assign(chips, 0);
  r.mesh_cols = mesh_cols;
  r.lanes.assign(n * kLanes, {});
  r.threads.assign(n, {});
  r.cbs.assign(n * arch.desc->num_cbs, {});
  r.kernel_names.assign(n * kLanes, {});
  r.matrix_cycles.assign(n, 0);
  r.timing_only = options_.timing_only;
  r.tracing = !options_.trace_file.empty();
  r.progress = options_.progress;
}

Recorder::~Recorder() = default;

void Recorder::kernel_start(TimedTask& t, const std::string& name) {
  RunState* r = run_.get();
  if (t.risc == 2) {
    Threads& s = r->threads[t.core];
    s = Threads{};
    s.t[0] = s.t[1] = s.t[2] = t.clock;
    for (int l = kUnpack; l <= kPack; ++l) {
      LaneRec& lr = rec(*r, t.core, l);
      lr.used = true;
      lr.start = t.clock;
      r->kernel_names[t.core * kLanes + l] = name;
    }
  } else {
    LaneRec& lr = rec(*r, t.core, lane_of(t));
    lr.used = true;
    lr.start = t.clock;
    r->kernel_names[t.core * kLanes + lane_of(t)] = name;
  }
}

void Recorder::kernel_end(TimedTask& t) {
  RunState* r = run_.get();
  if (t.risc == 2) {
    Threads& s = r->threads[t.core];
    s.t[s.cur] = t.clock;
    for (int th = 0; th < 3; ++th) {
      rec(*r, t.core, kUnpack + th).end = s.t[th];
    }
    t.clock = std::max({s.t[0], s.t[1], s.t[2]});
  } else {
    rec(*r, t.core, lane_of(t)).end = t.clock;
  }
}

void Recorder::blocked(TimedTask& t, const char* call, uint64_t since) {
  RunState* r = run_.get();
  if (t.clock <= since) {
    return;
  }
  int lane = t.risc == 2 ? kUnpack + r->threads[t.core].cur : lane_of(t);
  stall(*r, t, lane, cause_of(call), since, t.clock);
  add_event(*r, {since, t.clock - since, t.core, static_cast<uint8_t>(lane), 2, call, 0});
}

void Recorder::cb(TimedTask& t, Cb what, uint32_t cbi, uint32_t pages, CbCounts s) {
  RunState* r = run_.get();
  bool compute = t.risc == 2;
  if (compute) {
    if (what == Cb::Wait || what == Cb::Pop) {
      enter(*r, t, 0);
    }
    if (what == Cb::Reserve || what == Cb::Push) {
      enter(*r, t, 2);
    }
  }
  CbHist& h = r->cbs[size_t(t.core) * r->arch->desc->num_cbs + cbi];
  int lane = compute ? kUnpack + r->threads[t.core].cur : lane_of(t);
  switch (what) {
    case Cb::Wait:
    case Cb::Reserve:
      break;
    case Cb::Waited: {  // the pages were pushed no earlier than the push that completed them
      uint64_t at = hist_time(h.push, s.acked + pages);
      if (at > t.clock) {
        stall(*r, t, lane, kCbStall, t.clock, at);
        t.clock = at;
      }
      break;
    }
    case Cb::Reserved: {
      uint64_t need = s.received + pages;
      uint64_t at =
          need > s.num_pages ? hist_time(h.pop, static_cast<uint32_t>(need - s.num_pages)) : 0;
      if (at > t.clock) {
        stall(*r, t, lane, kCbStall, t.clock, at);
        t.clock = at;
      }
      break;
    }
    case Cb::Push:
      record(h.push, s.received + pages, t.clock);
      break;
    case Cb::Pop:
      record(h.pop, s.acked + pages, t.clock);
      break;
  }
}

void Recorder::dst(TimedTask& t, Dst what, bool full_sync) {
  RunState* r = run_.get();
  if (t.risc != 2) {
    return;
  }
  Threads& s = r->threads[t.core];
  switch (what) {
    case Dst::Acquire: {
      enter(*r, t, 1);
      uint32_t k = s.acquires++;
      // Half-sync: math may fill one DST half while pack drains the other (waits for release
      // k-2); full-sync: for the previous release.
      uint64_t need =
          full_sync ? (k >= 1 ? s.release[(k - 1) % 2] : 0) : (k >= 2 ? s.release[k % 2] : 0);
      stall(*r, t, kMath, kComputeStall, t.clock, need);
      t.clock = std::max(t.clock, need);
      break;
    }
    case Dst::Commit:
      enter(*r, t, 1);
      s.commit[(s.acquires - 1) % 2] = t.clock;
      break;
    case Dst::Wait: {
      enter(*r, t, 2);
      uint64_t need = s.commit[s.waits++ % 2];
      stall(*r, t, kPack, kComputeStall, t.clock, need);
      t.clock = std::max(t.clock, need);
      break;
    }
    case Dst::Release:
      enter(*r, t, 2);
      s.release[s.releases++ % 2] = t.clock;
      break;
    case Dst::LegacyAcquire:
      enter(*r, t, 1);
      stall(*r, t, kMath, kComputeStall, t.clock, s.legacy_release);
      t.clock = std::max(t.clock, s.legacy_release);
      break;
    case Dst::LegacyRelease: {
      uint64_t m = s.t[1];
      if (s.cur == 1) {
        m = t.clock;
      }
      enter(*r, t, 2);
      stall(*r, t, kPack, kComputeStall, t.clock, m);
      t.clock = std::max(t.clock, m);
      s.legacy_release = t.clock;
      break;
    }
  }
}

NocTiming Recorder::noc(TimedTask& t, const NocTransfer& tr, const char* call) {
  RunState* r = run_.get();
  uint32_t chip = t.core / arch_.num_workers();
  NocTiming tm = cost_.transfer(arch_, tr, t.clock, *r->links[chip]);
  uint64_t total = uint64_t(tr.bytes) * std::max<uint32_t>(1, tr.num_dests);
  r->noc_bytes += total;
  r->chip_noc_bytes[chip] += total;
  r->noc_transfers++;
  r->noc_link_bytes += uint64_t(tr.bytes) * tm.links;
  if (tr.dram) {
    (tr.read ? r->dram_read : r->dram_write) += tr.bytes;
  }
  add_event(*r, {t.clock, tm.done - t.clock, t.core,
                 static_cast<uint8_t>(kLanes + (tr.noc == 1 ? 1 : 0)), 3, call, tr.bytes});
  return tm;
}

std::vector<uint64_t> Recorder::fabric(TimedTask& t, const std::vector<EthLinkId>& route,
                                       const EthPacket& pkt, uint64_t ready, uint64_t* accepted,
                                       const char* call) {
  RunState* r = run_.get();
  std::vector<uint64_t> arrive = r->eth.send(*r->params, route, pkt, ready, accepted);
  r->fabric_bytes += pkt.bytes;
  if (!arrive.empty()) {
    add_event(*r, {ready, arrive.back() - ready, t.core, static_cast<uint8_t>(kLanes), 3, call,
                   pkt.bytes});
  }
  return arrive;
}

void Recorder::compute_op(TimedTask& t, const ComputeOp& op, bool legacy_dst, uint64_t now) {
  RunState* r = run_.get();
  ComputeCost c = cost_.compute(arch_, op);
  Threads& s = r->threads[t.core];
  s.t[s.cur] = t.clock;
  uint64_t steps = std::max<uint64_t>(1, op.tiles);
  uint64_t u0 = s.t[0], u1 = u0, m0 = s.t[1], m1 = m0, p0 = s.t[2], p1 = p0;
  if (c.unpack) {
    // SrcA/SrcB are double-buffered: unpack runs at most one op ahead of math.
    u0 = std::max(s.t[0], s.last_math_start);
    stall(*r, t, kUnpack, kComputeStall, s.t[0], u0);
    u1 = u0 + c.unpack;
  }
  if (c.math) {
    uint64_t first_in = c.unpack ? u0 + (c.unpack + steps - 1) / steps : 0;
    m0 = std::max(s.t[1], first_in);
    stall(*r, t, kMath, kComputeStall, s.t[1], m0);
    m1 = std::max(m0 + c.math, c.unpack ? u1 + (c.math + steps - 1) / steps : 0);
    s.last_math_start = m0;
  }
  if (c.pack) {
    uint64_t ready = 0;
    if (c.math) {
      ready = m0 + (c.math + steps - 1) / steps;  // ops that pack what they compute
    }
    if (legacy_dst) {
      ready = std::max(ready, s.t[1]);
    }
    p0 = std::max(s.t[2], ready);
    stall(*r, t, kPack, kComputeStall, s.t[2], p0);
    p1 = std::max(p0 + c.pack, c.math ? m1 : 0);
  }
  if (c.unpack) {
    s.t[0] = u1;
    rec(*r, t.core, kUnpack).busy += c.unpack;
    add_event(*r, {u0, c.unpack, t.core, kUnpack, 1, op.name, 0});
  }
  if (c.math) {
    s.t[1] = m1;
    rec(*r, t.core, kMath).busy += c.math;
    add_event(*r, {m0, m1 - m0, t.core, kMath, 1, op.name, 0});
  }
  if (c.pack) {
    s.t[2] = p1;
    rec(*r, t.core, kPack).busy += c.pack;
    add_event(*r, {p0, p1 - p0, t.core, kPack, 1, op.name, 0});
  }
  s.cur = c.math ? 1 : c.pack ? 2 : c.unpack ? 0 : s.cur;
  t.clock = s.t[s.cur];
  r->flops += c.flops;
  r->matrix_cycles[t.core] += c.matrix_cycles;
  if (++r->tile_ops >= r->progress_next) {
    r->progress_next = r->tile_ops + kProgressTileOps;
    progress(*r, now);
  }
}

}  // namespace timing
}  // namespace ttsim
