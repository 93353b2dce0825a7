// Hooks the engine, the kernel ABI and the compute ops call into the timing layer: per-thread
// compute timelines, NoC booking, stall/busy accounting, trace events. All no-ops outside a run.
#pragma once
#include <cstdint>

#include "sim/timing/i_cost_model.h"

namespace ttsim {
class Engine;
struct Task;

namespace timing {

void begin_run(Engine& e);              // after the kernels are loaded
void end_run(Engine& e, uint64_t end);
// Records a run-report warning of the running program (printed once to stderr).
void warn(const std::string& message);  // writes stats / trace / report files when requested
void kernel_start(Task& t);
void kernel_end(Task& t);
// Engine::block resumed `t`, which blocked in `call` at cycle `since`.
void blocked(Task& t, const char* call, uint64_t since);

enum class Cb : uint8_t { Wait, Waited, Reserve, Reserved, Push, Pop };
void cb(Task& t, Cb what, uint32_t cb, uint32_t pages);
enum class Dst : uint8_t { Acquire, Commit, Wait, Release, LegacyAcquire, LegacyRelease };
void dst(Task& t, Dst what);

NocTiming noc(Task& t, const NocTransfer& tr, const char* call);
void compute_op(Task& t, const ComputeOp& op);

bool timing_only();  // $TTSIM_TIMING_ONLY=1: skip arithmetic and NoC payload copies

}  // namespace timing
}  // namespace ttsim
