// The record a sequence of program runs builds up: the last run's statistics, their sum and the
// trace of every run back to back. Each run's Recorder appends to the log it is given, so runs
// given different logs share nothing; the host API gives each device (or mesh device) its own
// (core/device.h), and a ttsim::RunCapture gets a copy of each run's statistics.
#pragma once
#include <cstdint>
#include <memory>

#include "ttsim/stats.hpp"

namespace ttsim::timing {

struct AccumulatedTrace;  // trace.cc

struct RunLog {
  RunLog();
  ~RunLog();
  RunLog(RunLog&&) noexcept;
  RunLog& operator=(RunLog&&) noexcept;

  RunStats last, total;       // both empty before the first run
  uint64_t trace_offset = 0;  // where the next run starts in the accumulated trace
  std::unique_ptr<AccumulatedTrace> trace;
};

// Adds one run's statistics to `total` (cores merged by coordinate, warnings once each).
void add_run(RunStats& total, const RunStats& run);

}  // namespace ttsim::timing
