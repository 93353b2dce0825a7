// Runs given different run logs share no counters: each Recorder adds its statistics to the log
// it was given and to no other.
#include <gtest/gtest.h>

#include <string>

#include "sim/timing/i_cost_model.h"
#include "sim/timing/recorder.h"
#include "sim/timing/run_log.h"
#include "ttsim/stats.hpp"

namespace ttsim::timing {
namespace {

// One compute kernel on core (0,0) running `ops` element-wise ops; returns the run's end cycle.
uint64_t run_ops(RunLog& log, int ops) {
  const ArchSpec& spec = arch_spec(Arch::WormholeB0);
  auto cost = make_cost_model();
  Recorder rec(spec, {XY{0, 0}}, *cost, RecorderOptions{}, log);
  TimedTask t{0, 2, 0};
  rec.kernel_start(t, "compute");
  ComputeOp op;
  op.kind = ComputeKind::Eltwise;
  op.name = "add_tiles";
  for (int i = 0; i < ops; ++i) {
    rec.compute_op(t, op, false, t.clock);
    t.clock += 10;
  }
  rec.kernel_end(t);
  rec.finish(t.clock, 0);
  return t.clock;
}

TEST(RunLog, RunsWithDifferentLogsShareNoCounters) {
  RunLog a, b;
  uint64_t end_a = run_ops(a, 3);
  const std::string first_a = run_stats_json(a.last);
  uint64_t end_b = run_ops(b, 7);
  run_ops(a, 3);
  // The second run of `a` is the first again: b's run in between left nothing in it.
  EXPECT_EQ(run_stats_json(a.last), first_a);
  EXPECT_EQ(a.total.programs, 2u);
  EXPECT_EQ(b.total.programs, 1u);
  EXPECT_EQ(a.last.device_cycles, end_a);
  EXPECT_EQ(a.total.device_cycles, 2 * end_a);
  EXPECT_EQ(b.total.device_cycles, end_b);
  EXPECT_EQ(a.last.tile_ops, 3u);
  EXPECT_EQ(a.total.tile_ops, 6u);
  EXPECT_EQ(b.total.tile_ops, 7u);
}

}  // namespace
}  // namespace ttsim::timing
