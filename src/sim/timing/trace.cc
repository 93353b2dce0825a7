// Chrome trace (JSON Trace Event Format, opens in Perfetto) for $TTSIM_TRACE: pid per core, tid
// per RISC/thread, NoC transfers on per-NoC sub-tracks; all programs of the process, back to back.
#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "sim/timing/cost_params.h"
#include "sim/timing/run_log.h"
#include "sim/timing/run_state.h"
#include "ttsim/error.hpp"

namespace ttsim::timing {
namespace {
struct Stored {
  TraceEvent e;
  uint32_t tid;
};
}  // namespace

// The trace of every run of a RunLog so far: each run's events are appended, and the whole file
// is rewritten after each.
struct AccumulatedTrace {
  std::vector<Stored> events;
  std::vector<std::pair<uint32_t, XY>> cores;  // core index → (device, logical coordinate)
  bool mesh = false;                           // more than one device: names carry the device
  std::vector<std::string> kernel_strings;
  double mhz = 1000;
  bool truncated = false;
};

RunLog::RunLog() : trace(std::make_unique<AccumulatedTrace>()) {}
RunLog::~RunLog() = default;
RunLog::RunLog(RunLog&&) noexcept = default;
RunLog& RunLog::operator=(RunLog&&) noexcept = default;

namespace {

const char* kLaneNames[kLanes] = {"BRISC", "NCRISC", "TRISC0 unpack", "TRISC1 math", "TRISC2 pack"};
constexpr uint32_t kNocTid = 16;  // NoC n, slot s → kNocTid + n * kSlots + s
constexpr uint32_t kSlots = 16;

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
    }
    if (static_cast<unsigned char>(c) >= 0x20) {
      o += c;
    }
  }
  return o;
}

}  // namespace

void write_trace(const RunState& r, AccumulatedTrace& acc, const std::string& path,
                 uint64_t offset) {
  acc.mhz = r.params->clock_mhz;
  acc.truncated |= r.events_truncated;
  // Kernel spans per lane.
  for (uint32_t i = 0; i < r.lanes.size(); ++i) {
    const LaneRec& l = r.lanes[i];
    if (!l.used) {
      continue;
    }
    acc.kernel_strings.push_back(r.kernel_names[i]);
  }
  size_t k = acc.kernel_strings.size();
  for (uint32_t i = r.lanes.size(); i-- > 0;) {
    const LaneRec& l = r.lanes[i];
    if (!l.used) {
      continue;
    }
    --k;
    TraceEvent e{
        l.start + offset, l.end - l.start,         i / kLanes, static_cast<uint8_t>(i % kLanes), 0,
        nullptr,          static_cast<uint32_t>(k)};
    acc.events.push_back({e, i % kLanes});
  }
  // NoC transfers: greedy sub-track per NoC so that spans on one track never overlap.
  std::vector<std::vector<uint64_t>> slot_end;  // per core*2+noc
  std::vector<const TraceEvent*> nocs;
  for (const TraceEvent& e : r.events) {
    if (e.cat == 3) {
      nocs.push_back(&e);
    } else {
      TraceEvent c = e;
      c.ts += offset;
      acc.events.push_back({c, e.lane});
    }
  }
  std::stable_sort(nocs.begin(), nocs.end(),
                   [](const TraceEvent* a, const TraceEvent* b) { return a->ts < b->ts; });
  uint32_t ncores = static_cast<uint32_t>(r.lanes.size() / kLanes);
  slot_end.assign(size_t(ncores) * 2, std::vector<uint64_t>(kSlots, 0));
  for (const TraceEvent* e : nocs) {
    uint32_t n = e->lane - kLanes;
    auto& ends = slot_end[e->core * 2 + n];
    uint32_t s = 0;
    for (uint32_t i = 0; i < kSlots; ++i) {
      if (ends[i] <= e->ts) {
        s = i;
        break;
      }
      if (ends[i] < ends[s]) {
        s = i;
      }
    }
    ends[s] = std::max(ends[s], e->ts + e->dur);
    TraceEvent c = *e;
    c.ts += offset;
    acc.events.push_back({c, kNocTid + n * kSlots + s});
  }
  if (acc.cores.empty()) {
    const uint32_t per_chip = r.arch->num_workers();
    acc.mesh = ncores > per_chip;
    for (uint32_t c = 0; c < ncores; ++c) {
      uint32_t local = c % per_chip;
      acc.cores.push_back({c / per_chip, XY{local % r.arch->grid_x(), local / r.arch->grid_x()}});
    }
  }

  auto all = acc.events;
  std::stable_sort(all.begin(), all.end(), [](const Stored& a, const Stored& b) {
    return std::make_tuple(a.e.core, a.tid, a.e.ts, ~a.e.dur) <
           std::make_tuple(b.e.core, b.tid, b.e.ts, ~b.e.dur);
  });
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) {
    throw tt::tt_metal::SimulatorError("TTSIM_TRACE: cannot write " + path);
  }
  double us = 1.0 / acc.mhz;
  std::fprintf(f,
               "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"clock_mhz\":%g,\"truncated\":%s},"
               "\"traceEvents\":[\n",
               acc.mhz, acc.truncated ? "true" : "false");
  bool first = true;
  auto sep = [&] {
    if (!first) {
      std::fputs(",\n", f);
    }
    first = false;
  };
  // Metadata: process per used core, thread names per used track.
  uint32_t last_core = UINT32_MAX, last_tid = UINT32_MAX;
  for (const Stored& s : all) {
    if (s.e.core != last_core) {
      XY l = acc.cores[s.e.core].second;
      std::string device =
          acc.mesh ? "device " + std::to_string(acc.cores[s.e.core].first) + " " : std::string();
      sep();
      std::fprintf(f,
                   "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%u,\"args\":{\"name\":\"%score "
                   "(%u,%u)\"}}",
                   s.e.core, device.c_str(), l.x, l.y);
      sep();
      std::fprintf(
          f,
          "{\"name\":\"process_sort_index\",\"ph\":\"M\",\"pid\":%u,\"args\":{\"sort_index\":%u}}",
          s.e.core, s.e.core);
      last_core = s.e.core;
      last_tid = UINT32_MAX;
    }
    if (s.tid != last_tid) {
      std::string tn = s.tid < kLanes ? kLaneNames[s.tid]
                                      : "NoC" + std::to_string((s.tid - kNocTid) / kSlots) + " #" +
                                            std::to_string((s.tid - kNocTid) % kSlots);
      sep();
      std::fprintf(f,
                   "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%u,\"tid\":%u,\"args\":{"
                   "\"name\":\"%s\"}}",
                   s.e.core, s.tid, tn.c_str());
      last_tid = s.tid;
    }
    sep();
    static const char* cats[] = {"kernel", "op", "wait", "noc"};
    std::string name = s.e.cat == 0 ? esc(acc.kernel_strings[s.e.bytes]) : esc(s.e.name);
    std::fprintf(f,
                 "{\"name\":\"%s\",\"cat\":\"%s\",\"ph\":\"X\",\"pid\":%u,\"tid\":%u,\"ts\":%.4f,"
                 "\"dur\":%.4f,\"args\":{\"cycle\":%llu,\"cycles\":%llu",
                 name.c_str(), cats[s.e.cat], s.e.core, s.tid, s.e.ts * us, s.e.dur * us,
                 static_cast<unsigned long long>(s.e.ts), static_cast<unsigned long long>(s.e.dur));
    if (s.e.cat == 3) {
      std::fprintf(f, ",\"bytes\":%u", s.e.bytes);
    }
    std::fputs("}}", f);
  }
  std::fputs("\n]}\n", f);
  std::fclose(f);
}

}  // namespace ttsim::timing
